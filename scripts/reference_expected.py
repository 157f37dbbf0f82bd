"""Check our Add1 on the files pabutools cannot finish, with the slow reference in the tests.

pabutools 1.2.3 does not finish Equal Shares with Add1 on ``Poland_Warszawa_2026`` or
``Hungary_Budapest_2024`` (hundreds of increments, each a full count). The slow reference
implementation (``tests/allocation/reference.py``) takes over a minute for one count of those files,
far too long to run every increment in CI. So this script counts, with the reference, the two
shares that decide the result:

* the final share our Add1 stopped at: the reference must buy the same projects, in the same order,
  with the same payments by every voter, within the budget;
* why Add1 stopped there: either that outcome is exhaustive (nothing left out fits), or the
  reference's outcome one increment higher overspends the budget.

It stores what the reference found, with each file's sha256, in
``tests/allocation/expected/reference_add1.json``; ``tests/allocation/test_city_wide_add1.py``
checks our library against it on every run. What it does not check: that no *earlier* increment
would already have stopped Add1 (that needs every increment counted by the reference). The
property tests compare every increment with the reference on small random elections instead.

Run from the repository root (about ten minutes on two cores)::

    uv run --frozen python scripts/reference_expected.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))
sys.path.insert(0, str(REPOSITORY))

from coopcouncil.allocation.completion import equal_shares_add1  # noqa: E402
from coopcouncil.allocation.pabulib import read_pabulib  # noqa: E402
from tests.allocation import reference  # noqa: E402

EXPECTED_PATH = REPOSITORY / "tests" / "allocation" / "expected" / "reference_add1.json"
FILES = ("Poland_Warszawa_2026.pb", "Hungary_Budapest_2024.pb")
INCREMENT = 1


def payments_digest(payments: dict[str, list[tuple[str, Fraction]]]) -> str:
    """One hash of every voter's payments, in a canonical text form (exact fractions)."""
    digest = hashlib.sha256()
    for voter_id in sorted(payments):
        for project_id, amount in payments[voter_id]:
            digest.update(f"{voter_id};{project_id};{amount.numerator}/{amount.denominator}\n".encode())
    return digest.hexdigest()


def _reference_count(path: str, share: str) -> dict[str, Any]:
    election = read_pabulib(path)
    started = time.perf_counter()
    outcome = reference.equal_shares(election, "cost", share=Fraction(share))
    return {
        "share": share,
        "selected": list(outcome.selected),
        "total_cost": str(reference.total_cost(election, outcome.selected)),
        "exhaustive": reference.is_exhaustive(election, "cost", outcome.selected),
        "payments_sha256": payments_digest(outcome.payments),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("COOPCOUNCIL_SHARED_DIR", REPOSITORY.parent / "shared")))
    args = parser.parse_args(argv)
    jobs: list[tuple[str, str, str]] = []  # (file, which, share)
    files: dict[str, dict[str, Any]] = {}
    for name in FILES:
        path = args.shared / "pabulib" / name
        election = read_pabulib(path)
        ours = equal_shares_add1(election)
        final = Fraction(str(ours.parameters["final_share"]))
        files[name] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "budget": str(election.budget),
            "final_share": str(final),
            "increments": ours.parameters["increments"],
        }
        jobs.append((name, "at_final_share", str(final)))
        jobs.append((name, "one_increment_higher", str(final + INCREMENT)))
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {job: pool.submit(_reference_count, str(args.shared / "pabulib" / job[0]), job[2]) for job in jobs}
        for (name, which, _share), future in futures.items():
            files[name][which] = future.result()
            print(f"{name} {which}: {files[name][which]['seconds']} s", flush=True)
    payload = {
        "generated_by": "scripts/reference_expected.py",
        "rule": "Equal Shares, cost satisfaction, Add1 from budget / voters by 1, stop when exhaustive or overspent",
        "increment": INCREMENT,
        "files": files,
    }
    EXPECTED_PATH.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
