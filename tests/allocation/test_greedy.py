from __future__ import annotations

from fractions import Fraction

import pytest

from coopcouncil.allocation.model import ElectionError, NotFundedReason, VoteType
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.tie_breaking import DRAW_LOTS, LOWEST_COST, explicit_order
from tests.allocation.elections import approval_election, points_election


def test_funds_by_votes_and_skips_what_does_not_fit() -> None:
    election = approval_election(10, {"a": 6, "b": 5, "c": 4}, [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]])
    result = greedy(election)
    assert result.selected == ("a", "c") and result.total_cost == 10
    assert result.projects["b"].reason is NotFundedReason.DID_NOT_FIT and result.projects["b"].detail == 4
    assert result.projects["c"].step == 2


def test_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    election = approval_election(10, {"a": 6, "b": 5, "c": 4}, [["a"], ["a"], ["a"], ["b"], ["b"], ["c"]])
    result = greedy(election, skip=False)
    assert result.selected == ("a",)
    assert result.projects["b"].reason is NotFundedReason.DID_NOT_FIT
    assert result.projects["c"].reason is NotFundedReason.STOPPED


def test_threshold_excludes_projects_with_too_few_votes() -> None:
    election = approval_election(100, {"a": 6, "b": 5}, [["a"], ["a"], ["b"]])
    result = greedy(election, minimum_score=2)
    assert result.selected == ("a",)
    assert result.projects["b"].reason is NotFundedReason.BELOW_THRESHOLD and result.projects["b"].detail == 1


def test_votes_per_pound_ranks_cheap_popular_projects_first() -> None:
    election = approval_election(10, {"big": 10, "small": 2}, [["big"], ["big"], ["big"], ["small"]])
    assert greedy(election).selected == ("big",)
    assert greedy(election, per_cost=True).selected == ("small",)
    assert greedy(election, per_cost=True).projects["small"].score == Fraction(1, 2)


def test_projects_without_votes_fill_leftover_money_last_unless_told_not_to() -> None:
    election = approval_election(10, {"a": 5, "nobody": 3}, [["a"]])
    assert greedy(election).selected == ("a", "nobody")
    refused = greedy(election, fund_unsupported=False)
    assert refused.selected == ("a",)
    assert refused.projects["nobody"].reason is NotFundedReason.NO_SUPPORTERS


def test_cumulative_ballots_count_total_points() -> None:
    election = points_election(
        5, {"a": 5, "b": 5}, [{"a": 1, "b": 9}, {"b": 1}, {"a": 6}, {"a": 2}], vote_type=VoteType.CUMULATIVE
    )
    result = greedy(election)
    assert result.selected == ("b",) and result.projects["a"].score == 9


def test_ranked_ballots_need_points_per_rank() -> None:
    election = approval_election(5, {"a": 5, "b": 5}, [["a", "b"], ["b", "a"], ["b"]], vote_type=VoteType.ORDINAL)
    with pytest.raises(ElectionError, match="points per rank"):
        greedy(election)
    assert greedy(election, points_per_rank=[2, 1]).selected == ("b",)


class TieTests:
    def test_smallest_id_as_a_string_settles_a_tie_by_default(self) -> None:
        election = approval_election(10, {"9": 6, "10": 6}, [["9"], ["10"]])
        result = greedy(election)
        assert result.selected == ("10",)  # "10" < "9" as strings, as in pabutools
        assert result.ties[0].project_ids == ("10", "9") and result.ties[0].chosen == "10"

    def test_a_tie_where_everything_fits_has_no_effect(self) -> None:
        election = approval_election(20, {"x": 6, "y": 6}, [["x"], ["y"]])
        result = greedy(election, tie_breaking=DRAW_LOTS)
        assert result.complete and set(result.selected) == {"x", "y"}
        assert result.ties[0].settled_by == "no effect: all fit"

    def test_refusing_stops_the_count_for_lots_to_be_drawn(self) -> None:
        election = approval_election(10, {"x": 6, "y": 6}, [["x"], ["y"]])
        result = greedy(election, tie_breaking=DRAW_LOTS)
        assert not result.complete and result.unresolved_tie is not None
        assert result.unresolved_tie.project_ids == ("x", "y")
        assert result.projects["x"].reason is NotFundedReason.UNDECIDED
        recount = greedy(election, tie_breaking=explicit_order(["y", "x"]))
        assert recount.complete and recount.selected == ("y",)

    def test_lowest_cost_then_smallest_id(self) -> None:
        election = approval_election(10, {"a": 7, "b": 6, "c": 6}, [["a"], ["b"], ["c"]])
        assert greedy(election, tie_breaking=LOWEST_COST).selected == ("b",)
