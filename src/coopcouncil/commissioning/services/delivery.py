"""Writes for Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review.

Entry checks for this part's stages are registered here with ``stage_entry_check``: to enter
monitoring and review the programme needs a contract with KPIs, and to close it a review decision
that ends the cycle. What delivery teaches the next cycle is carried over with ``cycle_carry_over``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Organisation
from coopcouncil.budgeting.presenters import money
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import (
    CYCLE_ENDING_OUTCOMES,
    KPI,
    RAG,
    CarriedOverEvidence,
    Contract,
    FeedbackStatus,
    KPIDirection,
    KPIFrequency,
    KPIReturn,
    KPIReturnEvent,
    PerformanceRating,
    Programme,
    Rating,
    ReturnEventKind,
    ReturnStatus,
    ReviewDecision,
    ReviewOutcome,
    ServiceFeedback,
    Stage,
    period_containing,
)
from coopcouncil.commissioning.models.acquisition import Award
from coopcouncil.commissioning.permissions import can_give_service_feedback, can_submit_kpi_return
from coopcouncil.commissioning.services.acquisition import award_contract_details, route_is_procured
from coopcouncil.commissioning.services.programmes import (
    cycle_carry_over,
    programme_next_cycle_start,
    programme_stage_advance,
    require_manager,
    stage_entry_check,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import audit_record, decision_record, private_file_store
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.services import people_notify

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "ReturnAlreadySubmittedError",
    "contract_create",
    "feedback_give",
    "feedback_moderate",
    "kpi_add",
    "kpi_return_query",
    "kpi_return_submit",
    "kpi_return_verify",
    "performance_rate",
    "review_decide",
]

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# A contract is signed at the end of acquisition, and is monitored through delivery and review.
CONTRACT_STAGES = (Stage.ACQUISITION, Stage.DELIVERY, Stage.REVIEW)
MONITORED_STAGES = (Stage.DELIVERY, Stage.REVIEW)
LARGEST_VALUE = Decimal(10) ** 12


class ReturnAlreadySubmittedError(ValidationError):
    """The period already has a return that is not queried: it cannot be sent again."""


def exact_value(value: Decimal, *, field: str) -> Decimal:
    """A KPI figure as stored: finite, at most two decimal places, fewer than 13 digits before the point."""
    if not value.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(value) >= LARGEST_VALUE:
        raise ValidationError({field: _("The value is too large.")})
    exact = value.quantize(Decimal("0.01"))
    if exact != value:
        raise ValidationError({field: _("Give the value to at most 2 decimal places.")})
    return exact


def _require_monitored(programme: Programme) -> None:
    if programme.stage not in MONITORED_STAGES:
        raise ValidationError(_("This is only possible while the service is delivered or under review."))


@transaction.atomic
def contract_create(
    *,
    actor: Actor,
    programme: Programme,
    supplier: Organisation,
    title: str,
    value_pence: int,
    starts_on: date,
    ends_on: date,
    award: Award | None = None,
) -> Contract:
    """Record the contract awarded in stage 4: its supplier, value and period, and the award it follows."""
    require_manager(actor, programme)
    if award is None and route_is_procured(programme) and selectors.awards_ready_for_contract(programme=programme):
        raise ValidationError(
            {"award": _("This programme buys through a call: choose the award the contract follows.")}
        )
    if award is not None:
        details = award_contract_details(award)
        if value_pence != details["value_pence"]:
            raise ValidationError(
                {
                    "value_pence": _("The contract is for the winning bid's price, %(price)s.")
                    % {"price": money(details["value_pence"])}
                }
            )
        if details["programme"] != programme:
            raise ValidationError({"award": _("That award belongs to another programme.")})
        if details["supplier"] != supplier:
            raise ValidationError({"supplier": _("The supplier must be the organisation the award went to.")})
        if Contract.objects.filter(award=award).exists():
            raise ValidationError({"award": _("A contract has already been recorded for that award.")})
    if programme.stage not in CONTRACT_STAGES:
        raise ValidationError(_("A contract is recorded once the programme is acquiring services."))
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the contract's title.")
    if value_pence <= 0:
        errors["value_pence"] = _("Enter the contract's value.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The contract must end on or after the day it starts.")
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.create(
        programme=programme,
        supplier=supplier,
        title=title.strip(),
        value_pence=value_pence,
        starts_on=starts_on,
        ends_on=ends_on,
        award=award,
        created_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="contract.created",
        target=programme,
        details={"contract": contract.pk, "supplier": supplier.pk, "value_pence": value_pence},
    )
    return contract


@transaction.atomic
def kpi_add(
    *,
    actor: Actor,
    contract: Contract,
    name: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    direction: KPIDirection,
    frequency: KPIFrequency,
    green_at: Decimal,
    amber_at: Decimal,
    definition: str = "",
) -> KPI:
    """A KPI with its thresholds: amber must come before green in the KPI's direction."""
    require_manager(actor, contract.programme)
    direction, frequency = KPIDirection(direction), KPIFrequency(frequency)
    baseline = exact_value(baseline, field="baseline")
    target = exact_value(target, field="target")
    green_at = exact_value(green_at, field="green_at")
    amber_at = exact_value(amber_at, field="amber_at")
    if not name.strip():
        raise ValidationError({"name": _("Enter the KPI's name.")})
    if direction == KPIDirection.HIGHER and amber_at > green_at:
        raise ValidationError({"amber_at": _("Where higher is better, amber must start at or below green.")})
    if direction == KPIDirection.LOWER and amber_at < green_at:
        raise ValidationError({"amber_at": _("Where lower is better, amber must start at or above green.")})
    kpi = KPI.objects.create(
        contract=contract,
        name=name.strip(),
        definition=definition.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        direction=direction,
        frequency=frequency,
        green_at=green_at,
        amber_at=amber_at,
    )
    audit_record(
        actor=actor,
        action="contract.kpi_added",
        target=contract.programme,
        details={"contract": contract.pk, "kpi": kpi.pk, "direction": direction.value, "frequency": frequency.value},
    )
    return kpi


def _check_period(kpi: KPI, period_start: date) -> date:
    """The period's last day, after checking the period is one of the KPI's and falls in the contract."""
    start, end = period_containing(kpi.frequency, period_start)
    if start != period_start:
        message = _("A %(frequency)s return starts on the first day of its period.") % {
            "frequency": kpi.get_frequency_display().lower()
        }
        raise ValidationError({"period_start": message})
    contract = kpi.contract
    if end < contract.starts_on or start > contract.ends_on:
        raise ValidationError({"period_start": _("That period is outside the contract.")})
    if start > timezone.localdate():
        raise ValidationError({"period_start": _("That period has not started yet.")})
    return end


@transaction.atomic
def kpi_return_submit(
    *,
    actor: Actor,
    kpi: KPI,
    period_start: date,
    value: Decimal,
    evidence: UploadedFile[bytes] | None,
    note: str = "",
) -> tuple[KPIReturn, bool]:
    """The provider's value for a period, with evidence. Returns the return and whether it was new.

    One return per KPI and period, enforced by the database: a second submission is refused,
    unless an officer queried the first, when it is sent again and the history is kept.
    """
    contract = kpi.contract
    if not can_submit_kpi_return(actor.person, contract):
        raise PermissionDenied(_("Only the supplier's representatives send returns for this contract."))
    _require_monitored(contract.programme)
    value = exact_value(value, field="value")
    period_end = _check_period(kpi, period_start)
    if evidence is not None and (evidence.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The evidence must be smaller than 10 MB.")})
    now = timezone.now()
    try:
        with transaction.atomic():
            kpi_return = KPIReturn.objects.create(
                kpi=kpi,
                period_start=period_start,
                period_end=period_end,
                value=value,
                note=note.strip(),
                submitted_by=actor.person,
                submitted_at=now,
            )
        created = True
    except IntegrityError:
        kpi_return = KPIReturn.objects.select_for_update().get(kpi=kpi, period_start=period_start)
        created = False
    if created and evidence is None:
        raise ValidationError({"evidence": _("Attach the evidence for this value.")})
    if not created:
        if kpi_return.status != ReturnStatus.QUERIED:
            raise ReturnAlreadySubmittedError(
                _("A return for this KPI and period has already been sent. It can be sent again only if queried.")
            )
        kpi_return.value = value
        kpi_return.note = note.strip()
        kpi_return.status = ReturnStatus.SUBMITTED
        kpi_return.submitted_by = actor.person
        kpi_return.submitted_at = now
    if evidence is not None:
        kpi_return.evidence = private_file_store(actor=actor, upload=evidence, attached_to=kpi_return)
    kpi_return.save()
    KPIReturnEvent.objects.create(
        kpi_return=kpi_return,
        kind=ReturnEventKind.SUBMITTED if created else ReturnEventKind.RESUBMITTED,
        value=value,
        note=kpi_return.note,
        evidence=kpi_return.evidence,
        by=actor.person,
    )
    audit_record(
        actor=actor,
        action="kpi_return.submitted" if created else "kpi_return.resubmitted",
        target=contract.programme,
        details={"kpi": kpi.pk, "return": kpi_return.pk, "period_start": period_start.isoformat()},
    )
    return kpi_return, created


def _locked_to_review(actor: Actor, kpi_return: KPIReturn) -> KPIReturn:
    locked = KPIReturn.objects.select_for_update().select_related("kpi__contract__programme").get(pk=kpi_return.pk)
    require_manager(actor, locked.kpi.contract.programme)
    if locked.status != ReturnStatus.SUBMITTED:
        raise ValidationError(_("Only a return waiting to be verified can be verified or queried."))
    return locked


@transaction.atomic
def kpi_return_verify(*, actor: Actor, kpi_return: KPIReturn, note: str = "") -> KPIReturn:
    """The officer checked the value against its evidence: it now counts, publicly, with its colour."""
    locked = _locked_to_review(actor, kpi_return)
    locked.status = ReturnStatus.VERIFIED
    locked.reviewed_by = actor.person
    locked.reviewed_at = timezone.now()
    locked.review_note = note.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    KPIReturnEvent.objects.create(
        kpi_return=locked, kind=ReturnEventKind.VERIFIED, value=locked.value, note=locked.review_note, by=actor.person
    )
    audit_record(
        actor=actor,
        action="kpi_return.verified",
        target=locked.kpi.contract.programme,
        details={"return": locked.pk, "rag": locked.rag.value},
    )
    return locked


@transaction.atomic
def kpi_return_query(*, actor: Actor, kpi_return: KPIReturn, note: str) -> KPIReturn:
    """The officer asks the provider about the value; the provider may then send it again."""
    if not note.strip():
        raise ValidationError({"note": _("Say what is wrong, so the provider can put it right.")})
    locked = _locked_to_review(actor, kpi_return)
    locked.status = ReturnStatus.QUERIED
    locked.reviewed_by = actor.person
    locked.reviewed_at = timezone.now()
    locked.review_note = note.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    KPIReturnEvent.objects.create(
        kpi_return=locked, kind=ReturnEventKind.QUERIED, value=locked.value, note=locked.review_note, by=actor.person
    )
    audit_record(
        actor=actor, action="kpi_return.queried", target=locked.kpi.contract.programme, details={"return": locked.pk}
    )
    if locked.submitted_by is not None:
        people_notify(
            about_their_own=[locked.submitted_by],
            topic=Topic.NEWS,
            subject=_("A KPI return was queried: %(kpi)s") % {"kpi": locked.kpi.name},
            body=locked.review_note,
            link="",
        )
    return locked


@transaction.atomic
def feedback_give(*, actor: Actor, contract: Contract, rating: int, comment: str = "") -> ServiceFeedback:
    """A resident rates the service; an officer acting for a resident types in their paper or drop-in form."""
    person = actor.subject
    if person is None or not can_give_service_feedback(person):
        raise PermissionDenied(_("Sign in to give feedback."))
    _require_monitored(contract.programme)
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    feedback = ServiceFeedback.objects.create(
        contract=contract,
        person=person,
        entered_by=actor.person if actor.on_behalf_of is not None else None,
        rating=rating,
        comment=comment.strip(),
        # A rating without words has nothing to moderate.
        status=FeedbackStatus.PENDING if comment.strip() else FeedbackStatus.PUBLISHED,
    )
    audit_record(
        actor=actor,
        action="service_feedback.given",
        target=contract.programme,
        details={"contract": contract.pk, "feedback": feedback.pk, "rating": rating},
    )
    return feedback


@transaction.atomic
def feedback_moderate(*, actor: Actor, feedback: ServiceFeedback, publish: bool) -> ServiceFeedback:
    locked = ServiceFeedback.objects.select_for_update().select_related("contract__programme").get(pk=feedback.pk)
    require_manager(actor, locked.contract.programme)
    if locked.status != FeedbackStatus.PENDING:
        raise ValidationError(_("This feedback has already been moderated."))
    locked.status = FeedbackStatus.PUBLISHED if publish else FeedbackStatus.REJECTED
    locked.moderated_by = actor.person
    locked.moderated_at = timezone.now()
    locked.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action="service_feedback.moderated",
        target=locked.contract.programme,
        details={"feedback": locked.pk, "status": locked.status},
    )
    return locked


def _decided_by(actor: Actor, programme: Programme, by_panel: bool) -> tuple[str, DecisionMethod]:
    if by_panel:
        return _("%(programme)s panel") % {"programme": programme.title}, DecisionMethod.BODY
    name = actor.person.display_name if actor.person is not None else _("The council")
    return name, DecisionMethod.OFFICER


@transaction.atomic
def performance_rate(
    *,
    actor: Actor,
    contract: Contract,
    period_start: date,
    period_end: date,
    rating: Rating,
    rationale: str,
    by_panel: bool = False,
) -> PerformanceRating:
    """The period's performance rating with its rationale, published as a decision on the timeline."""
    programme = contract.programme
    require_manager(actor, programme)
    _require_monitored(programme)
    if not rationale.strip():
        raise ValidationError({"rationale": _("Say why the service earned this rating.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after the day it starts.")})
    if PerformanceRating.objects.filter(contract=contract, period_start=period_start).exists():
        raise ValidationError({"period_start": _("This period has already been rated.")})
    verified = selectors.kpi_returns_verified(contract=contract).filter(
        period_start__gte=period_start, period_end__lte=period_end
    )
    counts = {rag.value: 0 for rag in (RAG.GREEN, RAG.AMBER, RAG.RED)}
    for kpi_return in verified:
        counts[kpi_return.rag.value] += 1
    decided_by, method = _decided_by(actor, programme, by_panel)
    decision = decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by=decided_by,
        method=method,
        title=_("Performance of %(contract)s, %(start)s to %(end)s")
        % {"contract": contract.title, "start": period_start.isoformat(), "end": period_end.isoformat()},
        outcome=str(rating.label),
        reasons=rationale.strip(),
        counts=counts,
        subject=programme,
        scope=programme.owner,
    )
    try:
        with transaction.atomic():
            performance = PerformanceRating.objects.create(
                contract=contract,
                period_start=period_start,
                period_end=period_end,
                rating=rating,
                rationale=rationale.strip(),
                by_panel=by_panel,
                decision=decision,
                recorded_by=actor.person,
            )
    except IntegrityError as error:
        raise ValidationError({"period_start": _("This period has already been rated.")}) from error
    audit_record(
        actor=actor,
        action="contract.rated",
        target=programme,
        details={"contract": contract.pk, "rating": rating.value, "decision": decision.pk},
    )
    return performance


@transaction.atomic
def review_decide(
    *,
    actor: Actor,
    programme: Programme,
    outcome: ReviewOutcome,
    reasons: str,
    by_panel: bool = False,
    next_slug: str = "",
    next_title: str = "",
) -> ReviewDecision:
    """The review's decision. Recommissioning starts the next cycle at stage 1; decommissioning closes.

    Continuing or improving keeps the service delivered and monitored, and a later review decides again.
    """
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    require_manager(actor, locked)
    if locked.stage != Stage.REVIEW:
        raise ValidationError(_("The review decision is taken in stage 6, monitoring and review."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say why the review decided this.")})
    if ReviewDecision.objects.filter(programme=locked, outcome__in=CYCLE_ENDING_OUTCOMES).exists():
        raise ValidationError(_("The review has already ended this cycle."))
    if outcome == ReviewOutcome.RECOMMISSION and not (next_slug.strip() and next_title.strip()):
        raise ValidationError({"next_title": _("Name the next cycle and give it a web address.")})
    decided_by, method = _decided_by(actor, locked, by_panel)
    decision = decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by=decided_by,
        method=method,
        title=_("Review of %(programme)s") % {"programme": locked.title},
        outcome=str(outcome.label),
        reasons=reasons.strip(),
        counts={
            rating.value: selectors.performance_ratings_for(programme=locked).filter(rating=rating).count()
            for rating in Rating
        },
        subject=locked,
        scope=locked.owner,
    )
    review = ReviewDecision.objects.create(
        programme=locked,
        outcome=outcome,
        reasons=reasons.strip(),
        by_panel=by_panel,
        decision=decision,
        recorded_by=actor.person,
    )
    audit_record(
        actor=actor, action="programme.reviewed", target=locked, details={"outcome": outcome.value, "review": review.pk}
    )
    if outcome == ReviewOutcome.RECOMMISSION:
        review.next_cycle = programme_next_cycle_start(
            actor=actor, programme=locked, slug=next_slug.strip(), title=next_title
        )
        review.save(update_fields=["next_cycle"])
    elif outcome == ReviewOutcome.DECOMMISSION:
        programme_stage_advance(actor=actor, programme=locked, to=Stage.CLOSED, reason=reasons)
    programme.stage = locked.stage
    return review


@stage_entry_check(Stage.REVIEW)
def _review_needs_kpis(programme: Programme) -> list[str]:
    if selectors.programme_has_contract_with_kpis(programme=programme):
        return []
    return [_("Record the contract and its KPIs before monitoring and review.")]


@stage_entry_check(Stage.CLOSED)
def _closing_needs_review(programme: Programme) -> list[str]:
    if ReviewDecision.objects.filter(programme=programme, outcome__in=CYCLE_ENDING_OUTCOMES).exists():
        return []
    return [_("Record the review's decision to recommission or decommission before closing the programme.")]


@cycle_carry_over
def _carry_delivery_evidence(actor: Actor, previous: Programme, following: Programme) -> None:
    """The next cycle starts from what delivering the last one showed."""
    if not Contract.objects.filter(programme=previous).exists():
        return
    CarriedOverEvidence.objects.create(
        programme=following,
        from_programme=previous,
        summary=selectors.delivery_evidence_summary(programme=previous),
    )
    audit_record(
        actor=actor, action="programme.delivery_evidence_carried", target=following, details={"from": previous.pk}
    )
