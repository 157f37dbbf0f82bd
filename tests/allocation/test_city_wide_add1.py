"""Add1 on the city-wide files pabutools cannot finish agrees with the slow reference.

pabutools 1.2.3 does not finish Equal Shares with Add1 on Warszawa 2026 (61,668 voters, 184
increments) or Budapest 2024 within 15 minutes, so there is no pabutools result to compare with.
``scripts/reference_expected.py`` counted, with the slow reference in ``reference.py``, the two
shares that decide our result (a minute or more each): the final share, where the reference must
buy the same projects in the same order with the same payment from every voter, and why Add1
stopped there (the outcome is exhaustive, or one more increment overspends). This test recounts
each file with our library and checks it against what the reference found.
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from scripts.reference_expected import EXPECTED_PATH, FILES, payments_digest

from coopcouncil.allocation.completion import equal_shares_add1, equal_shares_add1_then_greedy
from coopcouncil.allocation.model import Allocation, Election
from coopcouncil.allocation.pabulib import read_pabulib
from tests.allocation import reference

EXPECTED: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))


@cache
def _election(path: Path) -> Election:
    return read_pabulib(path)


@cache
def _add1(path: Path) -> Allocation:
    return equal_shares_add1(_election(path))


def _file(shared_dir: Path, name: str) -> Path:
    path = shared_dir / "pabulib" / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == EXPECTED["files"][name]["sha256"], (
        f"{name} is not the file the reference counted: run scripts/reference_expected.py again"
    )
    return path


@pytest.mark.parametrize("name", FILES)
def test_add1_stops_where_the_reference_says_it_should(shared_dir: Path, name: str) -> None:
    path = _file(shared_dir, name)
    expected = EXPECTED["files"][name]
    at_final, higher = expected["at_final_share"], expected["one_increment_higher"]
    ours = _add1(path)

    assert ours.parameters["final_share"] == Fraction(expected["final_share"])
    assert ours.parameters["increments"] == expected["increments"]
    assert list(ours.selected) == at_final["selected"]
    assert (
        payments_digest({voter: list(account.payments) for voter, account in ours.voters.items()})
        == (at_final["payments_sha256"])
    )
    # Within budget at the final share; and Add1 had to stop there.
    assert Fraction(at_final["total_cost"]) <= Fraction(expected["budget"])
    assert at_final["exhaustive"] or Fraction(higher["total_cost"]) > Fraction(expected["budget"])
    assert ours.total_cost == Fraction(at_final["total_cost"])


@pytest.mark.parametrize("name", FILES)
def test_add1_then_greedy_fills_what_the_reference_would(shared_dir: Path, name: str) -> None:
    path = _file(shared_dir, name)
    election = _election(path)
    add1 = _add1(path)
    add1u = equal_shares_add1_then_greedy(election)
    slow = reference.greedy(election, already_selected=add1.selected)
    assert add1u.selected[: len(add1.selected)] == add1.selected
    assert add1u.selected == slow.selected
