"""A floating-point screen for Add1: which increments can be skipped without counting exactly.

Add1 counts Equal Shares again and again with a slightly larger share per voter, and stops at the
first outcome that is exhaustive or would overspend. Most increments change nothing that matters
to that test, so they need not be counted exactly: this module counts them in floating point
(numpy), far faster, and says whether it trusts its own answer.

It trusts a run only if every decision in it was won by a clear margin: each project chosen had a
price per unit of satisfaction (rho) more than ``MARGIN`` (relative) below every other project's,
each project dropped fell short of its cost by more than ``MARGIN``, and no price came from a
subtraction that lost most of its digits. Rounding errors in these sums are around 1e-13 relative,
four orders of magnitude inside the margin. Any run with a closer decision is not vouched for and
the caller counts that increment exactly. The screen never produces a result: it only tells Add1
which increments cannot be the one it stops at, and every result is then counted exactly.

A run need not be finished to know that it cannot stop Add1. Whatever is bought from some round
on is paid for by voters with money left, each paying a project at most its cost, so what the
rest of the run can spend is at most the sum, over voters, of the smaller of their money and the
cost of the projects they back that are still in play (*reach*). A project that supporters cannot
afford now is never bought later (money only shrinks), so it will be left out, and it fits in
what the outcome leaves if the money spent so far, the reach and its cost add up to no more than
the budget. Then the outcome, whatever it is, neither overspends nor is exhaustive, and the run
stops there. Early in Add1, when the outcome leaves much of the budget, that holds before the
first round, however different the outcomes at the shares screened.
"""

from __future__ import annotations

import copy
import heapq
import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from gmpy2 import mpq

from coopcouncil.allocation.rules.equal_shares import EqualSharesCounter

# Decisions closer than this (relative) are left to exact arithmetic.
MARGIN = 1e-6
# A price whose numerator (cost minus what poorer supporters pay) keeps less than this fraction of
# the cost has lost too many digits to cancellation to be trusted.
CANCELLATION_GUARD = 1e-3

Floats = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

_add = np.add.reduce  # a sum, without the wrappers around ndarray.sum
# Arrays shorter than this cost numpy more in calls than in arithmetic.
_FEW = 512

# What pricing returns instead of a rho: the supporters cannot pay (at these budgets), or it is too
# close to call.
_UNAFFORDABLE = math.inf
_UNTRUSTED = -1.0


class _Supporters:
    """One project's supporting groups, with their sizes and satisfaction, as arrays."""

    __slots__ = (
        "cost",
        "exact_cost",
        "groups",
        "integral_satisfaction",
        "neighbour_counts",
        "neighbour_starts",
        "neighbours",
        "overlap",
        "per_rho",
        "satisfaction",
        "total_satisfaction",
        "weighted_satisfaction",
        "weights",
    )

    def __init__(self, cost: mpq, groups: Indices, sizes: npt.NDArray[np.int64], codes: Indices, values: list[mpq]):
        """``values`` are the distinct satisfactions, and ``codes`` each group's, as an index into them."""
        self.exact_cost = cost
        self.cost = float(cost)
        self.groups = groups
        self.weights = sizes.astype(np.float64)
        self.satisfaction = np.array([float(value) for value in values], dtype=np.float64)[codes]
        # What a supporter pays per unit of rho: the satisfaction, a number when all supporters share it
        # (cost and cardinality satisfaction), which saves multiplying whole arrays.
        self.per_rho: float | Floats = float(values[0]) if len(values) == 1 else self.satisfaction
        self.weighted_satisfaction = self.weights * self.satisfaction
        self.total_satisfaction = float(self.weighted_satisfaction.sum())
        # Whole-number satisfactions (costs, 1, points) let sums of them be taken exactly in integers.
        integral = all(value.denominator == 1 for value in values)
        self.integral_satisfaction = (
            sizes * np.array([int(value) for value in values], dtype=np.int64)[codes] if integral else None
        )
        # The candidates each supporting group backs, one after another, and how many for each group
        # (set by the screen): what a change in these groups' money changes.
        self.neighbours = np.zeros(0, dtype=np.int32)
        self.neighbour_counts = np.zeros(0, dtype=np.intp)
        self.neighbour_starts = np.zeros(0, dtype=np.intp)
        # How many of its supporters back each candidate (itself included).
        self.overlap = np.zeros(0, dtype=np.float64)


class EqualSharesScreen:
    """Equal Shares in floating point over the candidates (supported projects that cost something)."""

    def __init__(self, counter: EqualSharesCounter, *, budget: mpq, exhaustive_stops: bool) -> None:
        """Screen the counts ``counter`` would make; exact ties are settled by its tie-breaking.

        Add1 stops at an outcome that costs more than ``budget`` and, if ``exhaustive_stops``, at
        one that leaves no candidate out that would fit in what is left.
        """
        engine = counter.engine
        self.sizes = engine.sizes.astype(np.float64)
        self.group_count = len(engine.groups)
        self.project_ids = [project.id for project in counter.candidates]
        self._choose = counter.tie_choose
        self.exact_budget = budget
        self.budget = float(budget)
        self.exhaustive_stops = exhaustive_stops
        self.supporters: list[_Supporters] = []
        for project_id in self.project_ids:
            supporting = engine.supporters[project_id]
            self.supporters.append(
                _Supporters(
                    counter.costs[project_id], supporting.groups, supporting.sizes, supporting.codes, supporting.values
                )
            )
        self.costs = np.array([s.cost for s in self.supporters], dtype=np.float64)
        self.supporter_counts = np.array([float(s.weights.sum()) for s in self.supporters], dtype=np.float64)
        self.lowest_rho = [s.cost / s.total_satisfaction for s in self.supporters]
        # What each group backs among the candidates, in money: the most it could ever pay.
        self.backed_cost = np.zeros(self.group_count, dtype=np.float64)
        for s in self.supporters:
            self.backed_cost[s.groups] += s.cost
        # Every (candidate, supporting group) pair, and each group's candidates in a row.
        self.pair_project = np.concatenate(
            [np.zeros(0, dtype=np.int32)]
            + [np.full(len(s.groups), i, dtype=np.int32) for i, s in enumerate(self.supporters)]
        )
        self.pair_group = np.concatenate([np.zeros(0, dtype=np.intp)] + [s.groups for s in self.supporters])
        self.pair_weight = self.sizes[self.pair_group]
        by_group = np.argsort(self.pair_group, kind="stable")
        backed_by = self.pair_project[by_group]
        counts = np.bincount(self.pair_group, minlength=self.group_count)
        starts = np.cumsum(counts) - counts
        for s in self.supporters:
            lengths = counts[s.groups]
            offsets = np.repeat(starts[s.groups] - (np.cumsum(lengths) - lengths), lengths)
            s.neighbours = backed_by[offsets + np.arange(len(offsets))]
            s.neighbour_counts = lengths
            s.neighbour_starts = np.cumsum(lengths) - lengths
            s.overlap = np.bincount(
                s.neighbours, weights=np.repeat(s.weights, lengths), minlength=len(self.supporters)
            ).astype(np.float64)
        self.short_of = self.costs * (1 - MARGIN)
        # Below this, spending cannot reach the budget even allowing for rounding.
        self.limit = self.budget / (1 + MARGIN)

    @staticmethod
    def _price(budgets: Floats, supporters: _Supporters, floor: float, cutoff: float = math.inf) -> float:
        """rho at these budgets, or _UNAFFORDABLE, or _UNTRUSTED; ``floor`` is a lower bound on it.

        Past ``cutoff`` it stops at a lower bound on rho above the cutoff (the project cannot win).
        """
        # (Sums by multiplying and adding, not a dot product: numpy hands those to a threaded BLAS,
        # which costs far more than it saves on a machine that is busy.)
        total = supporters.total_satisfaction
        own = budgets[supporters.groups]
        cost = supporters.cost
        money = own * supporters.weights
        available = float(_add(money))
        if abs(available - cost) <= MARGIN * cost:
            return _UNTRUSTED
        if available < cost:
            return _UNAFFORDABLE
        # Suppose those who cannot pay a lower bound on rho pay all they have: the price for the rest
        # is then higher, but still a lower bound. Repeat until nobody else turns out short: the true
        # rho. Starting from the last rho found for the project (budgets have only shrunk since)
        # rather than from the price if everyone paid in full saves most rounds of this.
        per_rho = supporters.per_rho
        rho = max(floor, cost / total)
        poor = own < rho * per_rho
        count = int(np.count_nonzero(poor))
        if not count:
            return cost / total
        while True:
            paid = float(_add(money * poor))
            if cost - paid <= CANCELLATION_GUARD * cost:
                return _UNTRUSTED
            rho = (cost - paid) / (total - float(_add(supporters.weighted_satisfaction * poor)))
            if rho > cutoff:
                return rho
            now_poor = own < rho * per_rho
            now_poor |= poor
            now = int(np.count_nonzero(now_poor))
            if now == count:
                return rho
            poor, count = now_poor, now

    @staticmethod
    def _exact_rho(own: Floats, spent: BoolArray, supporters: _Supporters, rho: float) -> mpq | None:
        """rho exactly, when every supporter has surely nothing left or surely pays in full.

        Then rho = cost / (satisfaction of those who pay), whatever their budgets.
        """
        if supporters.integral_satisfaction is None:
            return None
        paying = ~spent
        if not np.all(own[paying] >= rho * (1 + MARGIN) * supporters.satisfaction[paying]):
            return None
        return supporters.exact_cost / mpq(int(supporters.integral_satisfaction[paying].sum()))

    def screen(self, lowest_share: float, highest_share: float) -> Verdict:
        """Which shares in [lowest_share, highest_share] surely give an outcome that lets Add1 go on.

        Budgets are tracked as a range [low, high] per group: rho only falls as budgets rise, and
        what a voter has left after paying only rises with their budget and falls with rho, so a
        decision that holds at both ends of every range holds at every share in between (and
        ``high`` bounds every voter's money, for the reach). The low end of the range is then
        exactly the run at the lowest share, and the high end the run at the highest, so when the
        range cannot be decided as one, each end is carried on alone from where it stopped.
        """
        count = self._start(lowest_share, highest_share)
        verdict = self._advance(count)
        if verdict is not None or count.single:
            every = verdict is True
            return Verdict(every, every, every)
        available_low = np.bincount(
            self.pair_project, weights=count.low[self.pair_group] * self.pair_weight, minlength=len(self.supporters)
        )
        low_end = count.split_low(self.sizes, available_low)
        return Verdict(False, self._advance(low_end) is True, self._advance(count) is True)

    def _start(self, lowest_share: float, highest_share: float) -> _Count:
        count = _Count(self.group_count, lowest_share, highest_share, self.backed_cost, self.exhaustive_stops)
        count.available = highest_share * self.supporter_counts
        # Projects the supporters cannot afford even at the highest share: left out from the start.
        out = count.available < self.short_of
        count.gone = out.copy()
        count.available[out] = math.inf
        for i, supporters in enumerate(self.supporters):
            if out[i]:
                count.backed[supporters.groups] -= supporters.cost
                count.cheapest_out = min(count.cheapest_out, supporters.cost)
            else:
                count.queue.append((self.lowest_rho[i], i))
        heapq.heapify(count.queue)
        count.reach = float((self.sizes * np.minimum(count.high, count.backed)).sum())
        count.in_play = float(self.costs[~out].sum())
        return count

    def _advance(self, count: _Count) -> bool | None:
        """Count on until the outcome is known to let Add1 go on (True), may stop it (False), or a
        decision is too close to call (None; the count is left as it was at the start of that round)."""
        low, high, spent, queue, gone = count.low, count.high, count.spent, count.queue, count.gone
        single = count.single
        limit = self.limit
        while queue:
            if count.paid_for + min(count.reach, count.in_play) + count.cheapest_out <= limit:
                return True
            best_high = math.inf
            # (project, rho at the highest budgets, rho at the lowest)
            priced: list[tuple[int, float, float]] = []
            # Projects that cannot win this round, by a lower bound on their rho above the best.
            beaten: list[tuple[float, int]] = []
            while queue and queue[0][0] <= best_high * (1 + MARGIN):
                entry = heapq.heappop(queue)
                i = entry[1]
                if gone[i]:
                    continue  # left out since it was queued
                supporters = self.supporters[i]
                line = best_high * (1 + MARGIN)
                at_high = self._price(high, supporters, entry[0], line)
                if at_high == _UNAFFORDABLE:
                    # Cannot be paid for even at the highest share: left out for good.
                    self._drop(count, i)
                    continue
                if at_high > line:
                    beaten.append((at_high, i))
                    continue
                at_low = at_high if single else self._price(low, supporters, entry[0])
                if at_high == _UNTRUSTED or at_low == _UNTRUSTED or at_low == _UNAFFORDABLE:
                    # Too close to call, or affordable at some shares in the range and not at others.
                    heapq.heappush(queue, entry)
                    return self._undecided(count, priced, beaten)
                best_high = min(best_high, at_low)
                priced.append((i, at_high, at_low))
            for entry in beaten:
                heapq.heappush(queue, entry)
            if not priced:
                break
            contenders = [entry for entry in priced if entry[1] <= best_high * (1 + MARGIN)]
            if len(contenders) == 1:
                best, rho_low, rho_high = contenders[0]
            else:
                settled = self._settle(contenders, low, spent)
                if settled is None:
                    return self._undecided(count, priced, [])
                best, exact = settled
                rho_low = rho_high = float(exact)
            for i, rho_at_high, _ in priced:
                if i != best:
                    heapq.heappush(queue, (rho_at_high, i))
            self._buy(count, best, rho_low, rho_high)
        return self._outcome_cannot_stop(count.bought)

    @staticmethod
    def _undecided(count: _Count, priced: list[tuple[int, float, float]], beaten: list[tuple[float, int]]) -> None:
        # Back in the queue, by their rho at the highest budgets: still a lower bound at every share.
        for i, rho_at_high, _ in priced:
            heapq.heappush(count.queue, (rho_at_high, i))
        for entry in beaten:
            heapq.heappush(count.queue, entry)
        return None

    def _drop(self, count: _Count, i: int) -> None:
        supporters = self.supporters[i]
        groups = supporters.groups
        own = count.high[groups]
        backed = count.backed[groups]
        before = np.minimum(own, backed)
        backed -= supporters.cost
        count.backed[groups] = backed
        count.reach += float(_add(supporters.weights * (np.minimum(own, backed) - before)))
        count.in_play -= supporters.cost
        count.cheapest_out = min(count.cheapest_out, supporters.cost)
        count.gone[i] = True
        count.available[i] = math.inf

    def _buy(self, count: _Count, i: int, rho_low: float, rho_high: float) -> None:
        """Charge the supporters: ``rho_low`` is rho at the highest budgets, ``rho_high`` at the lowest."""
        supporters = self.supporters[i]
        groups = supporters.groups
        own = count.high[groups]
        backed = count.backed[groups]
        before = np.minimum(own, backed)
        # What each pays at the highest budgets; poor even there by a clear margin: nothing left
        # (and so nothing left at lower budgets, which pay at least as high a price).
        pays = rho_low * supporters.per_rho
        left = own - pays
        count.spent[groups[left < -MARGIN * pays]] = True
        np.maximum(left, 0.0, out=left)
        if count.single:
            count.low[groups] = left
        else:
            count.high[groups] = left
            low_left = count.low[groups] - rho_high * supporters.per_rho
            # What the low end alone would count as spent, should it go on alone.
            count.spent_low[groups[low_left < -MARGIN * rho_high * supporters.per_rho]] = True
            np.maximum(low_left, 0.0, out=low_left)
            count.low[groups] = low_left
        backed -= supporters.cost
        count.backed[groups] = backed
        count.reach += float(_add(supporters.weights * (np.minimum(left, backed) - before)))
        count.in_play -= supporters.cost
        count.paid_for += supporters.cost
        count.bought.append(i)
        count.gone[i] = True
        count.available[i] = math.inf
        # What the other projects' supporters now have (at the highest budgets); a project they can
        # no longer afford is left out at once, rather than when its turn to be priced comes, so
        # that the reach shrinks as early as it can. The running sums are checked afresh first.
        if isinstance(pays, float) and len(supporters.neighbours) > _FEW:
            # All paid ``pays`` but those short of it, who paid what they had: counted from how many
            # supporters each project shares with this one, corrected for the short ones alone.
            count.available -= pays * supporters.overlap
            short = np.nonzero(own < pays)[0]
            if len(short):
                lengths = supporters.neighbour_counts[short]
                ends = np.cumsum(lengths)
                pairs = np.repeat(supporters.neighbour_starts[short] - ends + lengths, lengths) + np.arange(ends[-1])
                unpaid = np.repeat(supporters.weights[short] * (pays - own[short]), lengths)
                count.available += np.bincount(
                    supporters.neighbours[pairs], weights=unpaid, minlength=len(self.supporters)
                )
        else:
            paid = np.repeat(supporters.weights * (own - left), supporters.neighbour_counts)
            count.available -= np.bincount(supporters.neighbours, weights=paid, minlength=len(self.supporters))
        for j in np.nonzero(count.available < self.short_of)[0].tolist():
            other = self.supporters[j]
            if float(_add(count.high[other.groups] * other.weights)) < self.short_of[j]:
                self._drop(count, j)

    def _outcome_cannot_stop(self, bought: list[int]) -> bool:
        """Whether this outcome (the same at every share screened) lets Add1 go on, decided exactly."""
        total = sum((self.supporters[i].exact_cost for i in bought), mpq(0))
        if total > self.exact_budget:
            return False
        if not self.exhaustive_stops:
            return True
        left = self.exact_budget - total
        chosen = set(bought)
        return any(s.exact_cost <= left for i, s in enumerate(self.supporters) if i not in chosen)

    def _settle(
        self, contenders: list[tuple[int, float, float]], low: Floats, spent: BoolArray
    ) -> tuple[int, mpq] | None:
        """The winner among projects too close to call in floating point, if it can be known exactly.

        Where every contender's rho is known exactly (at the poorer end of the range, which then
        holds across it), the smallest wins, and an exact tie is settled by the tie-breaking in
        force. Anything else is left to exact counting.
        """
        exact: dict[int, mpq] = {}
        for i, _, rho_at_low in contenders:
            supporters = self.supporters[i]
            groups = supporters.groups
            rho = self._exact_rho(low[groups], spent[groups], supporters, rho_at_low)
            if rho is None:
                return None
            exact[i] = rho
        lowest = min(exact.values())
        tied = [i for i, rho in exact.items() if rho == lowest]
        if len(tied) == 1:
            return tied[0], lowest
        chosen = self._choose([self.project_ids[i] for i in tied])
        return None if chosen is None else (self.project_ids.index(chosen), lowest)


class Verdict(NamedTuple):
    """What the screen vouches for: every share in the range, and each end (always, if ``every``)."""

    every: bool
    lowest: bool
    highest: bool


class _Count:
    """A count in floating point in progress, over a range of shares (one share when ``low is high``)."""

    __slots__ = (
        "available",
        "backed",
        "bought",
        "cheapest_out",
        "gone",
        "high",
        "in_play",
        "low",
        "paid_for",
        "queue",
        "reach",
        "spent",
        "spent_low",
    )

    def __init__(
        self, group_count: int, lowest_share: float, highest_share: float, backed: Floats, exhaustive_stops: bool
    ) -> None:
        self.low = np.full(group_count, lowest_share, dtype=np.float64)
        self.high = self.low if lowest_share == highest_share else np.full(group_count, highest_share, dtype=np.float64)
        # Groups surely left with nothing at every share: they paid all they had, by a clear margin.
        self.spent = np.zeros(group_count, dtype=bool)
        # The same at the lowest share alone.
        self.spent_low = self.spent if self.single else np.zeros(group_count, dtype=bool)
        # The cost of the projects still in play that each group backs, and the reach (module docstring).
        self.backed = backed.copy()
        self.reach = 0.0
        # Nor can the rest of the run spend more than the projects still in play cost.
        self.in_play = 0.0
        self.paid_for = 0.0
        # The cheapest project surely left out (+inf: none yet); it matters only if exhaustion stops Add1.
        self.cheapest_out = math.inf if exhaustive_stops else 0.0
        # Projects by a lower bound on their rho, which only grows as budgets shrink during a run;
        # each round prices them cheapest first and stops at the first that cannot win.
        self.queue: list[tuple[float, int]] = []
        self.bought: list[int] = []
        # What each project's supporters have between them at the highest budgets (infinite once it
        # is bought or left out), and the projects bought or left out (set by the screen).
        self.available = np.zeros(0, dtype=np.float64)
        self.gone = np.zeros(0, dtype=bool)

    @property
    def single(self) -> bool:
        return self.low is self.high

    def split_low(self, sizes: Floats, available_low: Floats) -> _Count:
        """The low end of this range as a count of its own; this one goes on as the high end.

        ``available_low`` is what each project's supporters have at the lowest budgets.
        """
        low_end = copy.copy(self)
        low_end.high = self.low
        low_end.spent = low_end.spent_low = self.spent_low
        low_end.backed = self.backed.copy()
        low_end.reach = float((sizes * np.minimum(self.low, low_end.backed)).sum())
        low_end.queue = list(self.queue)
        low_end.bought = list(self.bought)
        low_end.gone = self.gone.copy()
        low_end.available = available_low
        low_end.available[self.gone] = math.inf
        self.low = self.high
        self.spent_low = self.spent
        return low_end
