"""The Method of Equal Shares (MES), exactly, and fast.

Every voter starts with an equal share of the budget. A project can be bought when its
supporters can pay for it between them; each round buys the project that asks the least of
them per unit of satisfaction (rho), every supporter paying rho times their satisfaction or,
if they have less, all they have left. The count ends when no project can be paid for.

This follows pabutools 1.2.3 (``method_of_equal_shares``) decision for decision. Three things
make it fast without changing any result:

* voters with identical ballots are one group: they are treated alike at every step;
* when a project is priced, its supporters with the same budget and satisfaction are added up
  first, so the exact arithmetic runs once per kind of supporter;
* projects are re-examined lazily: a project's rho can only grow as budgets shrink, so one
  whose last rho is above the best found this round is not looked at again this round.

All arithmetic is exact (gmpy2 rationals).
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from gmpy2 import mpq

from coopcouncil.allocation.exact import as_fraction, as_mpq
from coopcouncil.allocation.model import (
    Allocation,
    Election,
    ElectionError,
    NotFundedReason,
    Project,
    ProjectOutcome,
    Tie,
    VoterAccount,
)
from coopcouncil.allocation.profile import Satisfaction, voter_groups, votes_per_project
from coopcouncil.allocation.tie_breaking import SMALLEST_PROJECT_ID, TieBreaking

_ZERO = mpq(0)


def _rho(cost: mpq, total_satisfaction: mpq, kinds: list[tuple[mpq, mpq, int]], *, alike: bool) -> mpq | None:
    """The smallest rho the supporters can pay, or None if all they have falls short of the cost.

    ``kinds`` are (budget, satisfaction, number of supporters) for supporters alike, ``alike`` if
    they all have the same satisfaction. Each pays rho times their satisfaction, or all they have
    if that is less; the total must reach the cost.
    """
    rho = cost / total_satisfaction
    # Those short even of the price if everyone paid in full pay all they have, whatever rho is.
    paid = _ZERO
    satisfaction_left = total_satisfaction
    others: list[tuple[mpq, mpq, mpq, int]] = []
    if alike:
        # Ordered by money per unit of satisfaction: by money alone, as that is the same for all.
        short = rho * kinds[0][1]
        for budget, satisfaction, count in kinds:
            if budget < short:
                paid += budget * count
                satisfaction_left -= satisfaction * count
            else:
                others.append((budget, budget, satisfaction, count))
    else:
        for budget, satisfaction, count in kinds:
            if budget < rho * satisfaction:
                paid += budget * count
                satisfaction_left -= satisfaction * count
            else:
                others.append((budget / satisfaction, budget, satisfaction, count))
    if len(others) == len(kinds):
        return rho  # everyone pays in full
    # The rest from the poorest up: while the next one cannot pay the price for those left, they
    # pay all they have and the price for the others rises.
    heapq.heapify(others)
    while others:
        rho = (cost - paid) / satisfaction_left
        _, budget, satisfaction, count = others[0]
        if rho * satisfaction <= budget:
            return rho
        heapq.heappop(others)
        paid += budget * count
        satisfaction_left -= satisfaction * count
    return None


class _Approximate:
    """rho found with floating point and then proved exactly, or left to exact counting.

    A float of a rational is within 2**-52 of it, relatively (in the normal range), so a float
    more than ``SURE`` (relative) below or above another decides which of the two rationals is the
    larger. Guessing which supporters are short of rho in floating point, the exact rho follows from
    exact sums over those supporters only, and it is the true rho if, checked exactly (by the
    floats where they are clear, else by the rationals), those and only those are short of it.
    """

    SURE = 1e-12
    # Sums of up to TERMS floats are within SUM of the exact sum, relatively (TERMS * 2**-51).
    TERMS = 2**20
    SUM = 1e-9
    # Below this, floats may lose the relative precision the comparisons above rely on.
    TINY = 1e-290
    UNSURE = mpq(-1)

    @staticmethod
    def rho(
        cost: mpq,
        total: mpq,
        satisfaction: mpq,
        kinds: npt.NDArray[np.intp],
        voters: npt.NDArray[np.float64],
        budgets: list[mpq],
        floats: npt.NDArray[np.float64],
    ) -> mpq | None:
        """rho when every supporter has the same satisfaction; None if unaffordable; else UNSURE."""
        sure = _Approximate.SURE
        money = floats[kinds]
        # A sum of floats of n terms is within n * 2**-52 of the exact sum, relatively.
        available = float((money * voters).sum())
        if available * (1 + _Approximate.SUM) < float(cost) * (1 - sure) and len(kinds) < _Approximate.TERMS:
            return None
        order = np.argsort(money, kind="stable")
        money = money[order]
        counts = voters[order]
        # Those before position j short, the price for the rest would be (cost - their money) /
        # (satisfaction of the rest); the first position whose supporters can pay that is the answer.
        paid_before = np.cumsum(money * counts) - money * counts
        left_before = float(total) - float(satisfaction) * (np.cumsum(counts) - counts)
        with np.errstate(divide="ignore", invalid="ignore"):
            fits = (float(cost) - paid_before) <= money / float(satisfaction) * left_before
        if not fits.any():
            return _Approximate.UNSURE  # apparently unaffordable: left to exact counting
        short = int(np.argmax(fits))
        # Exactly, supposing the first ``short`` are short.
        paid = _ZERO
        for kind, count in zip(kinds[order[:short]].tolist(), counts[:short].astype(np.int64).tolist(), strict=True):
            paid += budgets[kind] * count
        rho = (cost - paid) / (total - satisfaction * int(counts[:short].astype(np.int64).sum()))
        # Checked exactly: they are short of rho * satisfaction, and the others are not.
        threshold = rho * satisfaction
        line = float(threshold)
        if not line > _Approximate.TINY:
            return _Approximate.UNSURE
        doubtful = np.flatnonzero(
            np.concatenate([money[:short] >= line * (1 - sure), money[short:] <= line * (1 + sure)])
        )
        for position in doubtful.tolist():
            budget = budgets[int(kinds[order[position]])]
            if (budget < threshold) != (position < short):
                return _Approximate.UNSURE
        return rho


class _GroupEngine:
    """Voters kept in groups of identical ballots; groups with the same budget share a budget class.

    A group's budget is its class's budget, so pricing and paying do exact arithmetic once per
    class (and satisfaction value) among a project's supporters, not once per group: late in a
    city-wide count a project has thousands of supporting groups but a few hundred classes.
    """

    def __init__(self, election: Election, satisfaction: Satisfaction, costs: Mapping[str, mpq]) -> None:
        self.groups = voter_groups(election, satisfaction)
        self.sizes = np.array([len(group.voter_ids) for group in self.groups], dtype=np.int64)
        members: dict[str, list[int]] = {p.id: [] for p in election.projects}
        sats: dict[str, list[mpq]] = {p.id: [] for p in election.projects}
        for index, group in enumerate(self.groups):
            for project_id, sat in group.satisfaction.items():
                members[project_id].append(index)
                sats[project_id].append(sat)
        self.supporters: dict[str, _Supporting] = {}
        self.total_satisfaction: dict[str, mpq] = {}
        for project_id, groups in members.items():
            values = sorted(set(sats[project_id]))
            if len(values) == 1:
                codes = np.zeros(len(groups), dtype=np.intp)
            else:
                code = {value: i for i, value in enumerate(values)}
                codes = np.array([code[sat] for sat in sats[project_id]], dtype=np.intp)
            sizes = self.sizes[groups] if groups else np.zeros(0, dtype=np.int64)
            weights = sizes.astype(np.float64)
            self.supporters[project_id] = _Supporting(np.array(groups, dtype=np.intp), codes, values, sizes, weights)
            # Voters per satisfaction value, counted exactly (as floats: far below 2**53).
            voters = np.bincount(codes, weights=weights, minlength=len(values)).astype(np.int64).tolist()
            self.total_satisfaction[project_id] = sum(
                (value * count for value, count in zip(values, voters, strict=True)), _ZERO
            )
        self.costs = costs
        self.class_of = np.zeros(len(self.groups), dtype=np.intp)
        self.class_budget: list[mpq] = []
        # Each class's budget as a float, to compare by (see _Approximate), in an array that grows.
        self.class_float = np.zeros(64, dtype=np.float64)
        self.class_by_budget: dict[mpq, int] = {}
        self.purchases: list[tuple[str, npt.NDArray[np.intp], npt.NDArray[np.intp], list[mpq]]] = []

    def start(self, share: mpq) -> None:
        self.class_of[:] = 0
        self.class_budget = []
        self.class_by_budget = {}
        self.purchases = []
        self._class(share)

    def _class(self, budget: mpq) -> int:
        """The class of groups with this budget, made if there is none."""
        found = self.class_by_budget.get(budget)
        if found is not None:
            return found
        found = self.class_by_budget[budget] = len(self.class_budget)
        self.class_budget.append(budget)
        if found == len(self.class_float):
            self.class_float = np.concatenate([self.class_float, np.zeros(found, dtype=np.float64)])
        self.class_float[found] = float(budget)
        return found

    def _new_classes(self, budgets: list[mpq]) -> None:
        """Classes for these budgets, numbered on from the last, without looking for existing
        classes with the same budget: two classes with one budget are merely counted apart."""
        first = len(self.class_budget)
        self.class_budget.extend(budgets)
        if first + len(budgets) > len(self.class_float):
            grown = np.zeros(2 * (first + len(budgets)), dtype=np.float64)
            grown[:first] = self.class_float[:first]
            self.class_float = grown
        self.class_float[first : first + len(budgets)] = [float(budget) for budget in budgets]

    def _kinds(self, supporting: _Supporting) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], list[int]]:
        """The distinct kinds (budget class and satisfaction value) among the supporters, each
        supporter's kind as an index into them, and the number of voters of each kind."""
        keys = self.class_of[supporting.groups] * len(supporting.values) + supporting.codes
        # Counting by key rather than sorting: there are no more keys than classes times values.
        voters = np.bincount(keys, weights=supporting.weights)
        kinds = np.flatnonzero(voters)
        position = np.empty(len(voters), dtype=np.intp)
        position[kinds] = np.arange(len(kinds))
        return kinds, position[keys], voters[kinds].astype(np.int64).tolist()

    def price(self, project_id: str) -> mpq | None:
        """rho for the project, or None if its supporters cannot pay for it."""
        supporting = self.supporters[project_id]
        classes = self.class_of[supporting.groups]
        width = len(supporting.values)
        keys = classes * width + supporting.codes if width > 1 else classes
        voters = np.bincount(keys, weights=supporting.weights)
        kinds = np.flatnonzero(voters)
        cost, total = self.costs[project_id], self.total_satisfaction[project_id]
        if width == 1:
            found = _Approximate.rho(
                cost, total, supporting.values[0], kinds, voters[kinds], self.class_budget, self.class_float
            )
            if found is not _Approximate.UNSURE:
                return found
        budgets, values = self.class_budget, supporting.values
        entries = [
            (budgets[kind // width], values[kind % width], count)
            for kind, count in zip(kinds.tolist(), voters[kinds].astype(np.int64).tolist(), strict=True)
        ]
        return _rho(cost, total, entries, alike=width == 1)

    def money_of(self, project_id: str) -> tuple[list[int], list[int]]:
        """The budget classes of the project's supporters, and how many voters are in each."""
        supporting = self.supporters[project_id]
        voters = np.bincount(self.class_of[supporting.groups], weights=supporting.weights)
        classes = np.flatnonzero(voters)
        return classes.tolist(), voters[classes].astype(np.int64).tolist()

    def buy(self, project_id: str, rho: mpq) -> mpq:
        supporting = self.supporters[project_id]
        kinds, inverse, _ = self._kinds(supporting)
        width = len(supporting.values)
        new_class = np.empty(len(kinds), dtype=np.intp)
        payments: list[mpq] = []
        if width == 1:
            # Everyone pays the same, or all they have if that is less (found by _Approximate's floats
            # where they are clear, else exactly).
            price = rho * supporting.values[0]
            line = float(price)
            money = self.class_float[kinds]
            clear = (money < line * (1 - _Approximate.SURE)) | (money > line * (1 + _Approximate.SURE))
            short = money < line
            if not line > _Approximate.TINY:
                clear[:] = False
            nothing = self._class(_ZERO)
            # Those who pay in full each get a class of their own (distinct budgets stay distinct).
            first = len(self.class_budget)
            left: list[mpq] = []
            for i, (kind, is_clear, is_short) in enumerate(
                zip(kinds.tolist(), clear.tolist(), short.tolist(), strict=True)
            ):
                budget = self.class_budget[kind]
                if not is_clear:
                    is_short = budget < price
                if is_short:
                    payments.append(budget)
                    new_class[i] = nothing
                else:
                    payments.append(price)
                    new_class[i] = first + len(left)
                    left.append(budget - price)
            self._new_classes(left)
        else:
            for i, kind in enumerate(kinds.tolist()):
                budget, sat = self.class_budget[kind // width], supporting.values[kind % width]
                payment = min(budget, rho * sat)
                payments.append(payment)
                new_class[i] = self._class(budget - payment)
        self.class_of[supporting.groups] = new_class[inverse]
        self.purchases.append((project_id, supporting.groups, inverse, payments))
        return max(payments)

    def accounts(self, share: mpq) -> Mapping[str, VoterAccount]:
        """Each voter's share and payments; worked out only when first read (most counts never are)."""
        purchases = list(self.purchases)
        group_count = len(self.groups)

        def make() -> list[VoterAccount]:
            history: list[list[tuple[str, Fraction]]] = [[] for _ in range(group_count)]
            converted: dict[mpq, Fraction] = {}
            for project_id, groups, inverse, payments in purchases:
                # Most supporters pay the same: convert each amount once.
                paid: list[Fraction] = []
                for payment in payments:
                    fraction = converted.get(payment)
                    if fraction is None:
                        fraction = converted[payment] = as_fraction(payment)
                    paid.append(fraction)
                for g, i in zip(groups.tolist(), inverse.tolist(), strict=True):
                    history[g].append((project_id, paid[i]))
            starting = as_fraction(share)
            return [VoterAccount(starting, tuple(payments_made)) for payments_made in history]

        return GroupAccounts([group.voter_ids for group in self.groups], make)


class GroupAccounts(Mapping[str, VoterAccount]):
    """Each voter's account, shared by every voter of a group: a city's 90,000 voters are a few
    thousand groups. The accounts are worked out on first use, and the voter-by-voter index only
    when someone looks a voter up."""

    def __init__(self, voters: list[list[str]], make: Callable[[], list[VoterAccount]]) -> None:
        self._voters = voters
        self._make = make
        self._made: list[VoterAccount] | None = None
        self._index: dict[str, int] | None = None

    @property
    def _accounts(self) -> list[VoterAccount]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def _by_voter(self) -> dict[str, int]:
        if self._index is None:
            self._index = {voter: g for g, ids in enumerate(self._voters) for voter in ids}
        return self._index

    def __getitem__(self, voter_id: str) -> VoterAccount:
        return self._accounts[self._by_voter()[voter_id]]

    def __iter__(self) -> Iterator[str]:
        for ids in self._voters:
            yield from ids

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._voters)

    def items(self) -> ItemsView[str, VoterAccount]:
        return _GroupItems(self)


class _GroupItems(ItemsView[str, VoterAccount]):
    """Iterating a group's voters with its account, without the voter-by-voter index."""

    def __init__(self, accounts: GroupAccounts) -> None:
        super().__init__(accounts)
        self._accounts = accounts

    def __iter__(self) -> Iterator[tuple[str, VoterAccount]]:
        for ids, account in zip(self._accounts._voters, self._accounts._accounts, strict=True):
            for voter_id in ids:
                yield voter_id, account


@dataclass(frozen=True, slots=True)
class _Supporting:
    """A project's supporting groups, each one's satisfaction (as a code into ``values``) and size."""

    groups: npt.NDArray[np.intp]
    codes: npt.NDArray[np.intp]
    values: list[mpq]
    sizes: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]  # the sizes as floats, to count voters with (exactly: far below 2**53)


@dataclass
class EqualSharesRun:
    """What one run decided, before it is turned into an Allocation."""

    share: mpq
    selected: list[str] = field(default_factory=list)
    outcomes: dict[str, ProjectOutcome] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    unresolved: Tie | None = None
    total_cost: mpq = field(default_factory=lambda: mpq(0))
    # Projects whose supporters could not pay: their budget classes and how many voters in each.
    short_of_money: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)


class EqualSharesCounter:
    """Prepared once per election, then run with any share per voter (Add1 runs it many times)."""

    def __init__(self, election: Election, satisfaction: Satisfaction, tie_breaking: TieBreaking) -> None:
        if election.voter_count == 0:
            raise ElectionError("There are no ballots to count.")
        if satisfaction is Satisfaction.POINTS and not election.vote_type.has_points:
            raise ElectionError(f"Points as satisfaction need cumulative or scoring ballots, not {election.vote_type}.")
        if satisfaction is not Satisfaction.POINTS and election.vote_type.has_points:
            raise ElectionError(
                f"{election.vote_type} ballots are counted by Equal Shares with points as satisfaction."
            )
        if not election.vote_type.has_points and election.vote_type.value == "ordinal":
            raise ElectionError("Equal Shares cannot count ranked ballots.")
        self.election = election
        self.satisfaction = satisfaction
        self.tie_breaking = tie_breaking
        self.votes = votes_per_project(election)
        self.costs = {p.id: as_mpq(p.cost) for p in election.projects}
        self.engine = _GroupEngine(election, satisfaction, self.costs)
        totals = self.engine.total_satisfaction
        self.total_satisfaction: Mapping[str, mpq] = totals
        self.free_supported = [p for p in election.projects if self.costs[p.id] == 0 and totals[p.id] > 0]
        # Candidates: backed projects that cost something (pabutools' "projects").
        self.candidates = [p for p in election.projects if self.costs[p.id] > 0 and totals[p.id] > 0]

    def tie_choose(self, project_ids: list[str]) -> str | None:
        """The project this count's tie-breaking prefers among these, or None if it refuses to choose."""
        choice = self.tie_breaking.choose(
            [self.election.project_by_id[pid] for pid in project_ids], self.votes.__getitem__
        )
        return None if choice is None else choice.id

    def run(self, share: mpq) -> EqualSharesRun:
        result = EqualSharesRun(share=share)
        votes = self.votes.__getitem__
        engine = self.engine
        engine.start(share)
        for project in self.tie_breaking.rank(self.free_supported, votes):
            result.selected.append(project.id)
            result.outcomes[project.id] = ProjectOutcome(
                project.id,
                True,
                step=len(result.selected),
                price_per_satisfaction=Fraction(0),
                largest_payment=Fraction(0),
            )
        for project in self.election.projects:
            if self.total_satisfaction[project.id] == 0:
                result.outcomes[project.id] = ProjectOutcome(project.id, False, reason=NotFundedReason.NO_SUPPORTERS)

        remaining: dict[str, Project] = {p.id: p for p in self.candidates}
        last_rho = {pid: self.costs[pid] / self.total_satisfaction[pid] for pid in remaining}
        # Projects by their last rho, a lower bound on their rho now (it only grows as budgets shrink).
        queue = [(last_rho[p.id], position, p.id) for position, p in enumerate(self.candidates)]
        heapq.heapify(queue)
        position_of = {p.id: position for position, p in enumerate(self.candidates)}
        while remaining:
            best: mpq | None = None
            tied: list[str] = []
            priced: list[str] = []
            while queue and (best is None or queue[0][0] <= best):
                project_id = heapq.heappop(queue)[2]
                rho = engine.price(project_id)
                if rho is None:
                    del remaining[project_id]
                    result.outcomes[project_id] = ProjectOutcome(
                        project_id,
                        False,
                        reason=NotFundedReason.SUPPORTERS_RAN_OUT,
                        price_per_satisfaction=as_fraction(last_rho[project_id]),
                    )
                    # What they had is added up only if this run becomes the result.
                    result.short_of_money[project_id] = engine.money_of(project_id)
                    continue
                last_rho[project_id] = rho
                priced.append(project_id)
                if best is None or rho < best:
                    best, tied = rho, [project_id]
                elif rho == best:
                    tied.append(project_id)
            if best is None:
                break
            chosen = tied[0]
            if len(tied) > 1:
                choice = self.tie_breaking.choose([remaining[pid] for pid in tied], votes)
                tie = Tie(
                    step=len(result.selected) + 1,
                    project_ids=tuple(sorted(tied)),
                    chosen=None if choice is None else choice.id,
                    settled_by=self.tie_breaking.name,
                )
                result.ties.append(tie)
                if choice is None:
                    result.unresolved = tie
                    for project_id in remaining:
                        result.outcomes[project_id] = ProjectOutcome(
                            project_id, False, reason=NotFundedReason.UNDECIDED
                        )
                    break
                chosen = choice.id
            for project_id in priced:
                if project_id != chosen:
                    heapq.heappush(queue, (last_rho[project_id], position_of[project_id], project_id))
            largest = engine.buy(chosen, best)
            del remaining[chosen]
            result.selected.append(chosen)
            result.total_cost += self.costs[chosen]
            result.outcomes[chosen] = ProjectOutcome(
                chosen,
                True,
                step=len(result.selected),
                price_per_satisfaction=as_fraction(best),
                largest_payment=as_fraction(largest),
            )
        return result

    def allocation(self, run: EqualSharesRun, *, parameters: Mapping[str, object]) -> Allocation:
        """Turn the last run into a result (voter accounts come from the engine's current state)."""
        total = sum((self.election.project_by_id[pid].cost for pid in run.selected), 0)
        outcomes = dict(run.outcomes)
        for project_id, (classes, voters) in run.short_of_money.items():
            money = sum((self.engine.class_budget[c] * n for c, n in zip(classes, voters, strict=True)), _ZERO)
            outcomes[project_id] = dataclasses.replace(outcomes[project_id], detail=as_fraction(money))
        return Allocation(
            rule="equal-shares",
            parameters={**parameters, "tie_breaking": self.tie_breaking.name},
            selected=tuple(run.selected),
            total_cost=total,
            budget=self.election.budget,
            ties=tuple(run.ties),
            projects=outcomes,
            voters=self.engine.accounts(run.share),
            unresolved_tie=run.unresolved,
        )


def equal_share(election: Election) -> mpq:
    return as_mpq(election.budget) / election.voter_count


def method_of_equal_shares(
    election: Election,
    *,
    satisfaction: Satisfaction = Satisfaction.COST,
    share: Fraction | None = None,
    tie_breaking: TieBreaking = SMALLEST_PROJECT_ID,
) -> Allocation:
    """One run of Equal Shares, each voter starting with ``share`` (the budget divided equally by default)."""
    counter = EqualSharesCounter(election, satisfaction, tie_breaking)
    start = equal_share(election) if share is None else as_mpq(share)
    run = counter.run(start)
    return counter.allocation(run, parameters={"satisfaction": satisfaction.value, "share": as_fraction(start)})


def is_exhaustive(election: Election, selected: Sequence[str], candidates: Sequence[Project]) -> bool:
    """No candidate left out would still fit in the money that is left."""
    chosen = set(selected)
    spent = sum((as_mpq(election.project_by_id[pid].cost) for pid in chosen), _ZERO)
    left = as_mpq(election.budget) - spent
    return all(project.id in chosen or as_mpq(project.cost) > left for project in candidates)
