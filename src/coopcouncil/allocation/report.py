"""Results as plain data (for JSON) and as short text, for the command line and the web app."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from coopcouncil.allocation.model import Allocation, Election, Money, NotFundedReason, ProjectOutcome


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


def outcome_explanation(election: Election, allocation: Allocation, outcome: ProjectOutcome) -> str:
    """Why one project was or was not funded, in words (the web app words it more fully)."""
    money = exact_text
    if outcome.funded:
        text = f"funded at step {outcome.step}"
        if outcome.largest_payment is not None:
            text += f"; the most any supporter paid was {money(outcome.largest_payment)}"
        elif outcome.score is not None:
            text += f" with a score of {money(outcome.score)}"
        return text
    reason = outcome.reason
    if reason is NotFundedReason.DID_NOT_FIT:
        return f"not funded: it did not fit in the {money(outcome.detail)} left when its turn came"
    if reason is NotFundedReason.SUPPORTERS_RAN_OUT:
        return f"not funded: its supporters had only {money(outcome.detail)} left between them"
    if reason is NotFundedReason.BELOW_THRESHOLD:
        minimum = allocation.parameters.get("minimum_score")
        return f"not funded: a score of {money(outcome.detail)} is below the minimum of {minimum}"
    if reason is NotFundedReason.NO_SUPPORTERS:
        return "not funded: nobody voted for it"
    if reason is NotFundedReason.STOPPED:
        return "not funded: the count stopped at an earlier project that did not fit"
    if reason is NotFundedReason.UNDECIDED:
        return "not decided: the count stopped at a tie that must be settled by lot"
    return "not funded"


def allocation_summary(election: Election, allocation: Allocation) -> str:
    """A few lines a person can read: what was funded and why, what was not and why, and the ties met."""
    lines = [f"Rule: {allocation.rule} ({', '.join(f'{k}={v}' for k, v in allocation.parameters.items())})"]
    lines.append(
        f"Funded {len(allocation.selected)} of {len(election.projects)} projects, "
        f"total cost {exact_text(allocation.total_cost)} of {exact_text(allocation.budget)}"
    )
    lines.extend(_project_line(election, allocation, project_id) for project_id in allocation.selected)
    funded = set(allocation.selected)
    unfunded = [p.id for p in election.projects if p.id not in funded]
    if unfunded:
        lines.append("Not funded:")
        lines.extend(_project_line(election, allocation, project_id) for project_id in unfunded)
    for tie in allocation.ties:
        chosen = tie.chosen or "undecided: draw lots"
        lines.append(f"Tie at step {tie.step} between {', '.join(tie.project_ids)}: {chosen} ({tie.settled_by})")
    if not allocation.complete:
        lines.append("The count stopped at a tie. Record the order drawn by lot and count again with --order.")
    return "\n".join(lines)


def _project_line(election: Election, allocation: Allocation, project_id: str) -> str:
    project = election.project_by_id[project_id]
    label = f" {project.name}" if project.name else ""
    outcome = allocation.projects.get(project_id)
    why = "" if outcome is None else f": {outcome_explanation(election, allocation, outcome)}"
    step = f"{outcome.step:>3}." if outcome is not None and outcome.step is not None else "   -"
    return f"  {step} {project_id}{label} ({exact_text(project.cost)}){why}"
