"""Greedy counts: fund projects in order of their score while the money lasts.

The score is a project's votes (approval and choose-1), its total points (cumulative and
scoring), its points by rank (ordinal, with points per rank given), or any of those per unit of
cost. Variants: stop at the first project that does not fit (no skipping), and a minimum score.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from coopcouncil.allocation.model import (
    Allocation,
    Election,
    ElectionError,
    Money,
    NotFundedReason,
    Points,
    Project,
    ProjectOutcome,
    Tie,
    VoteType,
)
from coopcouncil.allocation.profile import votes_per_project
from coopcouncil.allocation.tie_breaking import SMALLEST_PROJECT_ID, TieBreaking


def project_scores(election: Election, *, points_per_rank: Sequence[int] | None = None) -> dict[str, Fraction]:
    """Votes, total points, or points by rank, for every project (0 when nobody backed it)."""
    if election.vote_type is VoteType.ORDINAL and not points_per_rank:
        raise ElectionError("Ranked ballots need points per rank, e.g. 3,2,1 for first, second and third.")
    if not election.vote_type.has_points and election.vote_type is not VoteType.ORDINAL:
        return {project_id: Fraction(votes) for project_id, votes in election.votes.items()}
    # Totals in ints (or, for fractional points, exact Fractions), made Fractions once at the end:
    # adding Fractions one ballot group at a time is what made this slow.
    totals: dict[str, Points] = dict.fromkeys(election.project_by_id, 0)
    for group in election.ballot_groups.values():
        voters = len(group.voter_ids)
        if election.vote_type is VoteType.ORDINAL:
            assert points_per_rank is not None  # noqa: S101 - checked above
            # Ranked ballots are grouped by their order, so a group's voters all give the same points.
            for rank, project_id in enumerate(group.projects[: len(points_per_rank)]):
                totals[project_id] += points_per_rank[rank] * voters
        else:
            assert group.points is not None  # noqa: S101 - cumulative and scoring ballots carry points
            for project_id, points in zip(group.projects, group.points, strict=True):
                totals[project_id] += points * voters
    return {project_id: Fraction(total) for project_id, total in totals.items()}


def greedy(
    election: Election,
    *,
    per_cost: bool = False,
    skip: bool = True,
    minimum_score: Money | None = None,
    points_per_rank: Sequence[int] | None = None,
    fund_unsupported: bool = True,
    budget: Money | None = None,
    already_selected: Sequence[str] = (),
    tie_breaking: TieBreaking = SMALLEST_PROJECT_ID,
    rule_name: str = "greedy",
) -> Allocation:
    """Fund projects from the highest score down, skipping any that no longer fit.

    ``per_cost`` ranks by score per unit of cost (pabutools' cardinality satisfaction) instead of by
    score (its cost satisfaction). Projects nobody backed come last and, as in pabutools, fill
    leftover money unless ``fund_unsupported`` is False. ``already_selected`` lets a completion
    step continue from another rule's result with what money is left.
    """
    limit = election.budget if budget is None else budget
    scores = project_scores(election, points_per_rank=points_per_rank)
    votes = votes_per_project(election)

    def density(project: Project) -> Fraction:
        score = scores[project.id]
        if not per_cost:
            return score
        if project.cost == 0:
            return score  # only used for reporting; ranking puts free, backed projects first
        return score / Fraction(project.cost)

    # As in pabutools, a free project ranked by votes scores nothing: votes there are cost
    # satisfaction, worth the project's cost. Points are what the voter gave, whatever the cost.
    counts_votes = not election.vote_type.has_points and election.vote_type is not VoteType.ORDINAL
    free_scores_nothing = counts_votes and not per_cost

    def rank_key(project: Project) -> tuple[int, Fraction]:
        if project.cost == 0:
            if free_scores_nothing:
                return (1, Fraction(0))
            if per_cost and scores[project.id] > 0:
                # Per unit of cost, a free project with support scores infinitely high.
                return (0, Fraction(0))
        return (1, -density(project))

    outcomes: dict[str, ProjectOutcome] = {}
    selected = list(already_selected)
    spent: Money = sum((election.project_by_id[pid].cost for pid in selected), 0)
    candidates: list[Project] = []
    for project in election.projects:
        if project.id in already_selected:
            continue
        if minimum_score is not None and scores[project.id] < minimum_score:
            outcomes[project.id] = ProjectOutcome(
                project.id,
                False,
                reason=NotFundedReason.BELOW_THRESHOLD,
                detail=scores[project.id],
                score=scores[project.id],
            )
            continue
        if scores[project.id] == 0 and not fund_unsupported:
            outcomes[project.id] = ProjectOutcome(
                project.id, False, reason=NotFundedReason.NO_SUPPORTERS, score=Fraction(0)
            )
            continue
        candidates.append(project)

    ranked = tie_breaking.rank(candidates, votes.__getitem__)
    order = {project.id: index for index, project in enumerate(ranked)}
    ranked.sort(key=lambda p: (rank_key(p), order[p.id]))

    ties: list[Tie] = []
    unresolved: Tie | None = None
    stopped = False
    index = 0
    while index < len(ranked):
        # Projects with the same score form a group; the tie-breaking has already ordered it.
        end = index + 1
        while end < len(ranked) and rank_key(ranked[end]) == rank_key(ranked[index]):
            end += 1
        group = ranked[index:end]
        if len(group) > 1 and not stopped:
            remaining = limit - spent
            fitting = [p for p in group if p.cost <= remaining]
            matters = sum(Fraction(p.cost) for p in fitting) > remaining or (not skip and len(fitting) < len(group))
            choice = tie_breaking.choose(group, votes.__getitem__) if matters else group[0]
            tie = Tie(
                step=len(selected) + 1,
                project_ids=tuple(p.id for p in group),
                chosen=None if choice is None else choice.id,
                settled_by=tie_breaking.name if matters else "no effect: all fit",
            )
            ties.append(tie)
            if choice is None:
                unresolved = tie
                for project in ranked[index:]:
                    outcomes[project.id] = ProjectOutcome(
                        project.id, False, reason=NotFundedReason.UNDECIDED, score=density(project)
                    )
                break
        for project in group:
            if stopped:
                outcomes[project.id] = ProjectOutcome(
                    project.id, False, reason=NotFundedReason.STOPPED, score=density(project)
                )
            elif project.cost <= limit - spent:
                selected.append(project.id)
                spent += project.cost
                outcomes[project.id] = ProjectOutcome(project.id, True, step=len(selected), score=density(project))
            else:
                outcomes[project.id] = ProjectOutcome(
                    project.id, False, reason=NotFundedReason.DID_NOT_FIT, detail=limit - spent, score=density(project)
                )
                if not skip:
                    stopped = True
        index = end

    return Allocation(
        rule=rule_name,
        parameters={
            "per_cost": per_cost,
            "skip": skip,
            "minimum_score": minimum_score,
            "points_per_rank": tuple(points_per_rank) if points_per_rank else None,
            "fund_unsupported": fund_unsupported,
            "tie_breaking": tie_breaking.name,
        },
        selected=tuple(selected),
        total_cost=spent,
        budget=limit,
        ties=tuple(ties),
        projects=outcomes,
        unresolved_tie=unresolved,
    )
