"""Counting each pot, settling ties by lot, publishing the results, and delivery updates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.allocation.report import allocation_as_dict, exact_text
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.counting import pot_count
from coopcouncil.budgeting.models import (
    Count,
    CountingRule,
    CountStatus,
    DeliveryStatus,
    DeliveryUpdate,
    Phase,
    Pot,
    Proposal,
    ProposalStatus,
    Round,
    TieDraw,
)
from coopcouncil.budgeting.permissions import can_manage_round
from coopcouncil.budgeting.presenters import money
from coopcouncil.budgeting.services.notices import proposal_followers_tell
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import audit_record, decision_record


def _require_manager(actor: Actor, round: Round) -> None:
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can count and publish it."))


def _voter_accounts(count: Any) -> dict[str, object]:
    return {
        voter_id: {
            "share": exact_text(account.starting_share),
            "payments": [[project_id, exact_text(amount)] for project_id, amount in account.payments],
        }
        for voter_id, account in count.allocation.voters.items()
    }


def _count_store(actor: Actor, round: Round, pot: Pot, tie_order: Sequence[str]) -> Count:
    proposals = list(selectors.proposals_on_ballot(pot=pot))
    counted = pot_count(round, pot, proposals, selectors.ballot_choices_of(round=round), tie_order=tie_order)
    return Count.objects.create(
        round=round,
        pot=pot,
        rule=counted.rule,
        parameters=allocation_as_dict(counted.allocation, library_version=counted.library_version)["parameters"],
        library_version=counted.library_version,
        input_sha256=counted.input_sha256,
        pabulib=counted.pabulib,
        result=allocation_as_dict(counted.allocation, library_version=counted.library_version),
        voter_accounts=_voter_accounts(counted) if round.counting_rule == CountingRule.EQUAL_SHARES else {},
        status=CountStatus.COMPLETE if counted.allocation.complete else CountStatus.NEEDS_LOTS,
        tie_order=list(tie_order),
        counted_by=actor.person,
    )


@transaction.atomic
def round_count(*, actor: Actor, round: Round) -> list[Count]:
    """Count every pot with the round's rule. A pot stopped at a tie waits for lots to be drawn."""
    _require_manager(actor, round)
    if round.phase != Phase.COUNTING:
        raise ValidationError(_("Move the round to counting first: paper ballots must be reconciled."))
    counts = [_count_store(actor, round, pot, tie_order=()) for pot in round.pots.all()]
    audit_record(
        actor=actor,
        action="round.counted",
        target=round,
        details={"pots": {str(c.pot_id): c.status for c in counts}, "inputs": [c.input_sha256 for c in counts]},
    )
    return counts


@transaction.atomic
def tie_draw_record(*, actor: Actor, count: Count, order: Sequence[str], witnesses: str, method: str) -> Count:
    """Officials drew lots for the tied projects; record the order and count the pot again with it.

    ``order`` lists the tied projects' ballot numbers, first drawn first. The recount follows every
    order drawn for this pot so far, so it can stop at another tie, which is drawn in turn.
    """
    round = count.round
    _require_manager(actor, round)
    if round.phase != Phase.COUNTING:
        raise ValidationError(_("Lots are drawn while the round is being counted."))
    latest = selectors.count_latest(pot=count.pot)
    if latest is None or latest.pk != count.pk or count.status != CountStatus.NEEDS_LOTS:
        raise ValidationError(_("This count is not waiting for lots to be drawn."))
    tied = [str(pid) for pid in (count.result.get("unresolved_tie") or [])]
    order = [str(pid).strip() for pid in order if str(pid).strip()]
    if sorted(order) != sorted(tied):
        raise ValidationError(
            {"order": _("Put each of the tied projects in order once: %(tied)s.") % {"tied": ", ".join(tied)}}
        )
    if not witnesses.strip() or not method.strip():
        raise ValidationError(_("Say how the lots were drawn and who saw it."))
    TieDraw.objects.create(
        count=count, order=order, drawn_by=actor.person, witnesses=witnesses.strip(), method=method.strip()
    )
    recount = _count_store(actor, round, count.pot, tie_order=[*count.tie_order, *order])
    audit_record(
        actor=actor,
        action="round.lots_drawn",
        target=round,
        details={"pot": count.pot_id, "order": order},
    )
    return recount


def results_publish_check(*, round: Round) -> None:
    """Every pot has a complete count of the ballots as they stand now."""
    problems: list[str] = []
    for pot in round.pots.all():
        latest = selectors.count_latest(pot=pot)
        if latest is None:
            problems.append(_("“%(pot)s” has not been counted.") % {"pot": pot.name})
        elif latest.status != CountStatus.COMPLETE:
            problems.append(_("“%(pot)s” stopped at a tie: record the lots drawn.") % {"pot": pot.name})
    if problems:
        raise ValidationError(problems)


def results_publish(*, actor: Actor, round: Round) -> None:
    """Mark what was funded and record each pot's result in the public decision log."""
    selected_by_pot: dict[int, set[int]] = {}
    for pot in round.pots.all():
        latest = selectors.count_latest(pot=pot)
        assert latest is not None  # noqa: S101 - results_publish_check ran first
        numbers = {int(pid) for pid in latest.result["selected"]}
        selected_by_pot[pot.pk] = numbers
        proposals = list(selectors.proposals_on_ballot(pot=pot))
        funded = [p for p in proposals if p.ballot_number in numbers]
        for proposal in proposals:
            proposal.status = ProposalStatus.FUNDED if proposal in funded else ProposalStatus.NOT_FUNDED
            proposal.save(update_fields=["status", "updated_at"])
        spent = sum(p.cost_pence for p in funded)
        rule_words = CountingRule(round.counting_rule).label
        decision_record(
            actor=actor,
            decided_at=timezone.now(),
            decided_by=_("Residents' vote in %(round)s") % {"round": round.title},
            method=DecisionMethod.COUNT,
            title=_("%(round)s: %(pot)s") % {"round": round.title, "pot": pot.name},
            outcome=_("Funded %(count)d projects costing %(spent)s of %(budget)s: %(titles)s.")
            % {
                "count": len(funded),
                "spent": money(spent),
                "budget": money(pot.budget_pence),
                "titles": "; ".join(p.title for p in funded) or _("none"),
            },
            reasons=_("Counted by the published rule (%(rule)s) from %(ballots)d ballots. Input hash %(hash)s.")
            % {"rule": rule_words, "ballots": round.ballots.count(), "hash": latest.input_sha256},
            counts={"ballots": round.ballots.count(), "funded": len(funded), "on_ballot": len(proposals)},
            evidence=[round.get_absolute_url() + "results/"],
            subject=round,
            scope=round.owner,
        )


@transaction.atomic
def delivery_update_post(
    *,
    actor: Actor,
    proposal: Proposal,
    status: DeliveryStatus,
    note: str,
    percent_complete: int,
    spent_pence: int | None = None,
) -> DeliveryUpdate:
    """Progress on a funded project, published and sent to the people who follow it."""
    _require_manager(actor, proposal.round)
    if proposal.status not in (ProposalStatus.FUNDED, ProposalStatus.IN_DELIVERY, ProposalStatus.COMPLETED):
        raise ValidationError(_("Only funded projects have delivery updates."))
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = _("Say what has happened.")
    if not 0 <= percent_complete <= 100:
        errors["percent_complete"] = _("Enter a percentage from 0 to 100.")
    if errors:
        raise ValidationError(errors)
    if status == DeliveryStatus.COMPLETED:
        percent_complete = 100
    update = DeliveryUpdate.objects.create(
        proposal=proposal,
        status=status,
        note=note.strip(),
        percent_complete=percent_complete,
        spent_pence=spent_pence,
        posted_by=actor.person,
    )
    proposal.status = ProposalStatus.COMPLETED if status == DeliveryStatus.COMPLETED else ProposalStatus.IN_DELIVERY
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="proposal.delivery_update", target=proposal, details={"status": status.value})
    proposal_followers_tell(
        proposal=proposal,
        subject=_("Progress on %(title)s: %(status)s") % {"title": proposal.title, "status": status.label},
        body=update.note,
    )
    return update
