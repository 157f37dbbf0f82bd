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


class _Supporters:
    """One project's supporting groups, with their sizes and satisfaction, as arrays."""

    __slots__ = ("cost", "groups", "satisfaction", "total_satisfaction", "weighted_satisfaction", "weights")

    def __init__(self, cost: float, groups: Indices, weights: Floats, satisfaction: Floats) -> None:
        self.cost = cost
        self.groups = groups
        self.weights = weights
        self.satisfaction = satisfaction
        self.weighted_satisfaction = weights * satisfaction
        self.total_satisfaction = float(self.weighted_satisfaction.sum())


class EqualSharesScreen:
    """Equal Shares in floating point over the candidates (supported projects that cost something)."""

    def __init__(
        self,
        groups: Sequence[VoterGroup],
        candidates: Sequence[Project],
        costs: Mapping[str, mpq],
        total_satisfaction: Mapping[str, mpq],
        choose: Callable[[list[str]], str | None],
    ) -> None:
        """``choose`` settles an exact tie between project ids as the count would (None: it refuses)."""
        index = {project.id: i for i, project in enumerate(candidates)}
        members: list[list[int]] = [[] for _ in candidates]
        satisfactions: list[list[float]] = [[] for _ in candidates]
        for g, group in enumerate(groups):
            for project_id, sat in group.satisfaction.items():
                i = index.get(project_id)
                if i is not None:
                    members[i].append(g)
                    satisfactions[i].append(float(sat))
        sizes = np.array([group.size for group in groups], dtype=np.float64)
        self.group_count = len(groups)
        self.project_ids = [project.id for project in candidates]
        self.supporters: list[_Supporters] = []
        self.exact_rho = [costs[p.id] / total_satisfaction[p.id] for p in candidates]
        self._choose = choose
        for i, project_id in enumerate(self.project_ids):
            groups_of = np.array(members[i], dtype=np.intp)
            self.supporters.append(
                _Supporters(
                    float(costs[project_id]),
                    groups_of,
                    sizes[groups_of],
                    np.array(satisfactions[i], dtype=np.float64),
                )
            )

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
        if not poor.any():
            return _Price(rho, everyone_pays_in_full=True)
        while True:
            paid = float(money[poor].sum())
            if cost - paid <= CANCELLATION_GUARD * cost:
                return _UNTRUSTED
            rho = (cost - paid) / (supporters.total_satisfaction - float(supporters.weighted_satisfaction[poor].sum()))
            now_poor = own < rho * sat
            if np.array_equal(now_poor, poor):
                return _Price(rho, everyone_pays_in_full=False)
            poor = now_poor

    def run(self, lowest_share: float, highest_share: float) -> list[str] | None:
        """The candidates bought, in order, at every share in [lowest_share, highest_share].

        None if the outcome may differ within that range, or some decision was too close to trust.
        Budgets are tracked as a range [low, high] per group: rho only falls as budgets rise, and
        what a voter has left after paying only rises with their budget and falls with rho, so a
        decision that holds at both ends of every range holds at every share in between.
        """
        low = np.full(self.group_count, lowest_share, dtype=np.float64)
        high = np.full(self.group_count, highest_share, dtype=np.float64)
        single_share = lowest_share == highest_share
        remaining = set(range(len(self.project_ids)))
        # A lower bound on each project's rho; rho only grows as budgets shrink during a run.
        lowest_rho = [s.cost / s.total_satisfaction for s in self.supporters]
        bought: list[str] = []
        while remaining:
            best_high = math.inf
            # (project, rho at the highest budgets, rho at the lowest, exact rho if all pay in full)
            priced: list[tuple[int, float, float, bool]] = []
            for i in sorted(remaining, key=lowest_rho.__getitem__):
                if lowest_rho[i] > best_high * (1 + MARGIN):
                    break  # sorted: this and every later project cost more than the best
                supporters = self.supporters[i]
                at_high = self._price(high, supporters)
                at_low = at_high if single_share else self._price(low, supporters)
                if at_high is _UNTRUSTED or at_low is _UNTRUSTED:
                    return None
                if at_high is _UNAFFORDABLE:
                    remaining.discard(i)  # cannot be paid for even at the highest share
                    continue
                if at_low is _UNAFFORDABLE:
                    return None  # affordable at some shares in the range and not at others
                lowest_rho[i] = at_high.rho
                best_high = min(best_high, at_low.rho)
                priced.append((i, at_high.rho, at_low.rho, at_low.everyone_pays_in_full))
            if not priced:
                break
            contenders = [entry for entry in priced if entry[1] <= best_high * (1 + MARGIN)]
            if len(contenders) == 1:
                best, rho_low, rho_high = contenders[0][0], contenders[0][1], contenders[0][2]
            else:
                chosen = self._settle(contenders)
                if chosen is None:
                    return None
                best = chosen
                rho_low = rho_high = float(self.exact_rho[best])
            supporters = self.supporters[best]
            groups = supporters.groups
            low[groups] = np.maximum(0.0, low[groups] - rho_high * supporters.satisfaction)
            high[groups] = np.maximum(0.0, high[groups] - rho_low * supporters.satisfaction)
            remaining.discard(best)
            bought.append(self.project_ids[best])
        return bought

    def _settle(self, contenders: list[tuple[int, float, float, bool]]) -> int | None:
        """The winner among projects too close to call in floating point, if it can be known exactly.

        A project whose supporters all pay in full has rho = cost / total satisfaction exactly,
        whatever their budgets; among such projects the smallest exact rho wins, and an exact tie
        is settled by the tie-breaking in force. Anything else is left to exact counting.
        """
        if not all(entry[3] for entry in contenders):
            return None
        exact = {entry[0]: self.exact_rho[entry[0]] for entry in contenders}
        lowest = min(exact.values())
        tied = [i for i, rho in exact.items() if rho == lowest]
        if len(tied) == 1:
            return tied[0]
        chosen = self._choose([self.project_ids[i] for i in tied])
        return None if chosen is None else self.project_ids.index(chosen)


class _Price:
    __slots__ = ("everyone_pays_in_full", "rho")

    def __init__(self, rho: float, *, everyone_pays_in_full: bool) -> None:
        self.rho = rho
        self.everyone_pays_in_full = everyone_pays_in_full


_UNTRUSTED = _Price(math.nan, everyone_pays_in_full=False)
_UNAFFORDABLE = _Price(math.inf, everyone_pays_in_full=False)
