"""``coopcouncil tally FILE.pb``: recount a published Pabulib file. Needs no Django and no database.

Exit codes: 0 counted; 1 stopped at a tie that must be settled by lot; 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction

from coopcouncil.allocation import LIBRARY_VERSION
from coopcouncil.allocation.completion import (
    Add1Start,
    Add1Stop,
    equal_shares_add1,
    equal_shares_add1_then_greedy,
)
from coopcouncil.allocation.model import Allocation, Election, ElectionError
from coopcouncil.allocation.pabulib import PabulibError, read_pabulib
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.report import allocation_as_dict, allocation_summary
from coopcouncil.allocation.rules.equal_shares import method_of_equal_shares
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.rules.phragmen import sequential_phragmen
from coopcouncil.allocation.tie_breaking import tie_breaking_parse

RULE_NAMES = ("greedy", "greedy-cardinality", "greedy-no-skip", "greedy-threshold", "equal-shares", "phragmen")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coopcouncil tally", description="Count a participatory budgeting vote from a Pabulib file."
    )
    parser.add_argument("file", help="a .pb file")
    parser.add_argument("--rule", choices=RULE_NAMES, default="equal-shares")
    parser.add_argument(
        "--satisfaction",
        choices=[s.value for s in Satisfaction],
        default=None,
        help="Equal Shares: cost (default for approval), cardinality, or points (default for points ballots)",
    )
    parser.add_argument("--completion", choices=["none", "add1", "add1u"], default="none")
    parser.add_argument("--increment", default="1", help="Add1: raise each share by this much (default 1)")
    parser.add_argument("--start", choices=[s.value for s in Add1Start], default=Add1Start.EXACT.value)
    parser.add_argument("--stop", choices=[s.value for s in Add1Stop], default=Add1Stop.EXHAUSTIVE_OR_OVERSPEND.value)
    parser.add_argument("--threshold", default=None, help="greedy-threshold: the minimum votes (or points)")
    parser.add_argument("--points-per-rank", default=None, help="ranked ballots: e.g. 3,2,1")
    parser.add_argument(
        "--no-unsupported",
        action="store_true",
        help="greedy: never fund a project nobody voted for (pabutools fills leftover money with them)",
    )
    parser.add_argument(
        "--tie-breaking", default="smallest-id", help="e.g. smallest-id, lowest-cost,most-votes, refuse"
    )
    parser.add_argument("--order", default="", help="explicit-order: project ids in the order drawn by lot")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    return parser


def _number(text: str, what: str) -> Fraction:
    try:
        return Fraction(text.replace(",", "."))
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(f"{what} must be a number, not {text!r}.") from error


def count(election: Election, arguments: argparse.Namespace) -> Allocation:
    order = [part.strip() for part in arguments.order.split(",") if part.strip()]
    tie_breaking = tie_breaking_parse(arguments.tie_breaking, order=order)
    rule = arguments.rule
    if rule.startswith("greedy"):
        threshold = _number(arguments.threshold, "--threshold") if arguments.threshold else None
        if rule == "greedy-threshold" and threshold is None:
            raise ValueError("greedy-threshold needs --threshold.")
        ranks = [int(x) for x in arguments.points_per_rank.split(",")] if arguments.points_per_rank else None
        return greedy(
            election,
            per_cost=rule == "greedy-cardinality",
            skip=rule != "greedy-no-skip",
            minimum_score=threshold,
            points_per_rank=ranks,
            fund_unsupported=not arguments.no_unsupported,
            tie_breaking=tie_breaking,
            rule_name=rule,
        )
    if rule == "phragmen":
        return sequential_phragmen(election, tie_breaking=tie_breaking)
    default = Satisfaction.POINTS if election.vote_type.has_points else Satisfaction.COST
    satisfaction = Satisfaction(arguments.satisfaction) if arguments.satisfaction else default
    if arguments.completion == "none":
        return method_of_equal_shares(election, satisfaction=satisfaction, tie_breaking=tie_breaking)
    complete = equal_shares_add1 if arguments.completion == "add1" else equal_shares_add1_then_greedy
    return complete(
        election,
        satisfaction=satisfaction,
        increment=_number(arguments.increment, "--increment"),
        start=Add1Start(arguments.start),
        stop=Add1Stop(arguments.stop),
        tie_breaking=tie_breaking,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        election = read_pabulib(arguments.file)
        allocation = count(election, arguments)
    except (PabulibError, ElectionError, ValueError, OSError) as error:
        print(f"coopcouncil tally: {error}", file=sys.stderr)  # noqa: T201 - a command-line tool
        return 2
    if arguments.json:
        print(json.dumps(allocation_as_dict(allocation, library_version=LIBRARY_VERSION), indent=2))  # noqa: T201
    else:
        print(allocation_summary(election, allocation))  # noqa: T201
    return 0 if allocation.complete else 1
