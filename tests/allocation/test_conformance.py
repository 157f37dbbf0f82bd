"""Our rules give exactly pabutools 1.2.3's answers on every shared Pabulib file: same projects, same order.

pabutools is the reference implementation. Where it answers quickly (about a second, parsing
included), the test runs it now on the file, with the profile exactly as pabutools reads it. Where
it is slow (minutes on the city-wide files), the test compares with the results that
``scripts/pabutools_expected.py`` computed with pabutools and stored in
``expected/pabutools_1.2.3.json``, after checking that the file is byte for byte the one pabutools
was run on (sha256). The live runs also check the stored results, so the script's way of calling
pabutools (ballots grouped with ``as_multiprofile``; Phragmén's order read from its tie-breaking)
is tested on the small files.

Which of our calls matches which pabutools call (the JSON lists the pabutools side too):

============================  =====================================================================
``greedy_cost``               ``greedy`` by votes; pabutools' greedy with ``Cost_Sat``
``greedy_cardinality``        ``greedy(per_cost=True)``; ``Cardinality_Sat``
``mes_cost``                  Equal Shares, cost satisfaction
``mes_cardinality``           Equal Shares, cardinality satisfaction
``mes_cost_add1``             Add1 (start at budget / voters, +1, stop when exhaustive or overspent)
``mes_cost_add1u``            Add1, then greedy by votes
``phragmen``                  sequential Phragmén
``greedy_points``             cumulative ballots: greedy by total points
``greedy_points_per_cost``    cumulative ballots: greedy by total points per unit of cost
``mes_points``, ``_add1``,    cumulative ballots: Equal Shares with points as satisfaction (pabutools'
``_add1u``                    ``Additive_Cardinal_Sat``), and its Add1 and Add1-then-greedy
``greedy_rank_points``        Kraków's ranked ballots: greedy by points 3, 2, 1 (and per unit of cost)
============================  =====================================================================

Where pabutools did not finish within the script's time cap (Add1 on ``Poland_Warszawa_2026`` and
``Hungary_Budapest_2024``) there is nothing to compare with here: those counts are checked against
the slow, obviously correct reference implementation in ``tests/allocation/reference.py`` and its
property tests, not by this module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from pabutools.election import AbstractProfile, Instance, parse_pabulib
from scripts.pabutools_expected import EXPECTED_PATH, KRAKOW_POINTS_PER_RANK, RULES, rules_for

from coopcouncil.allocation.completion import equal_shares_add1, equal_shares_add1_then_greedy
from coopcouncil.allocation.model import Allocation, Election
from coopcouncil.allocation.pabulib import read_pabulib
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.rules.equal_shares import method_of_equal_shares
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.rules.phragmen import sequential_phragmen

# pabutools runs in the test when it took less than this (reading the file included) in the script.
LIVE_UNDER_SECONDS = 1.0

OUR_RULES: dict[str, Callable[[Election], Allocation]] = {
    "greedy_cost": lambda election: greedy(election),
    "greedy_cardinality": lambda election: greedy(election, per_cost=True),
    "mes_cost": lambda election: method_of_equal_shares(election, satisfaction=Satisfaction.COST),
    "mes_cardinality": lambda election: method_of_equal_shares(election, satisfaction=Satisfaction.CARDINALITY),
    "mes_cost_add1": lambda election: equal_shares_add1(election, satisfaction=Satisfaction.COST),
    "mes_cost_add1u": lambda election: equal_shares_add1_then_greedy(election, satisfaction=Satisfaction.COST),
    "phragmen": lambda election: sequential_phragmen(election),
    "greedy_points": lambda election: greedy(election),
    "greedy_points_per_cost": lambda election: greedy(election, per_cost=True),
    "mes_points": lambda election: method_of_equal_shares(election, satisfaction=Satisfaction.POINTS),
    "mes_points_add1": lambda election: equal_shares_add1(election, satisfaction=Satisfaction.POINTS),
    "mes_points_add1u": lambda election: equal_shares_add1_then_greedy(election, satisfaction=Satisfaction.POINTS),
    "greedy_rank_points": lambda election: greedy(election, points_per_rank=KRAKOW_POINTS_PER_RANK),
    "greedy_rank_points_per_cost": lambda election: greedy(
        election, points_per_rank=KRAKOW_POINTS_PER_RANK, per_cost=True
    ),
}

EXPECTED: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))

# Runs pabutools did not finish within the script's time cap. A count here is checked against the
# reference implementation (tests/allocation/reference.py), not against pabutools.
PABUTOOLS_DID_NOT_FINISH = {
    ("Hungary_Budapest_2024.pb", "mes_cost_add1"),
    ("Hungary_Budapest_2024.pb", "mes_cost_add1u"),
    ("Poland_Warszawa_2026.pb", "mes_cost_add1"),
    ("Poland_Warszawa_2026.pb", "mes_cost_add1u"),
}


@dataclass(frozen=True)
class Case:
    file_name: str
    rule: str
    selected: tuple[str, ...]
    pabutools_seconds: float

    @property
    def live(self) -> bool:
        return self.pabutools_seconds < LIVE_UNDER_SECONDS

    def __str__(self) -> str:
        return f"{self.file_name.removesuffix('.pb')}-{self.rule}"


def _cases() -> list[Case]:
    cases = []
    for file_name, stored in EXPECTED["files"].items():
        for rule, result in stored["results"].items():
            if result["status"] == "finished":
                seconds = result["parse_seconds"] + result["rule_seconds"]
                cases.append(Case(file_name, rule, tuple(result["selected"]), seconds))
    return cases


CASES = _cases()
LIVE_CASES = [case for case in CASES if case.live]
STORED_CASES = [case for case in CASES if not case.live]


@lru_cache(maxsize=1)
def our_election(path: Path) -> Election:
    return read_pabulib(path)


@lru_cache(maxsize=1)
def pabutools_election(path: Path) -> tuple[Instance, AbstractProfile]:
    return parse_pabulib(str(path))


@cache
def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pabulib_path(shared_dir: Path, file_name: str) -> Path:
    return shared_dir / "pabulib" / file_name


def test_the_stored_results_were_computed_with_pabutools_1_2_3() -> None:
    assert EXPECTED["pabutools_version"] == "1.2.3"
    assert version("pabutools") == "1.2.3"


def test_every_shared_file_has_stored_results(shared_dir: Path) -> None:
    on_disk = {path.name for path in (shared_dir / "pabulib").glob("*.pb")}
    assert on_disk == set(EXPECTED["files"])


@pytest.mark.parametrize("file_name", list(EXPECTED["files"]))
def test_each_file_is_byte_for_byte_the_one_pabutools_counted(shared_dir: Path, file_name: str) -> None:
    stored = EXPECTED["files"][file_name]
    path = pabulib_path(shared_dir, file_name)
    assert sha256_of(path) == stored["sha256"]
    assert our_election(path).vote_type.value == stored["vote_type"]


@pytest.mark.parametrize("file_name", list(EXPECTED["files"]))
def test_each_file_was_counted_by_every_rule_for_its_ballots(file_name: str) -> None:
    stored = EXPECTED["files"][file_name]
    assert set(stored["results"]) == {rule.key for rule in rules_for(stored["vote_type"])}
    assert all(result["status"] in {"finished", "did_not_finish"} for result in stored["results"].values())


def test_every_pabutools_rule_has_our_counterpart() -> None:
    assert set(OUR_RULES) == set(RULES) == set(EXPECTED["rules"])


def test_pabutools_did_not_finish_only_add1_on_the_two_largest_files() -> None:
    """These counts are compared with the reference implementation (tests/allocation/reference.py) instead."""
    not_finished = {
        (file_name, rule)
        for file_name, stored in EXPECTED["files"].items()
        for rule, result in stored["results"].items()
        if result["status"] == "did_not_finish"
    }
    assert not_finished == PABUTOOLS_DID_NOT_FINISH
    for file_name, rule in not_finished:
        note = EXPECTED["files"][file_name]["results"][rule]["note"]
        assert note == f"did not finish within {EXPECTED['timeout_seconds']:g} s"


@pytest.mark.parametrize("case", LIVE_CASES, ids=str)
def test_our_count_equals_pabutools_run_now(shared_dir: Path, case: Case) -> None:
    path = pabulib_path(shared_dir, case.file_name)
    instance, profile = pabutools_election(path)
    theirs = tuple(project.name for project in RULES[case.rule].run(instance, profile))
    # The script grouped the ballots; pabutools on the ballots as read must give the same answer.
    assert theirs == case.selected
    ours = OUR_RULES[case.rule](our_election(path))
    assert ours.complete
    assert ours.selected == theirs


@pytest.mark.parametrize("case", STORED_CASES, ids=str)
def test_our_count_equals_the_stored_pabutools_result(shared_dir: Path, case: Case) -> None:
    path = pabulib_path(shared_dir, case.file_name)
    assert sha256_of(path) == EXPECTED["files"][case.file_name]["sha256"], "the file changed: rerun the script"
    ours = OUR_RULES[case.rule](our_election(path))
    assert ours.complete
    assert ours.selected == case.selected
