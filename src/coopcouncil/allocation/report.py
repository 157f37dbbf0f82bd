"""Results as plain data (for JSON) and as short text, for the command line and the web app."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from coopcouncil.allocation.model import Allocation, Election, Money, ProjectOutcome


def exact_text(value: Money | Fraction | None) -> str | None:
    """Exact numbers as text: "1234", "1234.5", or "2/3" when there is no finite decimal."""
    if value is None:
        return None
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    denominator = fraction.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        # A finite decimal: write it out exactly.
        digits = 0
        scaled = fraction
        while scaled.denominator != 1:
            scaled *= 10
            digits += 1
        sign = "-" if scaled < 0 else ""
        text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
        return f"{sign}{text[:-digits]}.{text[-digits:]}"
    return f"{fraction.numerator}/{fraction.denominator}"


def _outcome(outcome: ProjectOutcome) -> dict[str, Any]:
    return {
        "funded": outcome.funded,
        "step": outcome.step,
        "reason": outcome.reason.value if outcome.reason else None,
        "detail": exact_text(outcome.detail),
        "score": exact_text(outcome.score),
        "price_per_satisfaction": exact_text(outcome.price_per_satisfaction),
        "largest_payment": exact_text(outcome.largest_payment),
    }


def allocation_as_dict(allocation: Allocation, *, library_version: str) -> dict[str, Any]:
    return {
        "rule": allocation.rule,
        "parameters": {
            key: exact_text(value) if isinstance(value, Fraction) else value
            for key, value in allocation.parameters.items()
        },
        "library_version": library_version,
        "selected": list(allocation.selected),
        "total_cost": exact_text(allocation.total_cost),
        "budget": exact_text(allocation.budget),
        "complete": allocation.complete,
        "ties": [
            {"step": t.step, "projects": list(t.project_ids), "chosen": t.chosen, "settled_by": t.settled_by}
            for t in allocation.ties
        ],
        "unresolved_tie": list(allocation.unresolved_tie.project_ids) if allocation.unresolved_tie else None,
        "projects": {pid: _outcome(outcome) for pid, outcome in allocation.projects.items()},
    }


def allocation_summary(election: Election, allocation: Allocation) -> str:
    """A few lines a person can read: what was funded, what it cost, and the ties met."""
    lines = [f"Rule: {allocation.rule} ({', '.join(f'{k}={v}' for k, v in allocation.parameters.items())})"]
    lines.append(
        f"Funded {len(allocation.selected)} of {len(election.projects)} projects, "
        f"total cost {exact_text(allocation.total_cost)} of {exact_text(allocation.budget)}"
    )
    for project_id in allocation.selected:
        project = election.project_by_id[project_id]
        label = f" {project.name}" if project.name else ""
        lines.append(f"  {allocation.projects[project_id].step:>3}. {project_id}{label} ({exact_text(project.cost)})")
    for tie in allocation.ties:
        chosen = tie.chosen or "undecided: draw lots"
        lines.append(f"Tie at step {tie.step} between {', '.join(tie.project_ids)}: {chosen} ({tie.settled_by})")
    if not allocation.complete:
        lines.append("The count stopped at a tie. Record the order drawn by lot and count again with --order.")
    return "\n".join(lines)
