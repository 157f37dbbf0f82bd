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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

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


def _rho(cost: mpq, total_satisfaction: mpq, entries: list[tuple[mpq, mpq, mpq]]) -> mpq:
    """The smallest rho the supporters can pay. ``entries`` are (money per unit of satisfaction,
    money, satisfaction) per set of supporters alike; those who cannot pay rho pay all they have."""
    entries.sort(key=lambda entry: entry[0])
    paid_in_full = _ZERO
    satisfaction_left = total_satisfaction
    for ratio, money, satisfaction in entries:
        rho = (cost - paid_in_full) / satisfaction_left
        if rho <= ratio:
            return rho
        paid_in_full += money
        satisfaction_left -= satisfaction
    raise AssertionError("the supporters can afford the project, so some rho fits")  # pragma: no cover


class _GroupEngine:
    """Voters kept in groups of identical ballots, each group with its own budget per voter."""

    def __init__(self, election: Election, satisfaction: Satisfaction, costs: Mapping[str, mpq]) -> None:
        self.groups = voter_groups(election, satisfaction)
        self.sizes = [group.size for group in self.groups]
        self.supporters: dict[str, list[tuple[int, mpq]]] = {p.id: [] for p in election.projects}
        for index, group in enumerate(self.groups):
            for project_id, sat in group.satisfaction.items():
                self.supporters[project_id].append((index, sat))
        self.total_satisfaction = {
            pid: sum((self.sizes[g] * sat for g, sat in sups), _ZERO) for pid, sups in self.supporters.items()
        }
        self.costs = costs
        self.budgets: list[mpq] = []
        self.history: list[list[tuple[str, mpq]]] = []

    def start(self, share: mpq) -> None:
        self.budgets = [share] * len(self.groups)
        self.history = [[] for _ in self.groups]

    def price(self, project_id: str) -> tuple[mpq | None, mpq]:
        # Supporters with the same budget and satisfaction are alike: add up their numbers first,
        # so the rational arithmetic runs once per kind of supporter, not once per group.
        alike: dict[tuple[mpq, mpq], int] = {}
        budgets, sizes = self.budgets, self.sizes
        for g, sat in self.supporters[project_id]:
            key = (budgets[g], sat)
            alike[key] = alike.get(key, 0) + sizes[g]
        entries: list[tuple[mpq, mpq, mpq]] = []
        available = _ZERO
        for (budget, sat), count in alike.items():
            money = budget * count
            available += money
            entries.append((budget / sat, money, sat * count))
        cost = self.costs[project_id]
        if available < cost:
            return None, available
        return _rho(cost, self.total_satisfaction[project_id], entries), available

    def buy(self, project_id: str, rho: mpq) -> mpq:
        largest = _ZERO
        for g, sat in self.supporters[project_id]:
            payment = min(self.budgets[g], rho * sat)
            largest = max(largest, payment)
            self.budgets[g] -= payment
            self.history[g].append((project_id, payment))
        return largest

    def accounts(self, share: mpq) -> Mapping[str, VoterAccount]:
        starting = as_fraction(share)
        by_voter: dict[str, VoterAccount] = {}
        for group, history in zip(self.groups, self.history, strict=True):
            account = VoterAccount(starting, tuple((pid, as_fraction(amount)) for pid, amount in history))
            for voter_id in group.voter_ids:
                by_voter[voter_id] = account
        return by_voter


@dataclass
class EqualSharesRun:
    """What one run decided, before it is turned into an Allocation."""

    share: mpq
    selected: list[str] = field(default_factory=list)
    outcomes: dict[str, ProjectOutcome] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    unresolved: Tie | None = None
    total_cost: mpq = field(default_factory=lambda: mpq(0))


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
        while remaining:
            best: mpq | None = None
            tied: list[str] = []
            for project_id in sorted(remaining, key=last_rho.__getitem__):
                if best is not None and last_rho[project_id] > best:
                    break
                rho, available = engine.price(project_id)
                if rho is None:
                    del remaining[project_id]
                    result.outcomes[project_id] = ProjectOutcome(
                        project_id,
                        False,
                        reason=NotFundedReason.SUPPORTERS_RAN_OUT,
                        detail=as_fraction(available),
                        price_per_satisfaction=as_fraction(last_rho[project_id]),
                    )
                    continue
                last_rho[project_id] = rho
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
        return Allocation(
            rule="equal-shares",
            parameters={**parameters, "tie_breaking": self.tie_breaking.name},
            selected=tuple(run.selected),
            total_cost=total,
            budget=self.election.budget,
            ties=tuple(run.ties),
            projects=dict(run.outcomes),
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
