"""Slow, obviously correct versions of the counting rules, to check the fast ones against.

Each rule is written straight from its definition (pabutools 1.2.3 semantics), one voter at a
time: no grouping of ballots, no lazy re-evaluation, no floating-point screen, no gmpy2. All
arithmetic is ``fractions.Fraction``. Keep it that way: this file documents the rules.

Ties are settled by ``tie_order``, the project ids from most to least preferred (by default
sorted as strings, pabutools' default). Every tie-breaking chain of the library that does not
refuse is such a fixed order for a given election, so the tests compute that order themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

from coopcouncil.allocation.model import Ballot, Election, Project


@dataclass(frozen=True)
class Outcome:
    selected: tuple[str, ...]  # in the order bought
    # Equal Shares only: each voter's starting money, and what they paid, project by project.
    share: Fraction | None = None
    payments: dict[str, list[tuple[str, Fraction]]] = field(default_factory=dict)


def _position(election: Election, tie_order: Sequence[str] | None) -> Callable[[Project], int]:
    order = list(tie_order) if tie_order is not None else sorted(p.id for p in election.projects)
    return lambda project: order.index(project.id)


def _points(ballot: Ballot, project: Project) -> Fraction:
    """What the ballot gives the project: 1 for an approval, its points for points ballots, else 0."""
    if project.id not in ballot.projects:
        return Fraction(0)
    if ballot.points is None:
        return Fraction(1)
    return Fraction(ballot.points[ballot.projects.index(project.id)])


def satisfaction(ballot: Ballot, project: Project, kind: str) -> Fraction:
    """How happy the voter is if the project is funded: its cost, 1, or the points they gave it."""
    if kind == "cost":
        return Fraction(project.cost) if project.id in ballot.projects else Fraction(0)
    if kind == "cardinality":
        return Fraction(1) if project.id in ballot.projects else Fraction(0)
    assert kind == "points"
    return _points(ballot, project)


def total_cost(election: Election, selected: Sequence[str]) -> Fraction:
    return sum((Fraction(election.project_by_id[pid].cost) for pid in selected), Fraction(0))


# --------------------------------------------------------------------------------------------------
# Greedy


def greedy(
    election: Election,
    *,
    per_cost: bool = False,
    skip: bool = True,
    minimum_score: Fraction | int | None = None,
    already_selected: Sequence[str] = (),
    tie_order: Sequence[str] | None = None,
) -> Outcome:
    """Rank projects by welfare per unit of cost, as pabutools does, and fund down the list.

    A project's welfare is its voters' total satisfaction: with ``per_cost`` (cardinality
    satisfaction) its votes or points, so the rank is votes per unit of cost and a free project with
    any support ranks above everything; otherwise, for approval and choose-1 ballots (cost
    satisfaction), votes times cost, so the rank is its votes, except that a free project gives no
    cost satisfaction and ranks 0; for points ballots, its total points (no division by cost).
    Unsupported projects rank 0, last. Ties go by ``tie_order``. A project that does not fit is
    skipped, or with ``skip=False`` ends the count; one below ``minimum_score`` is left out.
    """
    position = _position(election, tie_order)
    score = {p.id: sum((_points(b, p) for b in election.ballots), Fraction(0)) for p in election.projects}

    def rank(project: Project) -> tuple[int, Fraction, int]:
        cost, value = Fraction(project.cost), score[project.id]
        if per_cost:
            welfare, per = value, cost
        elif election.vote_type.has_points:
            welfare, per = value, Fraction(1)
        else:
            welfare, per = value * cost, cost
        if per == 0:
            return (0, Fraction(0), position(project)) if welfare > 0 else (1, Fraction(0), position(project))
        return (1, -welfare / per, position(project))

    money_left = Fraction(election.budget) - total_cost(election, already_selected)
    selected = list(already_selected)
    for project in sorted(election.projects, key=rank):
        if project.id in already_selected:
            continue
        if minimum_score is not None and score[project.id] < minimum_score:
            continue
        if project.cost <= money_left:
            selected.append(project.id)
            money_left -= project.cost
        elif not skip:
            break
    return Outcome(tuple(selected))


# --------------------------------------------------------------------------------------------------
# Method of Equal Shares


def smallest_price(cost: Fraction, supporters: list[tuple[Fraction, Fraction]]) -> Fraction:
    """The smallest rho with sum(min(money, rho * sat)) == cost over the (money, sat) of the supporters.

    The sum grows with rho, linearly between the points money/sat. Try the supporters from the
    poorest (per unit of satisfaction) up: suppose those before the current one pay all they have
    and the rest pay rho * sat; the first rho that the current supporter can pay is the answer.
    """
    paid_in_full, sat_left = Fraction(0), sum(sat for _, sat in supporters)
    for money, sat in sorted(supporters, key=lambda ms: ms[0] / ms[1]):
        rho = (cost - paid_in_full) / sat_left
        if rho * sat <= money:
            break
        paid_in_full += money
        sat_left -= sat
    # The definition, checked directly.
    assert sum(min(money, rho * sat) for money, sat in supporters) == cost
    return rho


def equal_shares(
    election: Election,
    kind: str,
    *,
    share: Fraction | None = None,
    tie_order: Sequence[str] | None = None,
) -> Outcome:
    """Method of Equal Shares with ``kind`` ("cost", "cardinality" or "points") satisfaction.

    Every voter starts with ``share`` (budget / voters by default). A project's supporters are
    the voters it satisfies. Supported free projects are bought first (in tie order); unsupported
    projects never. Then, round by round: drop projects whose supporters have less money between
    them than the cost; for the others find the smallest rho such that the supporters, each paying
    rho * satisfaction or all they have left, raise the cost; buy the project with the smallest rho
    (ties in tie order) and charge its supporters.
    """
    ballots = election.ballots
    share = Fraction(election.budget) / len(ballots) if share is None else Fraction(share)
    position = _position(election, tie_order)
    money = {b.voter_id: share for b in ballots}
    payments: dict[str, list[tuple[str, Fraction]]] = {b.voter_id: [] for b in ballots}
    supporters = {p.id: [b for b in ballots if satisfaction(b, p, kind) > 0] for p in election.projects}

    free = [p for p in election.projects if p.cost == 0 and supporters[p.id]]
    selected = [p.id for p in sorted(free, key=position)]
    remaining = [p for p in election.projects if p.cost > 0 and supporters[p.id]]
    while True:
        remaining = [p for p in remaining if sum(money[b.voter_id] for b in supporters[p.id]) >= p.cost]
        if not remaining:
            break
        rho = {
            p.id: smallest_price(
                Fraction(p.cost), [(money[b.voter_id], satisfaction(b, p, kind)) for b in supporters[p.id]]
            )
            for p in remaining
        }
        best = min(rho.values())
        chosen = min((p for p in remaining if rho[p.id] == best), key=position)
        for ballot in supporters[chosen.id]:
            payment = min(money[ballot.voter_id], best * satisfaction(ballot, chosen, kind))
            money[ballot.voter_id] -= payment
            payments[ballot.voter_id].append((chosen.id, payment))
        selected.append(chosen.id)
        remaining.remove(chosen)
    return Outcome(tuple(selected), share, payments)


def candidates(election: Election, kind: str) -> list[Project]:
    """The projects Equal Shares could buy with enough money: supported, and not free."""
    return [p for p in election.projects if p.cost > 0 and any(satisfaction(b, p, kind) > 0 for b in election.ballots)]


def is_exhaustive(election: Election, kind: str, selected: Sequence[str]) -> bool:
    """No candidate left out would fit in the money left (pabutools' test, over Equal Shares' candidates)."""
    left = Fraction(election.budget) - total_cost(election, selected)
    return all(p.id in selected or p.cost > left for p in candidates(election, kind))


def equal_shares_add1(
    election: Election,
    kind: str,
    *,
    increment: Fraction | int = 1,
    start: str = "exact",
    stop: str = "exhaustive-or-overspend",
    tie_order: Sequence[str] | None = None,
) -> Outcome:
    """Equal Shares, counted again with each voter's share raised by ``increment`` until it stops.

    Starts at budget / voters ("exact") or that rounded down ("floor"). A result that overspends
    the budget stops the count and the one before it is kept. Stop rule "exhaustive-or-overspend"
    also stops at the first result that leaves no candidate that fits; "within-budget" keeps going.
    Once the share reaches the total cost of all candidates, every supporter can pay for
    everything alone, so the outcome (and every payment) no longer changes: stop there too.
    """
    share = Fraction(election.budget) / len(election.ballots)
    if start == "floor":
        share = Fraction(floor(share))
    enough = sum((Fraction(p.cost) for p in candidates(election, kind)), Fraction(0))
    previous: Outcome | None = None
    while True:
        outcome = equal_shares(election, kind, share=share, tie_order=tie_order)
        if total_cost(election, outcome.selected) > election.budget:
            assert previous is not None, "Equal Shares never overspends at budget / voters or less"
            return previous
        if stop == "exhaustive-or-overspend" and is_exhaustive(election, kind, outcome.selected):
            return outcome
        if share >= enough:
            return outcome
        previous = outcome
        share += increment


def equal_shares_add1_then_greedy(election: Election, kind: str, *, tie_order: Sequence[str] | None = None) -> Outcome:
    """Add1U: Equal Shares with Add1, then what still fits, greedily (per unit of cost for cardinality)."""
    first = equal_shares_add1(election, kind, tie_order=tie_order)
    rest = greedy(election, per_cost=kind == "cardinality", already_selected=first.selected, tie_order=tie_order)
    return Outcome(rest.selected, first.share, first.payments)


# --------------------------------------------------------------------------------------------------
# Sequential Phragmén


def sequential_phragmen(election: Election, *, tie_order: Sequence[str] | None = None) -> Outcome:
    """Sequential Phragmén, as pabutools 1.2.3 counts it.

    Every voter carries a load, 0 at first. Buying a project sets the load of each of its
    supporters to (their loads added up + its cost) / its number of supporters; a project nobody
    backs would give an infinite load. Each round looks at every project not yet bought whose cost
    alone is within the budget and takes those giving the smallest new load. If any of them no
    longer fits in the money left, the count stops; otherwise the first in tie order is bought.
    """
    position = _position(election, tie_order)
    load = {b.voter_id: Fraction(0) for b in election.ballots}
    supporters = {p.id: [b.voter_id for b in election.ballots if p.id in b.projects] for p in election.projects}
    remaining = [p for p in election.projects if p.cost <= election.budget]
    selected: list[str] = []
    money_left = Fraction(election.budget)

    def new_load(project: Project) -> Fraction | None:  # None: infinite
        voters = supporters[project.id]
        if not voters:
            return None
        return (sum(load[v] for v in voters) + project.cost) / len(voters)

    while remaining:
        loads = {p.id: new_load(p) for p in remaining}
        finite = [value for value in loads.values() if value is not None]
        best = min(finite) if finite else None
        tied = [p for p in remaining if loads[p.id] == best]
        if any(p.cost > money_left for p in tied):
            break
        chosen = min(tied, key=position)
        for voter in supporters[chosen.id]:
            assert best is not None
            load[voter] = best
        selected.append(chosen.id)
        money_left -= chosen.cost
        remaining.remove(chosen)
    return Outcome(tuple(selected))
