from __future__ import annotations

from fractions import Fraction

import pytest

from coopcouncil.allocation.completion import Add1Stop, equal_shares_add1, equal_shares_add1_then_greedy
from coopcouncil.allocation.model import ElectionError, NotFundedReason, VoteType
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.rules.equal_shares import method_of_equal_shares
from coopcouncil.allocation.tie_breaking import DRAW_LOTS, explicit_order
from tests.allocation.elections import approval_election, points_election


def test_each_voter_starts_with_an_equal_share_and_pays_for_what_they_back() -> None:
    # 4 voters, 100 each. Three back "park" (cost 240): 80 each. The fourth backs "library" (200): cannot pay.
    election = approval_election(400, {"park": 240, "library": 200}, [["park"], ["park"], ["park"], ["library"]])
    result = method_of_equal_shares(election, satisfaction=Satisfaction.CARDINALITY)
    assert result.selected == ("park",)
    park = result.projects["park"]
    assert park.price_per_satisfaction == 80 and park.largest_payment == 80
    library = result.projects["library"]
    assert library.reason is NotFundedReason.SUPPORTERS_RAN_OUT and library.detail == 100
    assert result.voters["v0"].starting_share == 100 and result.voters["v0"].left == 20
    assert result.voters["v3"].payments == () and result.voters["v3"].left == 100


def test_poorer_supporters_pay_all_they_have_and_richer_ones_cover_the_rest() -> None:
    # v0 alone buys "a" (rho 30) and has 70 left; "b" (cost 240) would ask 80 of each of its three
    # backers, more than v0 has, so v0 pays its 70 and v1, v2 pay (240 - 70) / 2 = 85 each.
    election = approval_election(300, {"a": 30, "b": 240}, [["a", "b"], ["b"], ["b"]])
    result = method_of_equal_shares(election, satisfaction=Satisfaction.CARDINALITY)
    assert result.selected == ("a", "b")
    assert result.projects["b"].price_per_satisfaction == 85
    assert result.voters["v0"].payments == (("a", Fraction(30)), ("b", Fraction(70)))
    assert result.voters["v1"].payments == (("b", Fraction(85)),)
    assert result.voters["v0"].left == 0


def test_unsupported_projects_are_never_bought_and_free_supported_ones_come_first() -> None:
    election = approval_election(100, {"free": 0, "a": 50, "nobody": 1}, [["a", "free"], ["a"]])
    result = method_of_equal_shares(election, satisfaction=Satisfaction.CARDINALITY)
    assert result.selected == ("free", "a")
    assert result.projects["nobody"].reason is NotFundedReason.NO_SUPPORTERS


def test_points_are_the_satisfaction_for_cumulative_ballots() -> None:
    election = points_election(20, {"a": 10, "b": 10}, [{"a": 3, "b": 1}, {"a": 1}], vote_type=VoteType.CUMULATIVE)
    result = method_of_equal_shares(election, satisfaction=Satisfaction.POINTS)
    assert result.selected[0] == "a"
    with pytest.raises(ElectionError):
        method_of_equal_shares(election, satisfaction=Satisfaction.COST)


def test_ranked_ballots_are_refused_with_a_reason() -> None:
    election = approval_election(10, {"a": 5}, [["a"]], vote_type=VoteType.ORDINAL)
    with pytest.raises(ElectionError, match="ranked"):
        method_of_equal_shares(election)


def test_a_tie_is_reported_and_can_be_refused_for_lots() -> None:
    election = approval_election(20, {"x": 10, "y": 10}, [["x"], ["y"]])
    settled = method_of_equal_shares(election)
    assert settled.selected == ("x", "y") and settled.ties[0].project_ids == ("x", "y")
    refused = method_of_equal_shares(election, tie_breaking=DRAW_LOTS)
    assert not refused.complete and refused.projects["y"].reason is NotFundedReason.UNDECIDED
    drawn = method_of_equal_shares(election, tie_breaking=explicit_order(["y", "x"]))
    assert drawn.selected == ("y", "x")


class Add1Tests:
    # 3 voters, budget 300: a (cost 150) backed by v0, v1; b (cost 120) backed by v2 only.
    # With 100 each, b cannot be paid for (v2 has 100). Raising shares lets v2 pay for b.
    election = approval_election(300, {"a": 150, "b": 120}, [["a"], ["a"], ["b"]])

    def test_plain_equal_shares_leaves_money(self) -> None:
        assert method_of_equal_shares(self.election).selected == ("a",)

    def test_add1_raises_shares_until_the_result_is_exhaustive(self) -> None:
        result = equal_shares_add1(self.election)
        assert result.selected == ("a", "b") and result.total_cost == 270
        assert result.parameters["final_share"] == 120 and result.parameters["increments"] == 20

    def test_add1_never_overspends(self) -> None:
        tight = approval_election(260, {"a": 150, "b": 120}, [["a"], ["a"], ["b"]])
        result = equal_shares_add1(tight)
        assert result.total_cost <= 260 and result.selected == ("a",)

    def test_the_within_budget_stop_rule_keeps_raising(self) -> None:
        result = equal_shares_add1(self.election, stop=Add1Stop.WITHIN_BUDGET)
        assert result.selected == ("a", "b")
        assert result.parameters["stop"] == "within-budget"

    def test_add1u_fills_what_is_left_greedily(self) -> None:
        election = approval_election(300, {"a": 150, "b": 140, "c": 10}, [["a"], ["a"], ["b"], ["c"]])
        result = equal_shares_add1_then_greedy(election)
        assert result.total_cost <= 300
        assert result.parameters["completion"] == "add1u"
