"""Properties of every rule on small random elections, and the fast rules against the slow reference.

The reference implementations (``tests/allocation/reference.py``) are written straight from the
definitions; here hypothesis draws small elections (2-8 projects, a few free ones, 1-12 voters)
and checks that the fast rules give the same selection, in the same order, with the same
payments. Write-then-read of Pabulib files is a property in ``test_pabulib.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from gmpy2 import mpq
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcouncil.allocation.completion import (
    Add1Start,
    Add1Stop,
    equal_shares_add1,
    equal_shares_add1_then_greedy,
)
from coopcouncil.allocation.model import Allocation, Ballot, Election, Project, VoteType
from coopcouncil.allocation.profile import Satisfaction, votes_per_project
from coopcouncil.allocation.rules.equal_shares import EqualSharesCounter, _Approximate, _rho, method_of_equal_shares
from coopcouncil.allocation.rules.equal_shares_screen import EqualSharesScreen
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.rules.phragmen import sequential_phragmen
from coopcouncil.allocation.tie_breaking import (
    LOWEST_COST,
    MOST_VOTES,
    SMALLEST_PROJECT_ID,
    TieBreaking,
    TieKey,
    explicit_order,
)
from tests.allocation import reference
from tests.allocation.elections import approval_election, points_election


def _settings(examples: int) -> settings:
    # Deterministic in CI: the same examples on every run, and no example database.
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None)


# Ids chosen so that string order differs from number order ("10" < "9"), as in Pabulib files.
_IDS = [str(n) for n in range(1, 13)]


# --------------------------------------------------------------------------------------------------
# Strategies


@st.composite
def elections(draw: st.DrawFn, vote_types: Sequence[VoteType], *, costly: bool = False) -> Election:
    """2-8 projects with small whole costs (sometimes 0, often equal), 1-12 voters, a budget up to the total.

    ``costly``: dearer projects, 3-12 voters backing 1 or 2 each, and a budget from the dearest
    project up. Equal Shares then usually leaves money, so Add1 has to raise the shares many times.
    """
    vote_type = draw(st.sampled_from(vote_types))
    ids = draw(st.lists(st.sampled_from(_IDS), min_size=2, max_size=8, unique=True))
    cost = st.one_of(st.integers(20, 60), st.sampled_from([0, 30])) if costly else st.integers(0, 12)
    costs = [draw(st.one_of(cost, st.sampled_from([0, 4, 6]))) for _ in ids]
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    ballot = st.lists(
        st.sampled_from(ids),
        unique=True,
        min_size=1 if costly else 0,
        max_size=1 if vote_type is VoteType.CHOOSE_1 else 2 if costly else len(ids),
    )
    ballots = []
    for index in range(draw(st.integers(3 if costly else 1, 12))):
        chosen = draw(ballot)
        points = tuple(draw(st.integers(0, 5)) for _ in chosen) if vote_type.has_points else None
        ballots.append(Ballot(f"v{index}", tuple(chosen), points))
    budget = draw(st.integers(max(costs), sum(costs)) if costly else st.integers(0, sum(costs) + 2))
    return Election(budget, vote_type, projects, tuple(ballots))


approval_elections = elections([VoteType.APPROVAL, VoteType.CHOOSE_1])
points_elections = elections([VoteType.CUMULATIVE, VoteType.SCORING])
any_elections = elections([VoteType.APPROVAL, VoteType.CHOOSE_1, VoteType.CUMULATIVE, VoteType.SCORING])
add1_elections = st.one_of(any_elections, elections([VoteType.APPROVAL, VoteType.CUMULATIVE], costly=True))


@dataclass(frozen=True)
class Ties:
    """A tie-breaking for the fast rules, and the same preference as a plain order for the reference."""

    name: str
    permutation: tuple[int, ...] = ()  # explicit order only: a shuffle of the projects

    def tie_breaking(self, election: Election) -> TieBreaking:
        if self.name == "explicit-order":
            return explicit_order(self.order(election), refuse_others=False)
        if self.name == "lowest-cost, most-votes":
            return TieBreaking(keys=(TieKey.LOWEST_COST, TieKey.MOST_VOTES))
        return {"smallest-id": SMALLEST_PROJECT_ID, "lowest-cost": LOWEST_COST, "most-votes": MOST_VOTES}[self.name]

    def order(self, election: Election) -> list[str]:
        ids = [p.id for p in election.projects]
        votes = {pid: sum(pid in b.projects for b in election.ballots) for pid in ids}
        cost = {p.id: p.cost for p in election.projects}
        keys: dict[str, Callable[[str], tuple[object, ...]]] = {
            "smallest-id": lambda pid: (pid,),
            "lowest-cost": lambda pid: (cost[pid], pid),
            "most-votes": lambda pid: (-votes[pid], pid),
            "lowest-cost, most-votes": lambda pid: (cost[pid], -votes[pid], pid),
        }
        if self.name == "explicit-order":
            return [ids[i] for i in self.permutation if i < len(ids)]
        return sorted(ids, key=keys[self.name])


ties = st.one_of(
    st.sampled_from([Ties("smallest-id"), Ties("lowest-cost"), Ties("most-votes"), Ties("lowest-cost, most-votes")]),
    st.permutations(range(8)).map(lambda p: Ties("explicit-order", tuple(p))),
)

_APPROVAL_SATISFACTIONS = [Satisfaction.COST, Satisfaction.CARDINALITY]
_KIND = {Satisfaction.COST: "cost", Satisfaction.CARDINALITY: "cardinality", Satisfaction.POINTS: "points"}
_INCREMENTS = st.sampled_from([1, 1, 1, 2, Fraction(1, 2)])


def _payments(allocation: Allocation) -> dict[str, list[tuple[str, Fraction]]]:
    return {voter_id: list(account.payments) for voter_id, account in allocation.voters.items()}


def _assert_sound(election: Election, allocation: Allocation) -> None:
    """Within budget, no project twice, total cost adds up, every selected project known."""
    assert allocation.complete
    assert len(set(allocation.selected)) == len(allocation.selected)
    assert allocation.total_cost == sum(election.project_by_id[pid].cost for pid in allocation.selected)
    assert allocation.total_cost <= election.budget


# --------------------------------------------------------------------------------------------------
# Every rule stays within the budget


def _every_rule(election: Election) -> dict[str, Callable[[], Allocation]]:
    rules: dict[str, Callable[[], Allocation]] = {
        "greedy": lambda: greedy(election),
        "greedy per cost": lambda: greedy(election, per_cost=True),
        "greedy no skip": lambda: greedy(election, skip=False),
        "greedy threshold": lambda: greedy(election, minimum_score=2),
    }
    kinds = [Satisfaction.POINTS] if election.vote_type.has_points else [Satisfaction.COST, Satisfaction.CARDINALITY]
    for kind in kinds:
        rules[f"mes {kind}"] = lambda kind=kind: method_of_equal_shares(election, satisfaction=kind)
        for stop in Add1Stop:
            for start in Add1Start:
                rules[f"add1 {kind} {stop} {start}"] = lambda kind=kind, stop=stop, start=start: equal_shares_add1(
                    election, satisfaction=kind, stop=stop, start=start
                )
        rules[f"add1u {kind}"] = lambda kind=kind: equal_shares_add1_then_greedy(election, satisfaction=kind)
    if not election.vote_type.has_points:
        rules["phragmen"] = lambda: sequential_phragmen(election)
    return rules


@_settings(80)
@given(election=any_elections)
def test_every_rule_stays_within_the_budget(election: Election) -> None:
    for name, rule in _every_rule(election).items():
        allocation = rule()
        assert allocation.budget == election.budget, name
        _assert_sound(election, allocation)


@_settings(120)
@given(
    election=add1_elections,
    stop=st.sampled_from(list(Add1Stop)),
    start=st.sampled_from(list(Add1Start)),
    increment=_INCREMENTS,
)
def test_add1_stops_where_its_stop_rule_says(
    election: Election, stop: Add1Stop, start: Add1Start, increment: Fraction | int
) -> None:
    """As completion.py promises. Every share before the final one gave a result within budget
    (and, under exhaustive-or-overspend, one that left room for another candidate). The final result
    leaves no room (exhaustive-or-overspend) or has bought every candidate (within-budget, so raising
    shares can change nothing more); if not, the next increment would overspend."""
    satisfaction = Satisfaction.POINTS if election.vote_type.has_points else Satisfaction.COST
    kind = _KIND[satisfaction]
    allocation = equal_shares_add1(election, satisfaction=satisfaction, stop=stop, start=start, increment=increment)
    _assert_sound(election, allocation)
    first_share = Fraction(election.budget) / election.voter_count
    if start is Add1Start.FLOOR:
        first_share = Fraction(int(first_share))
    final_share, increments = allocation.parameters["final_share"], allocation.parameters["increments"]
    assert isinstance(final_share, Fraction) and isinstance(increments, int)
    assert final_share == first_share + increments * Fraction(increment)

    def outcome(share: Fraction) -> Allocation:
        return method_of_equal_shares(election, satisfaction=satisfaction, share=share)

    for earlier in range(increments):
        passed = outcome(first_share + earlier * Fraction(increment))
        assert passed.total_cost <= election.budget
        if stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND:
            assert not reference.is_exhaustive(election, kind, passed.selected)
    assert outcome(final_share).selected == allocation.selected
    if stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND:
        done = reference.is_exhaustive(election, kind, allocation.selected)
    else:
        done = {p.id for p in reference.candidates(election, kind)} <= set(allocation.selected)
    if not done:
        assert outcome(final_share + increment).total_cost > election.budget


# --------------------------------------------------------------------------------------------------
# The fast rules equal the reference


def test_greedy_by_votes_ranks_a_free_project_last_as_pabutools_does() -> None:
    # A free project gives no cost satisfaction, so pabutools (greedy_utilitarian_welfare with
    # Cost_Sat) ranks it with the unsupported projects and selects [a, free].
    election = approval_election(10, {"a": 5, "free": 0}, [["a", "free"], ["free"]])
    assert greedy(election).selected == reference.greedy(election).selected == ("a", "free")


def test_greedy_without_skipping_stops_before_a_free_project_ranked_last() -> None:
    election = approval_election(0, {"1": 0, "2": 1}, [["1", "2"]])
    assert greedy(election, skip=False).selected == reference.greedy(election, skip=False).selected == ()


def test_greedy_by_total_points_ranks_a_free_project_by_its_points() -> None:
    # Points are what voters gave, whatever the cost: the free project with most points comes first.
    costs = {"a": 5, "free": 0}
    ballots = [{"free": 3}, {"a": 1}]
    election = points_election(10, costs, ballots, vote_type=VoteType.CUMULATIVE)
    assert greedy(election).selected == reference.greedy(election).selected == ("free", "a")
    too_little = points_election(0, costs, ballots, vote_type=VoteType.CUMULATIVE)
    assert greedy(too_little, skip=False).selected == reference.greedy(too_little, skip=False).selected == ("free",)


@_settings(120)
@given(
    election=any_elections,
    per_cost=st.booleans(),
    skip=st.booleans(),
    minimum_score=st.sampled_from([None, None, 1, 2, 3]),
    ties=ties,
)
def test_greedy_equals_the_reference(
    election: Election, per_cost: bool, skip: bool, minimum_score: int | None, ties: Ties
) -> None:
    fast = greedy(
        election, per_cost=per_cost, skip=skip, minimum_score=minimum_score, tie_breaking=ties.tie_breaking(election)
    )
    slow = reference.greedy(
        election, per_cost=per_cost, skip=skip, minimum_score=minimum_score, tie_order=ties.order(election)
    )
    assert fast.selected == slow.selected


def _check_equal_shares(election: Election, satisfaction: Satisfaction, ties: Ties) -> None:
    fast = method_of_equal_shares(election, satisfaction=satisfaction, tie_breaking=ties.tie_breaking(election))
    slow = reference.equal_shares(election, _KIND[satisfaction], tie_order=ties.order(election))
    assert fast.selected == slow.selected
    assert _payments(fast) == slow.payments
    assert all(account.starting_share == slow.share for account in fast.voters.values())


@_settings(100)
@given(election=approval_elections, satisfaction=st.sampled_from(_APPROVAL_SATISFACTIONS), ties=ties)
def test_equal_shares_equals_the_reference(election: Election, satisfaction: Satisfaction, ties: Ties) -> None:
    _check_equal_shares(election, satisfaction, ties)


@_settings(80)
@given(election=points_elections, ties=ties)
def test_equal_shares_with_points_equals_the_reference(election: Election, ties: Ties) -> None:
    _check_equal_shares(election, Satisfaction.POINTS, ties)


@_settings(150)
@given(
    election=add1_elections,
    cardinality=st.booleans(),
    stop=st.sampled_from(list(Add1Stop)),
    start=st.sampled_from(list(Add1Start)),
    increment=_INCREMENTS,
    ties=ties,
)
def test_add1_equals_the_reference(
    election: Election, cardinality: bool, stop: Add1Stop, start: Add1Start, increment: Fraction | int, ties: Ties
) -> None:
    if election.vote_type.has_points:
        satisfaction = Satisfaction.POINTS
    else:
        satisfaction = Satisfaction.CARDINALITY if cardinality else Satisfaction.COST
    fast = equal_shares_add1(
        election,
        satisfaction=satisfaction,
        increment=increment,
        start=start,
        stop=stop,
        tie_breaking=ties.tie_breaking(election),
    )
    slow = reference.equal_shares_add1(
        election,
        _KIND[satisfaction],
        increment=increment,
        start=start.value,
        stop=stop.value,
        tie_order=ties.order(election),
    )
    assert fast.selected == slow.selected
    assert _payments(fast) == slow.payments
    if stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND:
        # Under "within budget" any share from the total cost of the candidates on gives the same
        # outcome and payments, so only the stopping share may differ.
        assert fast.parameters["final_share"] == slow.share


@_settings(60)
@given(election=any_elections, cardinality=st.booleans(), ties=ties)
def test_add1u_equals_the_reference(election: Election, cardinality: bool, ties: Ties) -> None:
    if election.vote_type.has_points:
        satisfaction = Satisfaction.POINTS
    else:
        satisfaction = Satisfaction.CARDINALITY if cardinality else Satisfaction.COST
    fast = equal_shares_add1_then_greedy(election, satisfaction=satisfaction, tie_breaking=ties.tie_breaking(election))
    slow = reference.equal_shares_add1_then_greedy(election, _KIND[satisfaction], tie_order=ties.order(election))
    assert fast.selected == slow.selected


@_settings(100)
@given(election=approval_elections, ties=ties)
def test_phragmen_equals_the_reference(election: Election, ties: Ties) -> None:
    fast = sequential_phragmen(election, tie_breaking=ties.tie_breaking(election))
    slow = reference.sequential_phragmen(election, tie_order=ties.order(election))
    assert fast.selected == slow.selected


# --------------------------------------------------------------------------------------------------
# The order of the ballots, and the voters' ids, do not matter


def _shuffled(election: Election, order: Sequence[int], names: Sequence[int]) -> tuple[Election, dict[str, str]]:
    """The same ballots in another order, under other voter ids; and the old id -> new id."""
    renamed = {b.voter_id: f"w{names[i]}" for i, b in enumerate(election.ballots)}
    ballots = [election.ballots[i] for i in order if i < len(election.ballots)]
    ballots = [Ballot(renamed[b.voter_id], b.projects, b.points) for b in ballots]
    return Election(election.budget, election.vote_type, election.projects, tuple(ballots)), renamed


@_settings(50)
@given(
    election=any_elections,
    order=st.permutations(range(12)),
    names=st.permutations(range(12)),
)
def test_results_do_not_depend_on_the_order_of_ballots_or_voter_ids(
    election: Election, order: list[int], names: list[int]
) -> None:
    shuffled, renamed = _shuffled(election, order, names)
    original_rules, shuffled_rules = _every_rule(election), _every_rule(shuffled)
    for name, rule in original_rules.items():
        before, after = rule(), shuffled_rules[name]()
        assert after.selected == before.selected, name
        assert after.ties == before.ties, name
        assert {renamed[v]: account for v, account in before.voters.items()} == dict(after.voters), name


def test_the_strategies_make_ties_free_projects_and_every_vote_type() -> None:
    """Guard the strategies themselves: the properties are only as good as the elections drawn."""
    seen: set[str] = set()

    @_settings(100)
    @given(election=add1_elections)
    def look(election: Election) -> None:
        seen.add(election.vote_type.value)
        if any(p.cost == 0 and votes_per_project(election)[p.id] for p in election.projects):
            seen.add("free and supported")
        if method_of_equal_shares(
            election, satisfaction=Satisfaction.POINTS if election.vote_type.has_points else Satisfaction.COST
        ).ties:
            seen.add("equal shares tie")
        if election.budget < sum(p.cost for p in election.projects):
            seen.add("not everything fits")
        satisfaction = Satisfaction.POINTS if election.vote_type.has_points else Satisfaction.COST
        add1 = equal_shares_add1(election, satisfaction=satisfaction)
        if add1.parameters["increments"] >= 5:  # type: ignore[operator]
            seen.add("add1 raised the shares five times")

    look()
    assert seen == {
        "approval",
        "choose-1",
        "cumulative",
        "scoring",
        "free and supported",
        "equal shares tie",
        "not everything fits",
        "add1 raised the shares five times",
    }


# --------------------------------------------------------------------------------------------------
# What makes Add1 fast: the floating-point screen, and prices found with floats then proved exactly


@_settings(150)
@given(
    election=add1_elections,
    stop=st.sampled_from(list(Add1Stop)),
    offset=st.integers(0, 60),
    width=st.integers(1, 40),
)
def test_the_screen_vouches_only_for_shares_at_which_add1_goes_on(
    election: Election, stop: Add1Stop, offset: int, width: int
) -> None:
    """Every share the screen vouches for, whether for a whole range or for one end of it, gives an
    outcome within budget that (under exhaustive-or-overspend) leaves room for another candidate."""
    satisfaction = Satisfaction.POINTS if election.vote_type.has_points else Satisfaction.COST
    counter = EqualSharesCounter(election, satisfaction, SMALLEST_PROJECT_ID)
    screen = EqualSharesScreen(
        counter, budget=mpq(election.budget), exhaustive_stops=stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND
    )
    lowest = Fraction(election.budget) / election.voter_count + offset
    highest = lowest + width - 1
    verdict = screen.screen(float(lowest), float(highest))
    vouched = list(range(width)) if verdict.every else [0] * verdict.lowest + [width - 1] * verdict.highest
    for step in vouched:
        outcome = method_of_equal_shares(election, satisfaction=satisfaction, share=lowest + step)
        assert outcome.total_cost <= election.budget
        if stop is Add1Stop.EXHAUSTIVE_OR_OVERSPEND:
            assert not reference.is_exhaustive(election, _KIND[satisfaction], outcome.selected)


@st.composite
def _supporters_alike(draw: st.DrawFn) -> tuple[mpq, mpq, list[tuple[mpq, mpq, int]]]:
    """A cost, a satisfaction all supporters share, and (budget, satisfaction, voters) for each
    budget class among them, some budgets just either side of (or at) what the price asks of them."""
    cost = mpq(draw(st.integers(1, 10**9)))
    satisfaction = mpq(draw(st.integers(1, 10**6)), draw(st.sampled_from([1, 1, 3, 7])))
    voters = draw(st.lists(st.integers(1, 40), min_size=2, max_size=10))
    total = satisfaction * sum(voters)
    # Some multiple of what each would pay if everyone paid in full, give or take up to a tenth.
    multiples = [2, 3, 1, mpq(1, 2), mpq(3, 4), mpq(5, 4), 4, mpq(1, 4), 0]
    budgets = [
        draw(st.sampled_from(multiples)) * (1 + mpq(draw(st.integers(-1000, 1000)), 10**4)) * cost / sum(voters)
        for _ in voters
    ]
    kinds = [(budget, satisfaction, count) for budget, count in zip(budgets, voters, strict=True)]
    rho = _rho(cost, total, kinds, alike=True)
    if rho is not None:
        near = rho * satisfaction
        for position in draw(st.lists(st.integers(0, len(kinds) - 1), max_size=3)):
            nudge = draw(st.sampled_from([0, 1, -1])) * mpq(1, 10 ** draw(st.integers(9, 30)))
            kinds[position] = (near * (1 + nudge), satisfaction, kinds[position][2])
    distinct: dict[mpq, int] = {}
    for budget, _, count in kinds:
        distinct[budget] = distinct.get(budget, 0) + count
    return cost, satisfaction, [(budget, satisfaction, count) for budget, count in distinct.items()]


@_settings(400)
@given(supporters=_supporters_alike())
def test_a_price_found_with_floats_is_the_exact_price_or_is_left_to_exact_arithmetic(
    supporters: tuple[mpq, mpq, list[tuple[mpq, mpq, int]]],
) -> None:
    cost, satisfaction, kinds = supporters
    total = satisfaction * sum(count for _, _, count in kinds)
    budgets = [budget for budget, _, _ in kinds]
    found = _Approximate.rho(
        cost,
        total,
        satisfaction,
        np.arange(len(kinds)),
        np.array([float(count) for _, _, count in kinds]),
        budgets,
        np.array([float(budget) for budget in budgets]),
    )
    assert found is _Approximate.UNSURE or found == _rho(cost, total, kinds, alike=True)
