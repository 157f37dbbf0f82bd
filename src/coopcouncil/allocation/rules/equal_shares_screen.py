"""A floating-point screen for Add1: which increments can be skipped without counting exactly.

Add1 counts Equal Shares again and again with a slightly larger share per voter, and stops at the
first outcome that is exhaustive or would overspend. Most increments change nothing that matters
to that test, so they need not be counted exactly: this module counts them in floating point
(numpy), far faster, and says whether it trusts its own answer.

It trusts a run only if every decision in it was won by a clear margin: each project chosen had a
price per unit of satisfaction (rho) more than ``MARGIN`` (relative) below every other project's,
each project dropped fell short of its cost by more than ``MARGIN``, and no price came from a
subtraction that lost most of its digits. Rounding errors in these sums are around 1e-13 relative,
four orders of magnitude inside the margin. Any run with a closer decision returns ``None`` and
the caller counts that increment exactly. The screen never produces a result: it only tells Add1
which increments cannot be the one it stops at, and every result is then counted exactly.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from gmpy2 import mpq

from coopcouncil.allocation.model import Project
from coopcouncil.allocation.profile import VoterGroup

# Decisions closer than this (relative) are left to exact arithmetic.
MARGIN = 1e-6
# A price whose numerator (cost minus what poorer supporters pay) keeps less than this fraction of
# the cost has lost too many digits to cancellation to be trusted.
CANCELLATION_GUARD = 1e-3

Floats = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


class _Supporters:
    """One project's supporting groups, with their sizes and satisfaction, as arrays."""

    __slots__ = (
        "cost",
        "exact_cost",
        "groups",
        "integral_satisfaction",
        "satisfaction",
        "total_satisfaction",
        "weighted_satisfaction",
        "weights",
    )

    def __init__(self, cost: mpq, groups: Indices, weights: Floats, satisfaction: list[mpq]) -> None:
        self.exact_cost = cost
        self.cost = float(cost)
        self.groups = groups
        self.weights = weights
        self.satisfaction = np.array([float(sat) for sat in satisfaction], dtype=np.float64)
        self.weighted_satisfaction = weights * self.satisfaction
        self.total_satisfaction = float(self.weighted_satisfaction.sum())
        # Whole-number satisfactions (costs, 1, points) let sums of them be taken exactly in integers.
        integral = all(sat.denominator == 1 for sat in satisfaction)
        self.integral_satisfaction = (
            (weights.astype(np.int64) * np.array([int(sat) for sat in satisfaction], dtype=np.int64))
            if integral
            else None
        )


class EqualSharesScreen:
    """Equal Shares in floating point over the candidates (supported projects that cost something)."""

    def __init__(
        self,
        groups: Sequence[VoterGroup],
        candidates: Sequence[Project],
        costs: Mapping[str, mpq],
        choose: Callable[[list[str]], str | None],
    ) -> None:
        """``choose`` settles an exact tie between project ids as the count would (None: it refuses)."""
        index = {project.id: i for i, project in enumerate(candidates)}
        members: list[list[int]] = [[] for _ in candidates]
        satisfactions: list[list[mpq]] = [[] for _ in candidates]
        for g, group in enumerate(groups):
            for project_id, sat in group.satisfaction.items():
                i = index.get(project_id)
                if i is not None:
                    members[i].append(g)
                    satisfactions[i].append(sat)
        sizes = np.array([group.size for group in groups], dtype=np.float64)
        self.group_count = len(groups)
        self.project_ids = [project.id for project in candidates]
        self._choose = choose
        self.supporters: list[_Supporters] = []
        for i, project_id in enumerate(self.project_ids):
            groups_of = np.array(members[i], dtype=np.intp)
            self.supporters.append(_Supporters(costs[project_id], groups_of, sizes[groups_of], satisfactions[i]))

    def _price(self, budgets: Floats, supporters: _Supporters) -> _Price:
        """What these budgets ask of the project's supporters."""
        own = budgets[supporters.groups]
        money = own * supporters.weights
        available = float(money.sum())
        cost = supporters.cost
        if abs(available - cost) <= MARGIN * cost:
            return _UNTRUSTED
        if available < cost:
            return _UNAFFORDABLE
        # Start from the price if everyone paid in full; while some cannot pay it, they pay all they
        # have and the price for the rest rises. The poor only grow, so this ends at the true rho.
        sat = supporters.satisfaction
        rho = cost / supporters.total_satisfaction
        poor = own < rho * sat
        while poor.any():
            paid = float(money[poor].sum())
            if cost - paid <= CANCELLATION_GUARD * cost:
                return _UNTRUSTED
            rho = (cost - paid) / (supporters.total_satisfaction - float(supporters.weighted_satisfaction[poor].sum()))
            now_poor = own < rho * sat
            if np.array_equal(now_poor, poor):
                break
            poor = now_poor
        return _Price(rho)

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

    def run(self, lowest_share: float, highest_share: float) -> list[str] | None:
        """The candidates bought, in order, at every share in [lowest_share, highest_share].

        None if the outcome may differ within that range, or some decision was too close to trust.
        Budgets are tracked as a range [low, high] per group: rho only falls as budgets rise, and
        what a voter has left after paying only rises with their budget and falls with rho, so a
        decision that holds at both ends of every range holds at every share in between.
        """
        single_share = lowest_share == highest_share
        low = np.full(self.group_count, lowest_share, dtype=np.float64)
        high = low if single_share else np.full(self.group_count, highest_share, dtype=np.float64)
        # Groups surely left with nothing: they paid all they had, by a clear margin.
        spent = np.zeros(self.group_count, dtype=bool)
        # Projects by a lower bound on their rho, which only grows as budgets shrink during a run;
        # each round prices them cheapest first and stops at the first that cannot win.
        queue = [(s.cost / s.total_satisfaction, i) for i, s in enumerate(self.supporters)]
        heapq.heapify(queue)
        bought: list[str] = []
        while queue:
            best_high = math.inf
            # (project, rho at the highest budgets, rho at the lowest)
            priced: list[tuple[int, float, float]] = []
            while queue and queue[0][0] <= best_high * (1 + MARGIN):
                _, i = heapq.heappop(queue)
                supporters = self.supporters[i]
                at_high = self._price(high, supporters)
                at_low = at_high if single_share else self._price(low, supporters)
                if at_high is _UNTRUSTED or at_low is _UNTRUSTED:
                    return None
                if at_high is _UNAFFORDABLE:
                    continue  # cannot be paid for even at the highest share: dropped
                if at_low is _UNAFFORDABLE:
                    return None  # affordable at some shares in the range and not at others
                best_high = min(best_high, at_low.rho)
                priced.append((i, at_high.rho, at_low.rho))
            if not priced:
                break
            contenders = [entry for entry in priced if entry[1] <= best_high * (1 + MARGIN)]
            if len(contenders) == 1:
                best, rho_low, rho_high = contenders[0]
            else:
                settled = self._settle(contenders, low, spent)
                if settled is None:
                    return None
                best, exact = settled
                rho_low = rho_high = float(exact)
            for i, rho_at_high, _ in priced:
                if i != best:
                    heapq.heappush(queue, (rho_at_high, i))
            supporters = self.supporters[best]
            groups = supporters.groups
            sat = supporters.satisfaction
            # Poor even at the highest budgets and the lowest price, by a clear margin: nothing left.
            emptied = high[groups] < rho_low * (1 - MARGIN) * sat
            spent[groups[emptied]] = True
            low[groups] = np.where(emptied, 0.0, np.maximum(0.0, low[groups] - rho_high * sat))
            if not single_share:
                high[groups] = np.where(emptied, 0.0, np.maximum(0.0, high[groups] - rho_low * sat))
            bought.append(self.project_ids[best])
        return bought

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


class _Price:
    __slots__ = ("rho",)

    def __init__(self, rho: float) -> None:
        self.rho = rho


_UNTRUSTED = _Price(math.nan)
_UNAFFORDABLE = _Price(math.inf)
