"""Sequential Phragmén for approval ballots.

Buying a project puts a load equal to its cost on its supporters, spread so that the highest
load any of them carries is as small as possible. Each round buys the project that would leave
the smallest highest load. As in pabutools 1.2.3, the count stops as soon as one of the
projects tied for the smallest load would not fit in the money left.
"""

from __future__ import annotations

from gmpy2 import mpq

from coopcouncil.allocation.exact import as_fraction, as_mpq
from coopcouncil.allocation.model import (
    Allocation,
    Election,
    ElectionError,
    NotFundedReason,
    ProjectOutcome,
    Tie,
)
from coopcouncil.allocation.profile import Satisfaction, voter_groups, votes_per_project
from coopcouncil.allocation.tie_breaking import SMALLEST_PROJECT_ID, TieBreaking


def sequential_phragmen(election: Election, *, tie_breaking: TieBreaking = SMALLEST_PROJECT_ID) -> Allocation:
    if election.vote_type.has_points or election.vote_type.value == "ordinal":
        raise ElectionError(f"Sequential Phragmén counts approval and choose-1 ballots, not {election.vote_type}.")
    groups = voter_groups(election, Satisfaction.CARDINALITY)
    sizes = [group.size for group in groups]
    loads = [mpq(0)] * len(groups)
    supporters: dict[str, list[int]] = {p.id: [] for p in election.projects}
    for index, group in enumerate(groups):
        for project_id in group.satisfaction:
            supporters[project_id].append(index)
    votes = votes_per_project(election)
    budget = as_mpq(election.budget)
    remaining = {p.id: p for p in election.projects if as_mpq(p.cost) <= budget}
    outcomes: dict[str, ProjectOutcome] = {
        p.id: ProjectOutcome(p.id, False, reason=NotFundedReason.DID_NOT_FIT, detail=election.budget)
        for p in election.projects
        if p.id not in remaining
    }
    selected: list[str] = []
    ties: list[Tie] = []
    unresolved: Tie | None = None
    spent = mpq(0)

    while remaining:
        # None stands for an infinite load: a project nobody backs.
        best: mpq | None = None
        best_is_set = False
        tied: list[str] = []
        for project_id in remaining:
            if votes[project_id] == 0:
                load: mpq | None = None
            else:
                carried = sum((loads[g] * sizes[g] for g in supporters[project_id]), mpq(0))
                load = (carried + as_mpq(remaining[project_id].cost)) / votes[project_id]
            better = not best_is_set or (load is not None and (best is None or load < best))
            if better:
                best, best_is_set, tied = load, True, [project_id]
            elif load == best:
                tied.append(project_id)
        left = budget - spent
        if any(as_mpq(remaining[pid].cost) > left for pid in tied):
            for project_id in remaining:
                outcomes[project_id] = ProjectOutcome(
                    project_id, False, reason=NotFundedReason.DID_NOT_FIT, detail=as_fraction(left)
                )
            break
        chosen = tied[0]
        if len(tied) > 1:
            choice = tie_breaking.choose([remaining[pid] for pid in tied], votes.__getitem__)
            tie = Tie(len(selected) + 1, tuple(sorted(tied)), None if choice is None else choice.id, tie_breaking.name)
            ties.append(tie)
            if choice is None:
                unresolved = tie
                for project_id in remaining:
                    outcomes[project_id] = ProjectOutcome(project_id, False, reason=NotFundedReason.UNDECIDED)
                break
            chosen = choice.id
        if best is not None:
            for g in supporters[chosen]:
                loads[g] = best
        project = remaining.pop(chosen)
        spent += as_mpq(project.cost)
        selected.append(chosen)
        outcomes[chosen] = ProjectOutcome(
            chosen, True, step=len(selected), price_per_satisfaction=None if best is None else as_fraction(best)
        )
    return Allocation(
        rule="phragmen",
        parameters={"tie_breaking": tie_breaking.name},
        selected=tuple(selected),
        total_cost=sum((election.project_by_id[pid].cost for pid in selected), 0),
        budget=election.budget,
        ties=tuple(ties),
        projects=outcomes,
        unresolved_tie=unresolved,
    )
