"""Completing Equal Shares, whose result usually leaves money unspent.

Add1: raise every voter's share by a fixed increment (1 unit of the election's currency by
default, as in Pabulib files) and count again, starting from the budget divided equally (or that
share rounded down). Two stop rules, both used in practice:

* ``EXHAUSTIVE_OR_OVERSPEND`` (pabutools, and the equalshares.net default): stop at the first
  result that leaves no room for another candidate project, or that would overspend the real
  budget, in which case the result before it is kept;
* ``WITHIN_BUDGET`` (Wieliczka 2023): keep raising while the result stays within the budget and
  keep the last such result.

Add1U: Add1, then fund what still fits greedily by votes.
"""

from __future__ import annotations

import enum
from fractions import Fraction

from gmpy2 import mpq

from coopcouncil.allocation.exact import as_fraction, as_mpq
from coopcouncil.allocation.model import Allocation, Election
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.rules.equal_shares import EqualSharesCounter, equal_share, is_exhaustive
from coopcouncil.allocation.rules.equal_shares_screen import EqualSharesScreen
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.tie_breaking import SMALLEST_PROJECT_ID, TieBreaking


class Add1Stop(enum.StrEnum):
    EXHAUSTIVE_OR_OVERSPEND = "exhaustive-or-overspend"
    WITHIN_BUDGET = "within-budget"


class Add1Start(enum.StrEnum):
    EXACT = "exact"  # budget / voters, exactly
    FLOOR = "floor"  # budget / voters rounded down to a whole unit


def equal_shares_add1(
    election: Election,
    *,
    satisfaction: Satisfaction = Satisfaction.COST,
    increment: Fraction | int = 1,
    start: Add1Start = Add1Start.EXACT,
    stop: Add1Stop = Add1Stop.EXHAUSTIVE_OR_OVERSPEND,
    tie_breaking: TieBreaking = SMALLEST_PROJECT_ID,
) -> Allocation:
    """Equal Shares completed by Add1. The result records the share and the increments it took."""
    if increment <= 0:
        raise ValueError("The Add1 increment must be positive.")
    counter = EqualSharesCounter(election, satisfaction, tie_breaking)
    step = as_mpq(increment)
    share = equal_share(election)
    if start is Add1Start.FLOOR:
        share = mpq(int(share))
    budget = as_mpq(election.budget)
    # Beyond this share nobody ever runs short, so the result cannot change any more.
    ceiling = sum((as_mpq(p.cost) for p in counter.candidates), mpq(0)) + step

    # Increments the floating-point screen can vouch for are not counted exactly (see its module).
    screen = EqualSharesScreen(counter, budget=budget, exhaustive_stops=stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND)
    previous_share: mpq | None = None
    increments = 0
    # The screen tries to vouch for a range of increments at once, doubling it while that works and
    # halving it when it does not; it then still says whether it vouches for each end of the range.
    # Where even two increments at once fail, it screens single increments for a while (doubling
    # that wait each time). An increment it cannot vouch for is counted exactly.
    width, wait, backoff = 1, 0, 1
    vouched_ahead: set[mpq] = set()  # shares beyond this one the screen vouched for (ends of ranges)
    while True:
        if share in vouched_ahead:
            vouched_ahead.remove(share)
            previous_share = share
            share += step
            increments += 1
            continue
        # Never screen past the ceiling, where Add1 stops whatever the outcome.
        if share <= ceiling:
            room = int((ceiling - share) / step) + 1
            if vouched_ahead:
                room = min(room, int((min(vouched_ahead) - share) / step))
            width = max(1, min(width, room))
            highest = share + (width - 1) * step
            verdict = screen.screen(float(share), float(highest))
            if verdict.every:
                # Every share in the range has an outcome that does not stop Add1: skip them all.
                previous_share = highest
                share = highest + step
                increments += width
                if width > 1:
                    width, backoff = width * 2, 1
                elif wait > 0:
                    wait -= 1
                else:
                    width = 2
                continue
            if width > 2:
                width //= 2
            elif width == 2:
                width, wait, backoff = 1, backoff, backoff * 2
            if verdict.highest and highest != share:
                vouched_ahead.add(highest)
            if verdict.lowest:
                previous_share = share
                share += step
                increments += 1
                continue
        run = counter.run(share)
        if run.unresolved is not None:
            break  # officials must settle the tie before counting can go on
        if run.total_cost > budget:
            if previous_share is not None:
                # Keep the last result within budget; its voter accounts are counted again below.
                run = counter.run(previous_share)
                increments -= 1
            break
        if _may_stop(counter, run.selected, share, ceiling, stop):
            break
        previous_share = share
        share += step
        increments += 1
    parameters: dict[str, object] = {
        "satisfaction": satisfaction.value,
        "completion": "add1",
        "increment": Fraction(increment),
        "start": start.value,
        "stop": stop.value,
        "final_share": as_fraction(run.share),
        "increments": increments,
    }
    return counter.allocation(run, parameters=parameters)


def _may_stop(counter: EqualSharesCounter, selected: list[str], share: mpq, ceiling: mpq, stop: Add1Stop) -> bool:
    """Whether Add1 stops at an outcome: it overspends, is exhaustive (if that stops it), or can no longer change."""
    election = counter.election
    total = sum((counter.costs[pid] for pid in selected), mpq(0))
    if total > as_mpq(election.budget):
        return True
    if stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND and is_exhaustive(election, selected, counter.candidates):
        return True
    return share > ceiling


def equal_shares_add1_then_greedy(
    election: Election,
    *,
    satisfaction: Satisfaction = Satisfaction.COST,
    increment: Fraction | int = 1,
    start: Add1Start = Add1Start.EXACT,
    stop: Add1Stop = Add1Stop.EXHAUSTIVE_OR_OVERSPEND,
    tie_breaking: TieBreaking = SMALLEST_PROJECT_ID,
) -> Allocation:
    """Add1U: Equal Shares with Add1, then whatever still fits, greedily by votes."""
    first = equal_shares_add1(
        election, satisfaction=satisfaction, increment=increment, start=start, stop=stop, tie_breaking=tie_breaking
    )
    if not first.complete:
        return first
    rest = greedy(
        election,
        per_cost=satisfaction is Satisfaction.CARDINALITY,
        already_selected=first.selected,
        tie_breaking=tie_breaking,
    )
    outcomes = dict(first.projects)
    for project_id in rest.selected[len(first.selected) :]:
        outcomes[project_id] = rest.projects[project_id]
    return Allocation(
        rule="equal-shares",
        parameters={**first.parameters, "completion": "add1u"},
        selected=rest.selected,
        total_cost=rest.total_cost,
        budget=election.budget,
        ties=first.ties + rest.ties,
        projects=outcomes,
        voters=first.voters,
        unresolved_tie=rest.unresolved_tie,
    )
