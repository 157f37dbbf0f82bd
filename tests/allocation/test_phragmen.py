from __future__ import annotations

from fractions import Fraction

import pytest

from coopcouncil.allocation.model import ElectionError, VoteType
from coopcouncil.allocation.rules.phragmen import sequential_phragmen
from tests.allocation.elections import approval_election, points_election


def test_buys_the_project_that_leaves_the_smallest_highest_load() -> None:
    # a: 60 spread over 3 backers (load 20); b: 30 over 1 (load 30). Then b again: v0 already carries 20.
    election = approval_election(100, {"a": 60, "b": 30}, [["a", "b"], ["a"], ["a"]])
    result = sequential_phragmen(election)
    assert result.selected == ("a", "b")
    assert result.projects["a"].price_per_satisfaction == 20
    assert result.projects["b"].price_per_satisfaction == Fraction(50)  # (20 + 30) / 1


def test_stops_at_the_first_tied_minimiser_that_does_not_fit() -> None:
    election = approval_election(50, {"a": 40, "b": 30}, [["a"], ["a"], ["b"]])
    assert sequential_phragmen(election).selected == ("a",)


def test_only_approval_ballots() -> None:
    election = points_election(10, {"a": 5}, [{"a": 3}], vote_type=VoteType.CUMULATIVE)
    with pytest.raises(ElectionError, match="approval"):
        sequential_phragmen(election)
