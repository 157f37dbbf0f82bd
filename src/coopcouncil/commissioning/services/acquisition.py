"""Writes for Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

Entry checks for this part's stages are registered here with ``stage_entry_check``.

The order is the Procurement Act's: evaluators declare interests before reading bids, score alone,
then each seat type moderates; totals are computed; the panel recommends, an officer or body decides,
every bidder gets an assessment summary, the award notice starts a standstill of 8 working days,
and only after it may the programme move on to delivery.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Organisation, OrganisationKind, OrganisationMembership, Person, Role
from coopcouncil.accounts.services import role_assign
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import DeliveryRoute, Programme, SeatRule, SeatType, Stage
from coopcouncil.commissioning.models.acquisition import (
    MAX_SCORE,
    SCORE_SCALE,
    AssessmentSummary,
    Award,
    Bid,
    BidAnswer,
    BidAttachment,
    BidStatus,
    Call,
    CallKind,
    CallStatus,
    Criterion,
    CriterionKind,
    DeclaredInterest,
    Evaluation,
    EvaluatorScore,
    InterestDeclaration,
    ModeratedScore,
    Moderation,
    SpecificationComment,
    SpecificationVersion,
)
from coopcouncil.commissioning.permissions import (
    acts_for_organisation,
    can_comment_on_specification,
    can_evaluate_bid,
    can_moderate,
    evaluator_seat_for,
)
from coopcouncil.commissioning.services.programmes import require_manager, stage_entry_check
from coopcouncil.commissioning.working_days import working_days_after
from coopcouncil.cooperatives.models import Cooperative
from coopcouncil.cooperatives.permissions import cooperative_of, directors_among, provider_class_members_among
from coopcouncil.cooperatives.rules import board_quorum
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import audit_record, decision_record, private_file_store
from coopcouncil.meetings.models import MeetingDecision, MeetingKind
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.services import people_notify

STANDSTILL_WORKING_DAYS = 8
ORG_ID_SCHEMES_FOR_PROVIDERS = ("GB-CHC", "GB-COH", "GB-MPR")
# A score given as (score, rationale or reason), keyed by criterion id.
Scores = Mapping[int, tuple[int, str]]


def _pounds_text(pence: int) -> str:
    return f"{pence // 100:,}.{pence % 100:02d}"


def _require_acquiring(programme: Programme) -> None:
    if programme.stage != Stage.ACQUISITION:
        raise ValidationError(_("This can only be done while the programme is at the acquisition stage."))


# The specification ---------------------------------------------------------------------------


@transaction.atomic
def specification_draft(
    *, actor: Actor, programme: Programme, title: str, body: str, change_note: str = ""
) -> SpecificationVersion:
    """A new version of the specification, numbered after the last."""
    require_manager(actor, programme)
    if not title.strip() or not body.strip():
        raise ValidationError({"body": _("Give the specification a title and its text.")})
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    last = SpecificationVersion.objects.filter(programme=locked).order_by("-number").first()
    version = SpecificationVersion.objects.create(
        programme=locked,
        number=(last.number if last else 0) + 1,
        title=title.strip(),
        body=body.strip(),
        change_note=change_note.strip(),
        drafted_by=actor.person,
    )
    audit_record(actor=actor, action="specification.drafted", target=programme, details={"version": version.number})
    return version


@transaction.atomic
def specification_comment(*, actor: Actor, version: SpecificationVersion, body: str) -> SpecificationComment:
    """Panel members comment on a draft while it is still a draft."""
    person = actor.subject
    if person is None or not can_comment_on_specification(person, version.programme):
        raise PermissionDenied(_("Only the programme's panel can comment on its specification."))
    if version.agreed_at is not None:
        raise ValidationError(_("This version has been agreed. Comment on a newer draft."))
    if not body.strip():
        raise ValidationError({"body": _("Write your comment.")})
    comment = SpecificationComment.objects.create(version=version, author=person, body=body.strip())
    audit_record(
        actor=actor, action="specification.commented", target=version.programme, details={"version": version.number}
    )
    return comment


@transaction.atomic
def specification_agree(
    *, actor: Actor, version: SpecificationVersion, decided_by: str, reasons: str
) -> SpecificationVersion:
    """The panel agreed this version: it is the one published and the one calls are made on."""
    programme = version.programme
    require_manager(actor, programme)
    if version.agreed_at is not None:
        raise ValidationError(_("This version is already agreed."))
    if not reasons.strip() or not decided_by.strip():
        raise ValidationError({"reasons": _("Say who agreed it and why.")})
    version.agreed_at = timezone.now()
    version.agreed_by = actor.person
    version.save(update_fields=["agreed_at", "agreed_by"])
    decision_record(
        actor=actor,
        decided_at=version.agreed_at,
        decided_by=decided_by.strip(),
        method=DecisionMethod.BODY,
        title=_("Service specification agreed: %(title)s, version %(number)s")
        % {"title": version.title, "number": version.number},
        outcome=_("Version %(number)s of the specification is agreed and published.") % {"number": version.number},
        reasons=reasons.strip(),
        counts={"version": version.number, "comments": version.comments.count()},
        subject=programme,
        scope=programme.owner,
    )
    audit_record(actor=actor, action="specification.agreed", target=programme, details={"version": version.number})
    return version


# The call and its criteria -------------------------------------------------------------------


@transaction.atomic
def call_create(
    *,
    actor: Actor,
    programme: Programme,
    slug: str,
    title: str,
    kind: CallKind,
    value_limit_pence: int,
    closes_at: datetime,
    lot: str = "",
    description: str = "",
) -> Call:
    require_manager(actor, programme)
    _require_acquiring(programme)
    if value_limit_pence <= 0:
        raise ValidationError({"value_limit_pence": _("Enter the most the council will pay.")})
    if value_limit_pence > programme.budget_envelope_pence:
        raise ValidationError({"value_limit_pence": _("A call cannot be worth more than the programme's budget.")})
    if Call.objects.filter(programme=programme, slug=slug).exists():
        raise ValidationError({"slug": _("Another call of this programme uses this web address.")})
    call = Call.objects.create(
        programme=programme,
        slug=slug,
        title=title.strip(),
        kind=kind,
        lot=lot.strip(),
        description=description.strip(),
        value_limit_pence=value_limit_pence,
        closes_at=closes_at,
        scale=[str(descriptor) for descriptor in SCORE_SCALE],
        created_by=actor.person,
    )
    audit_record(actor=actor, action="call.created", target=programme, details={"call": call.pk, "kind": kind.value})
    return call


def _seat_types_checked(programme: Programme, kind: CriterionKind, seat_types: Sequence[str]) -> list[str]:
    if kind == CriterionKind.PRICE:
        if seat_types:
            raise ValidationError({"seat_types": _("Price is scored by formula: no seat type scores it.")})
        return []
    chosen = sorted(set(seat_types))
    if not chosen:
        raise ValidationError({"seat_types": _("Choose which kinds of seat score this criterion.")})
    known = set(SeatRule.objects.filter(programme=programme).values_list("seat_type", flat=True))
    if not set(chosen) <= known:
        raise ValidationError({"seat_types": _("The panel has no seats of one of those kinds.")})
    return chosen


@transaction.atomic
def criterion_add(
    *,
    actor: Actor,
    call: Call,
    kind: CriterionKind,
    title: str,
    weight: int,
    seat_types: Sequence[str] = (),
    question: str = "",
) -> Criterion:
    """Criteria are set while the call is being prepared: bidders answer them once it opens."""
    require_manager(actor, call.programme)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("Criteria can only be added before the call opens."))
    if kind == CriterionKind.PRICE and call.criteria.filter(kind=CriterionKind.PRICE).exists():
        raise ValidationError({"kind": _("The call already has a price criterion.")})
    if not title.strip():
        raise ValidationError({"title": _("Name the criterion.")})
    if not 0 < weight <= 100:
        raise ValidationError({"weight": _("A weight is between 1 and 100 percentage points.")})
    criterion = Criterion.objects.create(
        call=call,
        kind=kind,
        title=title.strip(),
        question=question.strip(),
        weight=weight,
        seat_types=_seat_types_checked(call.programme, kind, seat_types),
        order=call.criteria.count() + 1,
    )
    audit_record(
        actor=actor,
        action="call.criterion_added",
        target=call.programme,
        details={"call": call.pk, "criterion": criterion.pk, "kind": kind.value, "weight": weight},
    )
    return criterion


@transaction.atomic
def criterion_update(*, actor: Actor, criterion: Criterion, weight: int, seat_types: Sequence[str]) -> Criterion:
    """Change a criterion's weight or who scores it: refused once the call's bids are opened."""
    call = Call.objects.select_for_update().get(pk=criterion.call_id)
    require_manager(actor, call.programme)
    # Bidders write to the published weights: once the call is open they are fixed, and after the bids
    # are opened too (the rule, and the one that matters most).
    if call.bids_opened_at is not None:
        raise ValidationError({"weight": _("Weights cannot change once the call's bids are opened.")})
    if call.status != CallStatus.DRAFT:
        raise ValidationError({"weight": _("Weights cannot change once the call is published: bidders write to them.")})
    if not 0 < weight <= 100:
        raise ValidationError({"weight": _("A weight is between 1 and 100 percentage points.")})
    criterion.weight = weight
    criterion.seat_types = _seat_types_checked(call.programme, CriterionKind(criterion.kind), seat_types)
    criterion.save(update_fields=["weight", "seat_types"])
    audit_record(
        actor=actor,
        action="call.criterion_changed",
        target=call.programme,
        details={"call": call.pk, "criterion": criterion.pk, "weight": weight, "seat_types": criterion.seat_types},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor: Actor, criterion: Criterion) -> None:
    call = criterion.call
    require_manager(actor, call.programme)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("Criteria can only be removed before the call opens."))
    audit_record(
        actor=actor, action="call.criterion_removed", target=call.programme, details={"criterion": criterion.pk}
    )
    criterion.delete()


def call_problems(call: Call) -> list[str]:
    """Why the call cannot open yet (empty when it can)."""
    problems: list[str] = []
    criteria = list(call.criteria.all())
    if sum(c.weight for c in criteria) != 100:
        problems.append(_("The criteria's weights must add up to 100."))
    if not any(not c.is_price for c in criteria):
        problems.append(_("Add at least one quality or social value criterion."))
    if not any(c.kind == CriterionKind.SOCIAL_VALUE for c in criteria):
        problems.append(_("Add a social value criterion (Public Services (Social Value) Act 2012)."))
    if selectors.specification_agreed(programme=call.programme) is None:
        problems.append(_("Agree the service specification first."))
    if call.closes_at <= timezone.now():
        problems.append(_("The closing date has passed. Set a later one."))
    return problems


@transaction.atomic
def call_open(*, actor: Actor, call: Call) -> Call:
    """Publish the call on the agreed specification; providers may bid until it closes."""
    require_manager(actor, call.programme)
    _require_acquiring(call.programme)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("This call has already been opened."))
    problems = call_problems(call)
    if problems:
        raise ValidationError(problems)
    call.specification = selectors.specification_agreed(programme=call.programme)
    call.status = CallStatus.OPEN
    call.opened_at = timezone.now()
    call.save(update_fields=["specification", "status", "opened_at"])
    decision_record(
        actor=actor,
        decided_at=call.opened_at,
        decided_by=_("Commissioning officer"),
        method=DecisionMethod.OFFICER,
        title=_("Call opened: %(title)s") % {"title": call.title},
        outcome=_("%(kind)s open for bids until %(closes)s.")
        % {"kind": call.get_kind_display(), "closes": timezone.localtime(call.closes_at).strftime("%d %B %Y %H:%M")},
        reasons=_("The specification is agreed and the criteria and weights are set."),
        counts={"criteria": call.criteria.count(), "value_limit_pence": call.value_limit_pence},
        subject=call.programme,
        scope=call.programme.owner,
    )
    audit_record(actor=actor, action="call.opened", target=call.programme, details={"call": call.pk})
    return call


@transaction.atomic
def call_close(*, actor: Actor, call: Call) -> Call:
    """Close the call and open its bids: weights are fixed from now on and evaluation may start."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    require_manager(actor, locked.programme)
    if locked.status != CallStatus.OPEN:
        raise ValidationError(_("Only an open call can be closed."))
    locked.status = CallStatus.CLOSED
    locked.bids_opened_at = timezone.now()
    locked.save(update_fields=["status", "bids_opened_at"])
    call.status, call.bids_opened_at = locked.status, locked.bids_opened_at
    audit_record(
        actor=actor,
        action="call.closed",
        target=locked.programme,
        details={"call": locked.pk, "bids": selectors.submitted_bids(call=locked).count()},
    )
    return locked


@transaction.atomic
def bid_compliance_set(*, actor: Actor, bid: Bid, compliant: bool, note: str = "") -> Bid:
    """Officers check each submitted bid against the call's conditions before evaluation."""
    locked = Bid.objects.select_for_update().select_related("call__programme").get(pk=bid.pk)
    call = locked.call
    require_manager(actor, call.programme)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Compliance is checked after the call closes and before the award."))
    if locked.status != BidStatus.SUBMITTED:
        raise ValidationError(_("Only submitted bids are checked."))
    if not compliant and not note.strip():
        raise ValidationError({"note": _("Say why the bid is not compliant: the bidder is told.")})
    if locked.evaluations.exists() and not compliant:
        raise ValidationError(_("Evaluators have scored this bid; it can no longer be excluded."))
    if locked.price_pence is not None and locked.price_pence > call.value_limit_pence and compliant:
        raise ValidationError({"compliant": _("The bid's price is above the call's limit.")})
    locked.compliant = compliant
    locked.compliance_note = note.strip()
    locked.save(update_fields=["compliant", "compliance_note"])
    bid.compliant, bid.compliance_note = locked.compliant, locked.compliance_note
    audit_record(
        actor=actor, action="bid.compliance_checked", target=call.programme, details={"bid": bid.pk, "ok": compliant}
    )
    return locked


@transaction.atomic
def call_close_without_award(*, actor: Actor, call: Call, reasons: str) -> Call:
    """No award (for example, no compliant bids for a lot): a later call may try again."""
    require_manager(actor, call.programme)
    if call.status not in (CallStatus.CLOSED, CallStatus.OPEN) or Award.objects.filter(call=call).exists():
        raise ValidationError(_("Only a call with no award recommended can be closed without one."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say why there is no award.")})
    call.status = CallStatus.NO_AWARD
    call.bids_opened_at = call.bids_opened_at or timezone.now()
    call.save(update_fields=["status", "bids_opened_at"])
    decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by=_("Commissioning officer"),
        method=DecisionMethod.OFFICER,
        title=_("No award: %(title)s") % {"title": call.title},
        outcome=_("The call closed without an award."),
        reasons=reasons.strip(),
        counts={
            "bids": selectors.submitted_bids(call=call).count(),
            "compliant": selectors.compliant_bids(call=call).count(),
        },
        subject=call.programme,
        scope=call.programme.owner,
    )
    audit_record(actor=actor, action="call.closed_without_award", target=call.programme, details={"call": call.pk})
    return call


# Providers and their bids --------------------------------------------------------------------


@transaction.atomic
def provider_organisation_register(
    *, actor: Actor, name: str, org_id: str, role_title: str, website: str = "", postcode: str = ""
) -> Organisation:
    """A provider registers its organisation by charity or company number; the person then acts for it."""
    person = actor.subject
    if person is None or person.is_anonymised:
        raise PermissionDenied(_("Sign in to register an organisation."))
    org_id = org_id.strip().upper()
    if not org_id.startswith(tuple(f"{scheme}-" for scheme in ORG_ID_SCHEMES_FOR_PROVIDERS)):
        raise ValidationError({"org_id": _("Give a charity, company or mutual society number.")})
    if Organisation.objects.filter(org_id=org_id).exists():
        raise ValidationError(
            {"org_id": _("This organisation is already registered. Ask someone who acts for it to add you.")}
        )
    organisation = Organisation(
        name=name.strip(), kind=OrganisationKind.PROVIDER, org_id=org_id, website=website, postcode=postcode
    )
    organisation.full_clean()
    organisation.save()
    OrganisationMembership.objects.create(person=person, organisation=organisation, role_title=role_title.strip())
    role_assign(
        actor=None,
        person=person,
        role=Role.PROVIDER_REPRESENTATIVE,
        on=organisation,
        reason="Registered the organisation to bid for commissioned services.",
    )
    audit_record(
        actor=actor, action="provider.registered", target=organisation, details={"org_id": organisation.org_id}
    )
    return organisation


def _require_bidder(actor: Actor, organisation: Organisation) -> Person:
    person = actor.subject
    if person is None or not acts_for_organisation(person, organisation):
        raise PermissionDenied(_("Only people who act for this organisation can work on its bids."))
    return person


def _require_open_for_bids(call: Call) -> None:
    if call.status != CallStatus.OPEN or call.closes_at <= timezone.now():
        raise ValidationError(_("This call is not open for bids."))


@transaction.atomic
def bid_start(*, actor: Actor, call: Call, organisation: Organisation) -> Bid:
    person = _require_bidder(actor, organisation)
    _require_open_for_bids(call)
    try:
        with transaction.atomic():
            bid = Bid.objects.create(call=call, organisation=organisation, created_by=person)
    except IntegrityError as error:
        raise ValidationError(_("This organisation has already started a bid for this call.")) from error
    audit_record(actor=actor, action="bid.started", target=call.programme, details={"bid": bid.pk, "call": call.pk})
    return bid


def _require_draft(actor: Actor, bid: Bid) -> None:
    _require_bidder(actor, bid.organisation)
    _require_open_for_bids(bid.call)
    if bid.status != BidStatus.DRAFT:
        raise ValidationError(_("This bid has been submitted and can no longer change."))


@transaction.atomic
def bid_save(*, actor: Actor, bid: Bid, answers: Mapping[int, str], price_pence: int | None) -> Bid:
    """Keep the draft's answers (by criterion id) and its price; nothing is checked for completeness yet."""
    _require_draft(actor, bid)
    criteria = {c.pk: c for c in bid.call.criteria.all() if not c.is_price}
    for criterion_id, text in answers.items():
        if criterion_id not in criteria:
            raise ValidationError(_("That question is not part of this call."))
        BidAnswer.objects.update_or_create(bid=bid, criterion_id=criterion_id, defaults={"answer": text.strip()})
    if price_pence is not None and price_pence <= 0:
        raise ValidationError({"price_pence": _("Enter the price of the bid.")})
    bid.price_pence = price_pence
    bid.save(update_fields=["price_pence"])
    audit_record(actor=actor, action="bid.saved", target=bid.call.programme, details={"bid": bid.pk})
    return bid


@transaction.atomic
def bid_attachment_add(
    *, actor: Actor, bid: Bid, upload: UploadedFile[bytes], label: str, criterion: Criterion | None = None
) -> BidAttachment:
    """Attach evidence to a draft bid; it is kept as a private file, downloaded only after a check."""
    _require_draft(actor, bid)
    if criterion is not None and criterion.call_id != bid.call_id:
        raise ValidationError(_("That question is not part of this call."))
    stored = private_file_store(actor=actor, upload=upload, attached_to=bid)
    attachment = BidAttachment.objects.create(
        bid=bid, criterion=criterion, file=stored, label=label.strip() or stored.original_name
    )
    audit_record(
        actor=actor,
        action="bid.attachment_added",
        target=bid.call.programme,
        details={"bid": bid.pk, "file": stored.pk},
    )
    return attachment


@transaction.atomic
def bid_submit(*, actor: Actor, bid: Bid) -> Bid:
    """Submit the bid: every question answered and, if price is a criterion, a price within the limit."""
    locked = Bid.objects.select_for_update().select_related("call__programme", "organisation").get(pk=bid.pk)
    _require_draft(actor, locked)
    call = locked.call
    answered = {a.criterion_id for a in locked.answers.all() if a.answer.strip()}
    # Each problem keyed by what it is about (the criterion in ``params``), so a form can show it there.
    problems: dict[str, list[ValidationError]] = {}
    for criterion in call.criteria.all():
        if not criterion.is_price and criterion.pk not in answered:
            problems.setdefault("answers", []).append(
                ValidationError(_("Answer “%(title)s”."), params={"title": criterion.title, "criterion": criterion.pk})
            )
    if call.criteria.filter(kind=CriterionKind.PRICE).exists() and not locked.price_pence:
        problems.setdefault("price_pence", []).append(ValidationError(_("Enter the price of the bid.")))
    if locked.price_pence and locked.price_pence > call.value_limit_pence:
        problems.setdefault("price_pence", []).append(
            ValidationError(_("The price is more than the most the council will pay for this call."))
        )
    if problems:
        raise ValidationError(problems)
    locked.status = BidStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor.subject
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    bid.status, bid.submitted_at = locked.status, locked.submitted_at
    audit_record(actor=actor, action="bid.submitted", target=call.programme, details={"bid": locked.pk})
    return locked


# Evaluation ----------------------------------------------------------------------------------


@transaction.atomic
def interests_declare(*, actor: Actor, call: Call, interests: Mapping[int, str]) -> InterestDeclaration:
    """Declare interests in bidders (bid id to the nature of the interest; none is a declaration too).

    Made once, before the evaluator may read any bid; a declared interest keeps them off that bid.
    """
    person = actor.person
    seat = evaluator_seat_for(person, call)
    if person is None or seat is None:
        raise PermissionDenied(_("Only panel members who score this call declare interests for it."))
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Interests are declared once the call has closed and its bidders are known."))
    bids = {bid.pk: bid for bid in selectors.submitted_bids(call=call)}
    if not set(interests) <= set(bids):
        raise ValidationError(_("That bid is not part of this call."))
    if any(not nature.strip() for nature in interests.values()):
        raise ValidationError({"interests": _("Say what each interest is: personal, professional or financial.")})
    try:
        with transaction.atomic():
            declaration = InterestDeclaration.objects.create(call=call, person=person, seat_type=seat.seat_type)
    except IntegrityError as error:
        raise ValidationError(_("You have already declared your interests for this call.")) from error
    DeclaredInterest.objects.bulk_create(
        DeclaredInterest(declaration=declaration, bid=bids[bid_id], nature=nature.strip())
        for bid_id, nature in interests.items()
    )
    audit_record(
        actor=actor,
        action="evaluation.interests_declared",
        target=call.programme,
        details={"call": call.pk, "conflicted_bids": sorted(interests)},
    )
    return declaration


def _scores_checked(criteria: Sequence[Criterion], scores: Scores, *, reason_field: str) -> None:
    wanted = {c.pk for c in criteria}
    if set(scores) != wanted:
        raise ValidationError(_("Score every criterion your seat scores, and only those."))
    for score, _text in scores.values():
        if not 0 <= score <= MAX_SCORE:
            raise ValidationError({"score": _("Scores are whole numbers from 0 to %(max)s.") % {"max": MAX_SCORE}})
    if reason_field == "rationale":
        # One error a criterion, naming it in ``params``, so a form can put each on its reason field.
        missing = [
            ValidationError(
                _("Give your reasons for the score for “%(title)s”."),
                params={"title": c.title, "criterion": c.pk},
            )
            for c in criteria
            if not scores[c.pk][1].strip()
        ]
        if missing:
            raise ValidationError({"rationale": missing})


@transaction.atomic
def evaluation_submit(*, actor: Actor, bid: Bid, scores: Scores) -> Evaluation:
    """One evaluator's own scores of a bid with a rationale each; submitted once, then fixed."""
    person = actor.person
    # Lock the bid: one evaluator's two submissions at once queue here, and the second finds the first.
    locked = Bid.objects.select_for_update().select_related("call__programme", "organisation").get(pk=bid.pk)
    seat = evaluator_seat_for(person, locked.call)
    if person is None or seat is None or not can_evaluate_bid(person, locked):
        raise PermissionDenied(_("You cannot score this bid. Declare your interests first."))
    if locked.call.status != CallStatus.CLOSED:
        raise ValidationError(_("This call is not being evaluated."))
    if Moderation.objects.filter(bid=locked, seat_type=seat.seat_type).exists():
        raise ValidationError(_("Your seat type has already agreed its scores for this bid."))
    if Evaluation.objects.filter(bid=locked, evaluator=person).exists():
        raise ValidationError(_("You have already submitted your scores for this bid."))
    criteria = selectors.scored_criteria(call=locked.call, seat_type=seat.seat_type)
    _scores_checked(criteria, scores, reason_field="rationale")
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(bid=locked, evaluator=person, seat_type=seat.seat_type)
    except IntegrityError as error:
        raise ValidationError(_("You have already submitted your scores for this bid.")) from error
    EvaluatorScore.objects.bulk_create(
        EvaluatorScore(evaluation=evaluation, criterion_id=cid, score=score, rationale=rationale.strip())
        for cid, (score, rationale) in scores.items()
    )
    audit_record(
        actor=actor,
        action="evaluation.submitted",
        target=locked.call.programme,
        details={"bid": locked.pk, "seat_type": seat.seat_type, "criteria": len(scores)},
    )
    return evaluation


@transaction.atomic
def moderation_finish(*, actor: Actor, bid: Bid, seat_type: SeatType, agreed: Scores) -> Moderation:
    """A seat type agrees one score per criterion it scores, with a reason wherever it differs.

    The seat type's quorum of submitted evaluations must be met; an agreed score that differs from
    any individual score needs a reason, so the record shows why the panel moved.
    """
    locked = Bid.objects.select_for_update().select_related("call__programme", "organisation").get(pk=bid.pk)
    call = locked.call
    if not can_moderate(actor.person, locked, seat_type):
        raise PermissionDenied(_("You cannot moderate this seat type's scores for this bid."))
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("This call is not being evaluated."))
    if Moderation.objects.filter(bid=locked, seat_type=seat_type).exists():
        raise ValidationError(_("This seat type has already agreed its scores for this bid."))
    rule = SeatRule.objects.filter(programme=call.programme, seat_type=seat_type).first()
    evaluations = list(selectors.evaluations_by_seat_type(bid=locked, seat_type=seat_type))
    needed = max(rule.quorum if rule else 0, 1)
    if len(evaluations) < needed:
        raise ValidationError(
            _("Moderation needs scores from at least %(needed)s evaluators of this seat type; %(got)s have scored.")
            % {"needed": needed, "got": len(evaluations)}
        )
    criteria = selectors.scored_criteria(call=call, seat_type=seat_type)
    _scores_checked(criteria, agreed, reason_field="reason")
    individual: dict[int, set[int]] = {}
    for evaluation in evaluations:
        for score in evaluation.scores.all():
            individual.setdefault(score.criterion_id, set()).add(score.score)
    unexplained = [
        c for c in criteria if individual.get(c.pk, set()) != {agreed[c.pk][0]} and not agreed[c.pk][1].strip()
    ]
    if unexplained:
        raise ValidationError(
            {
                "reason": [
                    ValidationError(
                        _("Give the reason for the agreed score of “%(title)s”: it differs from an evaluator's score."),
                        params={"title": c.title, "criterion": c.pk},
                    )
                    for c in unexplained
                ]
            }
        )
    moderation = Moderation.objects.create(
        bid=locked, seat_type=seat_type, finished_by=actor.person, evaluations_counted=len(evaluations)
    )
    ModeratedScore.objects.bulk_create(
        ModeratedScore(moderation=moderation, criterion_id=cid, score=score, reason=reason.strip())
        for cid, (score, reason) in agreed.items()
    )
    audit_record(
        actor=actor,
        action="evaluation.moderated",
        target=call.programme,
        details={"bid": locked.pk, "seat_type": seat_type.value, "evaluations": len(evaluations)},
    )
    return moderation


# The award -----------------------------------------------------------------------------------


@transaction.atomic
def award_recommend(*, actor: Actor, call: Call, bid: Bid, reasons: str) -> Award:
    """The evaluation panel recommends the award, once every compliant bid's total is computed."""
    locked = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
    require_manager(actor, locked.programme)
    if locked.status != CallStatus.CLOSED:
        raise ValidationError(_("An award is recommended after the call closes."))
    if Award.objects.filter(call=locked).exists():
        raise ValidationError(_("An award has already been recommended for this call."))
    if bid.call_id != locked.pk or bid.compliant is not True:
        raise ValidationError(_("Only a compliant bid for this call can be recommended."))
    if selectors.submitted_bids(call=locked).filter(compliant__isnull=True).exists():
        raise ValidationError(_("Check every submitted bid for compliance first."))
    results = selectors.call_results(call=locked)
    if not results.complete:
        raise ValidationError(_("Every compliant bid must be moderated by each seat type that scores it first."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the panel's reasons.")})
    now = timezone.now()
    recommendation = decision_record(
        actor=actor,
        decided_at=now,
        decided_by=_("Evaluation panel"),
        method=DecisionMethod.BODY,
        title=_("Award recommended: %(title)s") % {"title": locked.title},
        outcome=_("The panel recommends awarding the call to %(organisation)s.") % {"organisation": bid.organisation},
        reasons=reasons.strip(),
        counts={"bids": selectors.submitted_bids(call=locked).count(), "compliant": len(results.bids)},
        subject=locked.programme,
        scope=locked.programme.owner,
    )
    award = Award.objects.create(call=locked, bid=bid, recommended_by=actor.person, recommendation=recommendation)
    audit_record(
        actor=actor, action="award.recommended", target=locked.programme, details={"call": locked.pk, "bid": bid.pk}
    )
    return award


def _ratification_check(cooperative: Cooperative, ratification: MeetingDecision | None) -> None:
    if ratification is None:
        raise ValidationError(
            _("%(coop)s commissions this service: its board must ratify the panel's recommendation first.")
            % {"coop": cooperative.name}
        )
    meeting = ratification.meeting
    if meeting.kind != MeetingKind.BOARD_MEETING or meeting.owner_organisation_id != cooperative.organisation_id:
        raise ValidationError(_("The ratification must be a decision of the co-operative's board."))
    if not ratification.carried:
        raise ValidationError(_("The board did not agree the recommendation."))
    participants = list(ratification.participants.all())
    if provider_class_members_among(cooperative, participants):
        raise ValidationError(_("Directors from a provider class took part: they never vote on awards to providers."))
    directors = directors_among(cooperative, participants)
    if len(directors) != len(participants):
        raise ValidationError(_("Only directors take part in the board's ratification."))
    board_size = cooperative.board.filter(ended_on__isnull=True).count()
    if len(directors) < board_quorum(board_size):
        raise ValidationError(
            _("The board was not quorate: %(present)d directors took part, %(needed)d needed.")
            % {"present": len(directors), "needed": board_quorum(board_size)}
        )


@transaction.atomic
def award_decide(
    *,
    actor: Actor,
    award: Award,
    decided_by: str,
    method: DecisionMethod,
    reasons: str,
    decided_at: datetime | None = None,
    ratification: MeetingDecision | None = None,
) -> Award:
    """The delegated officer or the cabinet decides the award; the call is then awarded.

    When a co-operative commissions, its board ratifies the panel's recommendation: the decision must
    then point at the board meeting's decision, taken without directors from a provider class.
    """
    locked = Award.objects.select_for_update().select_related("call__programme", "bid__organisation").get(pk=award.pk)
    call = locked.call
    require_manager(actor, call.programme)
    if locked.decision_id is not None:
        raise ValidationError(_("The award has already been decided."))
    if not reasons.strip() or not decided_by.strip():
        raise ValidationError({"reasons": _("Say who decided and why.")})
    cooperative = cooperative_of(call.programme.owner_organisation)
    if cooperative is not None:
        _ratification_check(cooperative, ratification)
        locked.ratified_by = ratification
    results = selectors.call_results(call=call)
    winner = results.for_bid(locked.bid)
    locked.decision = decision_record(
        actor=actor,
        decided_at=decided_at or timezone.now(),
        decided_by=decided_by.strip(),
        method=method,
        title=_("Award decided: %(title)s") % {"title": call.title},
        outcome=_("Awarded to %(organisation)s for £%(price)s, with a total score of %(total)s out of 100.")
        % {
            "organisation": locked.bid.organisation,
            "price": _pounds_text(locked.bid.price_pence or 0),
            "total": winner.total_text if winner else "-",
        },
        reasons=reasons.strip(),
        counts={
            "bids": selectors.submitted_bids(call=call).count(),
            "compliant": len(results.bids),
            "value_pence": locked.bid.price_pence or 0,
        },
        subject=call.programme,
        scope=call.programme.owner,
    )
    locked.save(update_fields=["decision", "ratified_by"])
    call.status = CallStatus.AWARDED
    call.save(update_fields=["status"])
    award.decision = locked.decision
    audit_record(
        actor=actor, action="award.decided", target=call.programme, details={"call": call.pk, "bid": locked.bid_id}
    )
    return locked


def assessment_summary_text(*, award: Award, bid: Bid, results: selectors.CallResults) -> str:
    """The bidder's summary: the winner, the criteria, the bidder's and the winner's scores and reasons."""
    winner = results.for_bid(award.bid)
    own = results.for_bid(bid)
    lines = [
        _("Call: %(title)s") % {"title": award.call.title},
        _("The contract is awarded to %(organisation)s.") % {"organisation": award.bid.organisation},
        "",
    ]
    if own is None:
        lines.append(_("Your bid was not evaluated: %(note)s") % {"note": bid.compliance_note or _("not compliant")})
    for index, row in enumerate(own.criteria if own else []):
        winning = winner.criteria[index] if winner else None
        lines.append(
            _("%(criterion)s (weight %(weight)s): your points %(yours)s, the winning bid's %(theirs)s.")
            % {
                "criterion": row.criterion.title,
                "weight": row.criterion.weight,
                "yours": row.points_text,
                "theirs": winning.points_text if winning else "-",
            }
        )
        lines.extend(_("  Reason: %(reason)s") % {"reason": reason} for reason in row.reasons.values())
    if own is not None:
        lines += [
            "",
            _("Your total: %(yours)s out of 100. The winning bid's total: %(theirs)s out of 100.")
            % {"yours": own.total_text, "theirs": winner.total_text if winner else "-"},
        ]
    return "\n".join(lines)


@transaction.atomic
def assessment_summaries_send(*, actor: Actor, award: Award) -> list[AssessmentSummary]:
    """Send every bidder its assessment summary, before the award notice is published."""
    call = award.call
    require_manager(actor, call.programme)
    if award.decision_id is None:
        raise ValidationError(_("Decide the award before sending the assessment summaries."))
    if award.summaries.exists():
        raise ValidationError(_("The assessment summaries have already been sent."))
    results = selectors.call_results(call=call)
    summaries: list[AssessmentSummary] = []
    for bid in selectors.submitted_bids(call=call):
        summary = AssessmentSummary.objects.create(
            award=award,
            bid=bid,
            body=assessment_summary_text(award=award, bid=bid, results=results),
            sent_by=actor.person,
        )
        summaries.append(summary)
        people_notify(
            about_their_own=selectors.organisation_representatives(organisation=bid.organisation),
            topic=Topic.DECISIONS,
            subject=_("Assessment summary: %(title)s") % {"title": call.title},
            body=summary.body,
            link=call.get_absolute_url(),
        )
    audit_record(
        actor=actor,
        action="award.summaries_sent",
        target=call.programme,
        details={"call": call.pk, "bids": len(summaries)},
    )
    return summaries


@transaction.atomic
def award_notice_publish(*, actor: Actor, award: Award, published_on: date | None = None) -> Award:
    """Publish the contract award notice; the standstill ends 8 working days later."""
    locked = Award.objects.select_for_update().select_related("call__programme", "bid__organisation").get(pk=award.pk)
    call = locked.call
    require_manager(actor, call.programme)
    if locked.decision_id is None:
        raise ValidationError(_("Decide the award before publishing the notice."))
    if not locked.summaries.exists():
        raise ValidationError(_("Send the assessment summaries to every bidder before the award notice."))
    if locked.notice_published_on is not None:
        raise ValidationError(_("The award notice has already been published."))
    published_on = published_on or timezone.localdate()
    locked.notice_published_on = published_on
    locked.standstill_ends_on = working_days_after(published_on, STANDSTILL_WORKING_DAYS)
    locked.save(update_fields=["notice_published_on", "standstill_ends_on"])
    award.notice_published_on, award.standstill_ends_on = locked.notice_published_on, locked.standstill_ends_on
    decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by=_("Commissioning officer"),
        method=DecisionMethod.OFFICER,
        title=_("Award notice published: %(title)s") % {"title": call.title},
        outcome=_("The standstill period ends on %(date)s.") % {"date": locked.standstill_ends_on.strftime("%d %B %Y")},
        reasons=_("The Procurement Act 2023 requires a standstill of 8 working days after the award notice."),
        counts={"working_days": STANDSTILL_WORKING_DAYS},
        subject=call.programme,
        scope=call.programme.owner,
    )
    audit_record(
        actor=actor,
        action="award.notice_published",
        target=call.programme,
        details={"call": call.pk, "standstill_ends_on": locked.standstill_ends_on.isoformat()},
    )
    return locked


def standstill_over(award: Award, today: date | None = None) -> bool:
    """The standstill has ended once its last working day has passed."""
    today = today or timezone.localdate()
    return award.is_decided and award.standstill_ends_on is not None and award.standstill_ends_on < today


def award_contract_details(award: Award) -> dict[str, Any]:
    """What a delivery contract takes from an award: the supplier, the value and the call.

    Stage 5 owns the contract; it calls this once the standstill is over.
    """
    if not standstill_over(award):
        raise ValidationError(_("A contract can only follow an award whose standstill period is over."))
    return {
        "supplier": award.bid.organisation,
        "value_pence": award.bid.price_pence or 0,
        "call": award.call,
        "programme": award.call.programme,
        "award": award,
        "decision": award.decision,
        "standstill_ends_on": award.standstill_ends_on,
    }


# Routes that buy from someone else go through a call and its award; in-house delivery, a community
# asset transfer and participatory budgeting do not.
PROCURED_ROUTES = frozenset({DeliveryRoute.GRANT, DeliveryRoute.CONTRACT, DeliveryRoute.MUTUAL})


def route_is_procured(programme: Programme) -> bool:
    choice = selectors.route_choice_of(programme=programme)
    return choice is None or choice.option.route in PROCURED_ROUTES


@stage_entry_check(Stage.DELIVERY)
def _an_award_is_decided_and_its_standstill_over(programme: Programme) -> list[str]:
    if not route_is_procured(programme):
        return []
    awards = Award.objects.filter(call__programme=programme).select_related("bid", "decision")
    if not any(standstill_over(award) for award in awards):
        return [_("Decide an award and wait for its standstill period to end.")]
    open_calls = Call.objects.filter(programme=programme, status__in=[CallStatus.OPEN, CallStatus.CLOSED])
    return [_("The call “%(title)s” has not finished.") % {"title": call.title} for call in open_calls]


__all__ = [
    "STANDSTILL_WORKING_DAYS",
    "assessment_summaries_send",
    "assessment_summary_text",
    "award_contract_details",
    "award_decide",
    "award_notice_publish",
    "award_recommend",
    "bid_attachment_add",
    "bid_compliance_set",
    "bid_save",
    "bid_start",
    "bid_submit",
    "call_close",
    "call_close_without_award",
    "call_create",
    "call_open",
    "call_problems",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "evaluation_submit",
    "interests_declare",
    "moderation_finish",
    "provider_organisation_register",
    "specification_agree",
    "specification_comment",
    "specification_draft",
    "standstill_over",
]
