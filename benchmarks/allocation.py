"""Speed and memory of ``coopcouncil.allocation`` beside pabutools 1.2.3, on every shared Pabulib file.

For each file, one process reads it with both libraries and then runs every rule that applies to
its ballots, ours and pabutools' (called exactly as ``scripts/pabutools_expected.py`` calls it, so
the results can be compared). Each measurement runs in a child forked from that process, so both
libraries start from the same state and a pabutools run past the time cap can be stopped; the
child reports its wall time and its peak memory above what it started with (Linux's VmHWM, reset
at the start of the child). Where pabutools is stopped, the speed-up is a lower bound (">").

Run from the repository root (pabutools is a dev dependency)::

    uv run --frozen python benchmarks/allocation.py                 # every file; writes the table
    uv run --frozen python benchmarks/allocation.py --only Poland_Lodz_2022 --cap 60

The Markdown table goes to ``benchmarks/results/allocation.md`` (``--out``) and the README shows it.
Timings are for one run on whatever machine runs this; they are never asserted by a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import platform
import select
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))

from coopcouncil.allocation import LIBRARY_VERSION  # noqa: E402
from coopcouncil.allocation.completion import equal_shares_add1, equal_shares_add1_then_greedy  # noqa: E402
from coopcouncil.allocation.model import Allocation, Election  # noqa: E402
from coopcouncil.allocation.pabulib import read_pabulib  # noqa: E402
from coopcouncil.allocation.profile import Satisfaction  # noqa: E402
from coopcouncil.allocation.rules.equal_shares import method_of_equal_shares  # noqa: E402
from coopcouncil.allocation.rules.greedy import greedy  # noqa: E402
from coopcouncil.allocation.rules.phragmen import sequential_phragmen  # noqa: E402


def _load_pabutools_calls() -> Any:
    """The pabutools side of every rule, from the script that stores pabutools' expected results."""
    path = REPOSITORY / "scripts" / "pabutools_expected.py"
    spec = importlib.util.spec_from_file_location("pabutools_expected", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pabutools_expected"] = module
    spec.loader.exec_module(module)
    return module


PABUTOOLS = _load_pabutools_calls()
POINTS_PER_RANK = PABUTOOLS.KRAKOW_POINTS_PER_RANK

# Our side of each rule key in scripts/pabutools_expected.py.
OURS: dict[str, Callable[[Election], Allocation]] = {
    "greedy_cost": lambda e: greedy(e),
    "greedy_cardinality": lambda e: greedy(e, per_cost=True),
    "mes_cost": lambda e: method_of_equal_shares(e, satisfaction=Satisfaction.COST),
    "mes_cardinality": lambda e: method_of_equal_shares(e, satisfaction=Satisfaction.CARDINALITY),
    "mes_cost_add1": lambda e: equal_shares_add1(e, satisfaction=Satisfaction.COST),
    "mes_cost_add1u": lambda e: equal_shares_add1_then_greedy(e, satisfaction=Satisfaction.COST),
    "phragmen": lambda e: sequential_phragmen(e),
    "greedy_points": lambda e: greedy(e),
    "greedy_points_per_cost": lambda e: greedy(e, per_cost=True),
    "mes_points": lambda e: method_of_equal_shares(e, satisfaction=Satisfaction.POINTS),
    "mes_points_add1": lambda e: equal_shares_add1(e, satisfaction=Satisfaction.POINTS),
    "mes_points_add1u": lambda e: equal_shares_add1_then_greedy(e, satisfaction=Satisfaction.POINTS),
    "greedy_rank_points": lambda e: greedy(e, points_per_rank=POINTS_PER_RANK),
    "greedy_rank_points_per_cost": lambda e: greedy(e, per_cost=True, points_per_rank=POINTS_PER_RANK),
}


@dataclass(frozen=True)
class Measured:
    seconds: float | None  # None: stopped at the cap, or failed
    peak_mb: float | None
    value: Any = None
    error: str = ""


def _memory_kb(field: str) -> int:
    with Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(call: Callable[[], Any], *, cap: float | None) -> Measured:
    """Run ``call`` in a forked child; its wall time, peak memory above its start, and its result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
            start_kb = _memory_kb("VmRSS")
            started = time.perf_counter()
            value = call()
            seconds = time.perf_counter() - started
            peak_mb = (_memory_kb("VmHWM") - start_kb) / 1024
            payload = pickle.dumps(Measured(seconds, peak_mb, value))
        except BaseException as error:  # noqa: BLE001 - report any failure to the parent
            payload = pickle.dumps(Measured(None, None, error=f"{type(error).__name__}: {error}"))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = None if cap is None else time.monotonic() + cap
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([pipe], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Measured(None, None, error=f"did not finish within {cap:.0f} s")
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    result: Measured = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's output
    return result


@dataclass(frozen=True)
class Row:
    file: str
    voters: int
    projects: int
    task: str
    ours: Measured
    theirs: Measured
    same: str


def _seconds(m: Measured) -> str:
    return "—" if m.seconds is None else f"{m.seconds:.3f}"


def _megabytes(m: Measured) -> str:
    return "—" if m.peak_mb is None else f"{m.peak_mb:.0f}"


def _speed_up(ours: Measured, theirs: Measured, cap: float) -> str:
    if ours.seconds is None:
        return "—"
    floor = max(ours.seconds, 0.001)  # a clock tick, so a ratio never divides by zero
    if theirs.seconds is None:
        return f"> {cap / floor:.0f}×" if "did not finish" in theirs.error else "—"
    return f"{theirs.seconds / floor:.1f}×"


def bench_file(path: Path, rule_keys: Sequence[str] | None, cap: float) -> list[Row]:
    rows: list[Row] = []
    # The parsed elections stay in the child: only the time and memory come back.
    ours_parse = measure(lambda: read_pabulib(path) and None, cap=None)
    theirs_parse = measure(lambda: PABUTOOLS.read_for_pabutools(path) and None, cap=cap)
    election = read_pabulib(path)
    voters, projects = election.voter_count, len(election.projects)
    rows.append(Row(path.stem, voters, projects, "parse", _drop_value(ours_parse), _drop_value(theirs_parse), ""))
    instance_profile = PABUTOOLS.read_for_pabutools(path) if theirs_parse.seconds is not None else None
    for rule in PABUTOOLS.rules_for(election.vote_type.value):
        if rule_keys and rule.key not in rule_keys:
            continue
        ours = measure(lambda key=rule.key: OURS[key](election).selected, cap=None)
        if instance_profile is None:
            theirs = Measured(None, None, error="could not read the file")
        else:
            instance, profile = instance_profile
            theirs = measure(lambda r=rule: [p.name for p in r.run(instance, profile)], cap=cap)
        if ours.seconds is None or theirs.seconds is None:
            same = "—"
        else:
            same = "yes" if list(ours.value) == list(theirs.value) else "**no**"
        rows.append(Row(path.stem, voters, projects, rule.key, ours, theirs, same))
        print(
            f"{path.stem:45} {rule.key:28} ours {_seconds(ours):>8} s {_megabytes(ours):>5} MB   "
            f"pabutools {_seconds(theirs):>8} s {_megabytes(theirs):>5} MB  {same} {ours.error}{theirs.error}",
            flush=True,
        )
    return rows


def _drop_value(m: Measured) -> Measured:
    return Measured(m.seconds, m.peak_mb, None, m.error)


def markdown(rows: Sequence[Row], cap: float) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.machine()} with {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, coopcouncil.allocation {LIBRARY_VERSION}, pabutools 1.2.3 (profile as a "
        f"multiprofile), pabutools capped at {cap:.0f} s per run. Time is wall-clock for one run; memory is the "
        "peak above the process's size before the run. Speed-up is pabutools' time over ours.",
        "",
        "| file | voters | projects | task | ours (s) | ours (MB) | pabutools (s) | pabutools (MB) | speed-up | same result |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        theirs_seconds = _seconds(row.theirs) if row.theirs.seconds is not None else f"> {cap:.0f}"
        lines.append(
            f"| {row.file} | {row.voters:,} | {row.projects} | {row.task} | {_seconds(row.ours)} | "
            f"{_megabytes(row.ours)} | {theirs_seconds} | {_megabytes(row.theirs)} | "
            f"{_speed_up(row.ours, row.theirs, cap)} | {row.same} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("COOPCOUNCIL_SHARED_DIR", REPOSITORY.parent / "shared")))
    parser.add_argument("--only", nargs="*", default=None, help="file stems to run (default: every file)")
    parser.add_argument("--rules", nargs="*", default=None, help="rule keys to run (default: every rule)")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds a pabutools run may take (default 120)")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "benchmarks" / "results" / "allocation.md")
    args = parser.parse_args(argv)
    files = sorted((args.shared / "pabulib").glob("*.pb"))
    if args.only:
        files = [f for f in files if f.stem in args.only]
    if not files:
        parser.error(f"no Pabulib files found in {args.shared / 'pabulib'}")
    rows: list[Row] = []
    for path in files:
        rows.extend(bench_file(path, args.rules, args.cap))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(rows, args.cap), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
