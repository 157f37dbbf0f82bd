"""Compute what pabutools 1.2.3 selects on every shared Pabulib file, for the conformance tests.

Writes ``tests/allocation/expected/pabutools_1.2.3.json``: for each file in the shared ``pabulib/``
folder (with its sha256, so a test can tell the data has not changed) and for each rule below that
applies to its ballots, the project ids pabutools selects *in the order it selects them*, or a note
that pabutools did not finish within the time cap. ``tests/allocation/test_conformance.py`` compares
``coopcouncil.allocation`` with these results where pabutools is too slow to run in the test itself.

Run it from the repository root::

    uv run --frozen python scripts/pabutools_expected.py               # every file, every rule
    uv run --frozen python scripts/pabutools_expected.py --only Poland_Swiecie_2023.pb   # redo one file

Options: ``--timeout`` (seconds per run, default 900), ``--jobs`` (runs at once, default 2),
``--shared`` (the shared folder; default ``$COOPCOUNCIL_SHARED_DIR`` or ``../shared``). ``--only``
merges the new results into the existing JSON.

How long it takes: 62 minutes (3,740 s wall clock, ``total_seconds`` in the JSON) on the 2-core
development machine with ``--jobs 2`` and the default cap of 900 s, measured 2026-11-22 while other
work shared the machine. Most of it is Add1 and Add1-then-greedy on the largest files: 4 runs of
900 s that do not finish (``Poland_Warszawa_2026``, ``Hungary_Budapest_2024``), about 10 minutes
each on ``Poland_Lodz_2022`` and ``Poland_Warszawa_2020_Praga-Poludnie``, 3 on ``France_Toulouse_2022``
and ``Poland_Warszawa_2022_Wawer``. Everything else takes about 5 minutes.

How pabutools is called, so that the stored result is pabutools' own answer:

* each rule runs in a fresh Python process (``--case``), killed when it passes the time cap;
* the file is read with ``pabutools.election.parse_pabulib`` and the profile grouped with pabutools'
  own ``profile.as_multiprofile()``. Voters with identical ballots are treated alike at every step of
  every rule here (greedy sums satisfaction, MES and Phragmén give them equal budgets and loads), so
  grouping changes the running time only, never the outcome; the conformance test re-runs pabutools
  on the small files, where both are quick;
* ``BudgetAllocation`` is a list kept in the order projects are added, for greedy, Equal Shares and
  its completions. Sequential Phragmén sorts its result by project name before returning it, so its
  order of selection is read from the tie-breaking rule, which pabutools asks once per round, just
  before buying the first project of the order it returns (see ``_RecordingTieBreaking``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pabutools.election import (
    AbstractBallot,
    AbstractProfile,
    Additive_Cardinal_Sat,
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

REPOSITORY = Path(__file__).resolve().parents[1]
EXPECTED_PATH = REPOSITORY / "tests" / "allocation" / "expected" / "pabutools_1.2.3.json"
PABUTOOLS_VERSION = "1.2.3"
DEFAULT_TIMEOUT = 900
# Kraków's ranked ballots give 3 points to a first choice, 2 to a second, 1 to a third: the file's
# own ``score`` column is exactly these totals.
KRAKOW_POINTS_PER_RANK = (3, 2, 1)

APPROVAL = frozenset({"approval", "choose-1"})
CUMULATIVE = frozenset({"cumulative", "scoring"})
ORDINAL = frozenset({"ordinal"})


# --------------------------------------------------------------------------------------------------
# Satisfactions pabutools does not ship, built on its AdditiveSatisfaction.
#
# pabutools' greedy ranks projects by total satisfaction divided by cost. Cost_Sat (cost if the voter
# named the project) therefore ranks by votes, Cardinality_Sat by votes per unit of cost. For points
# ballots the same two rankings need points times cost, and points.


def _points_times_cost(
    instance: Instance, profile: AbstractProfile, ballot: AbstractBallot, project: Project, precomputed: dict[str, Any]
) -> Any:
    return ballot.get(project, 0) * project.cost


class PointsTimesCostSat(AdditiveSatisfaction):  # type: ignore[misc]
    """A voter's points for a project times its cost: greedy then ranks by total points."""

    def __init__(self, instance: Instance, profile: AbstractProfile, ballot: AbstractBallot) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_times_cost)


def _rank_points(ballot: AbstractBallot, project: Project) -> int:
    if project not in ballot:
        return 0
    rank = ballot.position(project)
    return KRAKOW_POINTS_PER_RANK[rank] if rank < len(KRAKOW_POINTS_PER_RANK) else 0


def _rank_points_times_cost(
    instance: Instance, profile: AbstractProfile, ballot: AbstractBallot, project: Project, precomputed: dict[str, Any]
) -> Any:
    return _rank_points(ballot, project) * project.cost


def _rank_points_only(
    instance: Instance, profile: AbstractProfile, ballot: AbstractBallot, project: Project, precomputed: dict[str, Any]
) -> Any:
    return _rank_points(ballot, project)


class RankPointsTimesCostSat(AdditiveSatisfaction):  # type: ignore[misc]
    """Points by rank (3, 2, 1) times cost: greedy then ranks by total points."""

    def __init__(self, instance: Instance, profile: AbstractProfile, ballot: AbstractBallot) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _rank_points_times_cost)


class RankPointsSat(AdditiveSatisfaction):  # type: ignore[misc]
    """Points by rank (3, 2, 1): greedy then ranks by total points per unit of cost."""

    def __init__(self, instance: Instance, profile: AbstractProfile, ballot: AbstractBallot) -> None:
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _rank_points_only)


class _RecordingTieBreaking(TieBreakingRule):  # type: ignore[misc]
    """pabutools' lexicographic tie-breaking, remembering the first project of every order it gives.

    Sequential Phragmén calls ``order`` once per round, on the projects tied for the smallest load,
    and buys the first one; so the firsts are the projects in the order they were bought.
    """

    def __init__(self) -> None:
        super().__init__(lexico_tie_breaking.func)
        self.firsts: list[Project] = []

    def order(
        self,
        instance: Collection[Project],
        profile: AbstractProfile,
        projects: Collection[Project],
        key: Callable[..., Project] | None = None,
    ) -> list[Project]:
        ordered: list[Project] = super().order(instance, profile, projects, key)
        self.firsts.append(ordered[0])
        return ordered


def _phragmen_in_selection_order(instance: Instance, profile: AbstractProfile) -> list[Project]:
    recorder = _RecordingTieBreaking()
    result = sequential_phragmen(instance, profile, tie_breaking=recorder)
    if sorted(p.name for p in recorder.firsts) != sorted(p.name for p in result):
        raise AssertionError("Phragmén bought other projects than the tie-breaking saw: cannot recover the order")
    return recorder.firsts


def _add1(sat_class: type) -> Callable[[Instance, AbstractProfile], list[Project]]:
    def run(instance: Instance, profile: AbstractProfile) -> list[Project]:
        return method_of_equal_shares(instance, profile, sat_class=sat_class, voter_budget_increment=1)  # type: ignore[no-any-return]

    return run


def _add1_then_greedy(mes_sat: type, greedy_sat: type) -> Callable[[Instance, AbstractProfile], list[Project]]:
    def run(instance: Instance, profile: AbstractProfile) -> list[Project]:
        return completion_by_rule_combination(  # type: ignore[no-any-return]
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": mes_sat, "voter_budget_increment": 1}, {"sat_class": greedy_sat}],
        )

    return run


@dataclass(frozen=True)
class PabutoolsRule:
    """One rule as pabutools runs it, and the ballots it is compared on."""

    key: str
    description: str
    call: str  # the pabutools call, as written in the JSON
    vote_types: frozenset[str]
    run: Callable[[Instance, AbstractProfile], list[Project]] = field(repr=False)


def _greedy(sat_class: type) -> Callable[[Instance, AbstractProfile], list[Project]]:
    def run(instance: Instance, profile: AbstractProfile) -> list[Project]:
        return greedy_utilitarian_welfare(instance, profile, sat_class=sat_class)  # type: ignore[no-any-return]

    return run


def _mes(sat_class: type) -> Callable[[Instance, AbstractProfile], list[Project]]:
    def run(instance: Instance, profile: AbstractProfile) -> list[Project]:
        return method_of_equal_shares(instance, profile, sat_class=sat_class)  # type: ignore[no-any-return]

    return run


RULES: Mapping[str, PabutoolsRule] = {
    rule.key: rule
    for rule in (
        PabutoolsRule(
            "greedy_cost",
            "greedy by votes",
            "greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)",
            APPROVAL,
            _greedy(Cost_Sat),
        ),
        PabutoolsRule(
            "greedy_cardinality",
            "greedy by votes per unit of cost",
            "greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)",
            APPROVAL,
            _greedy(Cardinality_Sat),
        ),
        PabutoolsRule(
            "mes_cost",
            "Method of Equal Shares, cost satisfaction",
            "method_of_equal_shares(instance, profile, sat_class=Cost_Sat)",
            APPROVAL,
            _mes(Cost_Sat),
        ),
        PabutoolsRule(
            "mes_cardinality",
            "Method of Equal Shares, cardinality satisfaction",
            "method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)",
            APPROVAL,
            _mes(Cardinality_Sat),
        ),
        PabutoolsRule(
            "mes_cost_add1",
            "Method of Equal Shares, cost satisfaction, completed by Add1 (increment 1, equalshares.net style)",
            "method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)",
            APPROVAL,
            _add1(Cost_Sat),
        ),
        PabutoolsRule(
            "mes_cost_add1u",
            "Add1 as above, then greedy by votes (add1u)",
            "completion_by_rule_combination(instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare], "
            "[{'sat_class': Cost_Sat, 'voter_budget_increment': 1}, {'sat_class': Cost_Sat}])",
            APPROVAL,
            _add1_then_greedy(Cost_Sat, Cost_Sat),
        ),
        PabutoolsRule(
            "phragmen",
            "sequential Phragmén",
            "sequential_phragmen(instance, profile) (order of selection read from the tie-breaking rule)",
            APPROVAL,
            _phragmen_in_selection_order,
        ),
        PabutoolsRule(
            "greedy_points",
            "greedy by total points",
            "greedy_utilitarian_welfare(instance, profile, sat_class=PointsTimesCostSat)",
            CUMULATIVE,
            _greedy(PointsTimesCostSat),
        ),
        PabutoolsRule(
            "greedy_points_per_cost",
            "greedy by total points per unit of cost",
            "greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Cardinal_Sat)",
            CUMULATIVE,
            _greedy(Additive_Cardinal_Sat),
        ),
        PabutoolsRule(
            "mes_points",
            "Method of Equal Shares, points as satisfaction",
            "method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)",
            CUMULATIVE,
            _mes(Additive_Cardinal_Sat),
        ),
        PabutoolsRule(
            "mes_points_add1",
            "Method of Equal Shares, points as satisfaction, completed by Add1 (increment 1)",
            "method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat, voter_budget_increment=1)",
            CUMULATIVE,
            _add1(Additive_Cardinal_Sat),
        ),
        PabutoolsRule(
            "mes_points_add1u",
            "Add1 with points as above, then greedy by total points",
            "completion_by_rule_combination(instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare], "
            "[{'sat_class': Additive_Cardinal_Sat, 'voter_budget_increment': 1}, {'sat_class': PointsTimesCostSat}])",
            CUMULATIVE,
            _add1_then_greedy(Additive_Cardinal_Sat, PointsTimesCostSat),
        ),
        PabutoolsRule(
            "greedy_rank_points",
            f"greedy by total points by rank {KRAKOW_POINTS_PER_RANK}",
            "greedy_utilitarian_welfare(instance, profile, sat_class=RankPointsTimesCostSat)",
            ORDINAL,
            _greedy(RankPointsTimesCostSat),
        ),
        PabutoolsRule(
            "greedy_rank_points_per_cost",
            f"greedy by total points by rank {KRAKOW_POINTS_PER_RANK} per unit of cost",
            "greedy_utilitarian_welfare(instance, profile, sat_class=RankPointsSat)",
            ORDINAL,
            _greedy(RankPointsSat),
        ),
    )
}

CUSTOM_SATISFACTIONS = {
    "PointsTimesCostSat": "AdditiveSatisfaction: points the voter gave the project, times its cost",
    "RankPointsTimesCostSat": f"AdditiveSatisfaction: points by rank {KRAKOW_POINTS_PER_RANK}, times the cost",
    "RankPointsSat": f"AdditiveSatisfaction: points by rank {KRAKOW_POINTS_PER_RANK}",
}


def rules_for(vote_type: str) -> list[PabutoolsRule]:
    return [rule for rule in RULES.values() if vote_type in rule.vote_types]


# --------------------------------------------------------------------------------------------------
# One run (in its own process), and all of them


def read_for_pabutools(path: Path) -> tuple[Instance, AbstractProfile]:
    instance, profile = parse_pabulib(str(path))
    return instance, profile.as_multiprofile()


def pabutools_selection(path: Path, rule_key: str) -> list[str]:
    """The project ids pabutools selects on the file, in the order it selects them."""
    instance, profile = read_for_pabutools(path)
    return [project.name for project in RULES[rule_key].run(instance, profile)]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vote_type_of(path: Path) -> str:
    """The META ``vote_type`` (read without parsing the whole file)."""
    with path.open(encoding="utf-8-sig") as file:
        for line in file:
            key, _, value = line.partition(";")
            if key.strip().lower() == "vote_type":
                return value.strip()
            if key.strip().lower() == "projects":
                break
    raise ValueError(f"{path.name}: no vote_type in META")


def _run_case(path: Path, rule_key: str) -> dict[str, Any]:
    started = time.perf_counter()
    instance, profile = read_for_pabutools(path)
    parsed = time.perf_counter()
    selected = [project.name for project in RULES[rule_key].run(instance, profile)]
    finished = time.perf_counter()
    return {
        "status": "finished",
        "selected": selected,
        "parse_seconds": round(parsed - started, 3),
        "rule_seconds": round(finished - parsed, 3),
    }


def _case_in_subprocess(path: Path, rule_key: str, timeout: float, nice: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--case", str(path), rule_key]
    started = time.perf_counter()
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, with arguments we built
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
        )
    except subprocess.TimeoutExpired:
        return {"status": "did_not_finish", "note": f"did not finish within {timeout:g} s"}
    elapsed = round(time.perf_counter() - started, 1)
    if completed.returncode != 0:
        tail = completed.stderr.strip().splitlines()[-5:]
        return {"status": "error", "note": " | ".join(tail), "wall_seconds": elapsed}
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def _heaviness(path: Path, rule_key: str) -> float:
    """Start the longest runs first, so two workers finish together."""
    return path.stat().st_size * (20 if "add1" in rule_key else 1)


def compute(
    shared: Path, files: Sequence[str] | None, timeout: float, jobs: int, nice: int, previous: dict[str, Any] | None
) -> dict[str, Any]:
    pabulib = shared / "pabulib"
    paths = sorted(pabulib.glob("*.pb"))
    if files:
        wanted = set(files)
        missing = wanted - {p.name for p in paths}
        if missing:
            raise SystemExit(f"Not in {pabulib}: {', '.join(sorted(missing))}")
        paths = [p for p in paths if p.name in wanted]
    cases = [(path, rule.key) for path in paths for rule in rules_for(vote_type_of(path))]
    cases.sort(key=lambda case: -_heaviness(*case))

    started = time.perf_counter()
    results: dict[tuple[str, str], dict[str, Any]] = {}

    def one(case: tuple[Path, str]) -> None:
        path, rule_key = case
        result = _case_in_subprocess(path, rule_key, timeout, nice)
        results[(path.name, rule_key)] = result
        summary = result.get("note") or f"{len(result['selected'])} projects in {result['rule_seconds']} s"
        sys.stderr.write(f"[{time.perf_counter() - started:7.0f} s] {path.name} {rule_key}: {summary}\n")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, cases))

    data: dict[str, Any] = previous if previous is not None else {}
    data.update(
        {
            "pabutools_version": version("pabutools"),
            "generated_by": "scripts/pabutools_expected.py",
            "timeout_seconds": timeout,
            "profile": "pabutools.election.parse_pabulib(path), then profile.as_multiprofile()",
            "tie_breaking": "pabutools default: lexico_tie_breaking (smallest project id as a string)",
            "custom_satisfactions": CUSTOM_SATISFACTIONS,
            "rules": {
                rule.key: {
                    "description": rule.description,
                    "pabutools": rule.call,
                    "vote_types": sorted(rule.vote_types),
                }
                for rule in RULES.values()
            },
        }
    )
    if previous is None or not files:
        data["total_seconds"] = round(time.perf_counter() - started)
        data["jobs"] = jobs
    stored_files: dict[str, Any] = data.setdefault("files", {})
    for path in paths:
        vote_type = vote_type_of(path)
        stored_files[path.name] = {
            "sha256": sha256_of(path),
            "vote_type": vote_type,
            "results": {rule.key: results[(path.name, rule.key)] for rule in rules_for(vote_type)},
        }
    data["files"] = dict(sorted(stored_files.items()))
    return data


def _default_shared() -> Path:
    return Path(os.environ.get("COOPCOUNCIL_SHARED_DIR", REPOSITORY.parent / "shared"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=_default_shared(), help="the shared folder (holds pabulib/)")
    parser.add_argument("--only", nargs="+", metavar="FILE", help="only these .pb files; merged into the JSON")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per run (default 900)")
    parser.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the runs (default 10; 0 to leave as is)")
    parser.add_argument("--output", type=Path, default=EXPECTED_PATH)
    parser.add_argument("--case", nargs=2, metavar=("PATH", "RULE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.case:
        path, rule_key = args.case
        sys.stdout.write(json.dumps(_run_case(Path(path), rule_key)))
        return 0

    if version("pabutools") != PABUTOOLS_VERSION:
        raise SystemExit(f"pabutools {version('pabutools')} is installed; this script records {PABUTOOLS_VERSION}")
    previous = json.loads(args.output.read_text()) if args.only and args.output.exists() else None
    data = compute(args.shared, args.only, args.timeout, args.jobs, args.nice, previous)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    sys.stderr.write(f"Wrote {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
