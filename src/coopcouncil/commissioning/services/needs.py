"""Writes for Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options.

Entry checks for this part's stages are registered here with ``stage_entry_check``, and what a
new cycle takes from the one before (the evidence and the asset map) with ``cycle_carry_over``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import (
    STATUTORY_CHARACTERISTICS,
    Asset,
    AssetKind,
    DecisionMaker,
    DeliveryRoute,
    DotPlacement,
    DotSet,
    DotVote,
    EiaOutcome,
    EqualityImpact,
    EqualityImpactAssessment,
    EvidenceItem,
    EvidenceKind,
    Impact,
    Indicator,
    MarketEngagement,
    MarketEventKind,
    NeedStatement,
    OptionAppraisal,
    Outcome,
    OutcomeBudget,
    PrioritiesDecision,
    Programme,
    ProtectedCharacteristic,
    RouteChoice,
    Stage,
)
from coopcouncil.commissioning.permissions import (
    can_add_evidence,
    can_map_assets_and_outcomes,
    can_place_dots,
    panel_seat_of,
)
from coopcouncil.commissioning.services.programmes import cycle_carry_over, require_manager, stage_entry_check
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision, DecisionMethod
from coopcouncil.core.services import audit_record, decision_record, private_file_store
from coopcouncil.places.models import Ward

__all__ = [
    "asset_add",
    "budget_split_set",
    "dot_vote_close",
    "dot_vote_open",
    "dots_place",
    "equality_assessment_record",
    "evidence_item_add",
    "indicator_add",
    "market_engagement_add",
    "need_statement_add",
    "option_appraise",
    "outcome_add",
    "priorities_decide",
    "priorities_recommend",
    "route_choose",
]

BEFORE_ACQUISITION = (Stage.NEEDS, Stage.PRIORITIES, Stage.OPTIONS)


def pounds(pence: int) -> str:
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def _require_stage(programme: Programme, stages: Sequence[Stage], message: str) -> None:
    if Stage(programme.stage) not in stages:
        raise ValidationError(message)


def _required(**texts: str) -> None:
    missing = {name: _("Enter this.") for name, text in texts.items() if not text.strip()}
    if missing:
        raise ValidationError(missing)


# Stage 1: understanding assets and needs; outcomes determined


@transaction.atomic
def evidence_item_add(
    *,
    actor: Actor,
    programme: Programme,
    kind: EvidenceKind,
    title: str,
    summary: str,
    source: str,
    gathered_on: date,
    is_public: bool,
    upload: UploadedFile[bytes] | None = None,
) -> EvidenceItem:
    """Panel members and officers add what they have learnt; a file is kept private."""
    if not can_add_evidence(actor.person, programme):
        raise PermissionDenied(_("Only the panel and the officers running this programme can add evidence."))
    _require_stage(programme, BEFORE_ACQUISITION, _("Evidence is gathered before services are acquired."))
    _required(title=title, summary=summary, source=source)
    if gathered_on > timezone.localdate():
        raise ValidationError({"gathered_on": _("The date it was gathered must be today or in the past.")})
    item = EvidenceItem.objects.create(
        programme=programme,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        source=source.strip(),
        gathered_on=gathered_on,
        is_public=is_public,
        added_by=actor.person,
    )
    if upload is not None:
        item.file = private_file_store(actor=actor, upload=upload, attached_to=item)
        item.save(update_fields=["file"])
    audit_record(
        actor=actor,
        action="commissioning.evidence_added",
        target=programme,
        details={"evidence": item.pk, "kind": kind.value, "public": is_public, "file": item.file_id},
    )
    return item


@transaction.atomic
def asset_add(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    kind: AssetKind,
    description: str = "",
    ward: Ward | None = None,
    place: str = "",
    run_by: str = "",
) -> Asset:
    if not can_map_assets_and_outcomes(actor.person, programme):
        raise PermissionDenied(_("Only officers running this programme keep the asset map."))
    _require_stage(programme, BEFORE_ACQUISITION, _("The asset map is kept before services are acquired."))
    _required(name=name)
    asset = Asset.objects.create(
        programme=programme,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        ward=ward,
        place=place.strip(),
        run_by=run_by.strip(),
        added_by=actor.person,
    )
    audit_record(
        actor=actor, action="commissioning.asset_added", target=programme, details={"asset": asset.pk, "kind": kind}
    )
    return asset


@transaction.atomic
def need_statement_add(
    *, actor: Actor, programme: Programme, statement: str, evidence: Sequence[EvidenceItem]
) -> NeedStatement:
    """A need, with the evidence behind it: at least one item of this programme's evidence."""
    if not can_add_evidence(actor.person, programme):
        raise PermissionDenied(_("Only the panel and the officers running this programme can state needs."))
    _require_stage(programme, [Stage.NEEDS], _("Needs are stated in stage 1, before outcomes are prioritised."))
    _required(statement=statement)
    if not evidence:
        raise ValidationError({"evidence": _("Choose the evidence that shows this need.")})
    if any(item.programme_id != programme.pk for item in evidence):
        raise ValidationError({"evidence": _("Choose evidence gathered for this programme.")})
    need = NeedStatement.objects.create(programme=programme, statement=statement.strip(), added_by=actor.person)
    need.evidence.set(evidence)
    audit_record(
        actor=actor,
        action="commissioning.need_stated",
        target=programme,
        details={"need": need.pk, "evidence": sorted(item.pk for item in evidence)},
    )
    return need


@transaction.atomic
def outcome_add(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    description: str = "",
    measure: str = "",
    baseline: str = "",
    method: str = "",
) -> Outcome:
    """A draft outcome, with its first indicator when one is given."""
    if not can_map_assets_and_outcomes(actor.person, programme):
        raise PermissionDenied(_("Only officers running this programme draft the outcomes."))
    _require_stage(programme, [Stage.NEEDS], _("Outcomes are drafted in stage 1, before the panel prioritises them."))
    _required(title=title)
    if Outcome.objects.filter(programme=programme).filter(title__iexact=title.strip()).exists():
        raise ValidationError({"title": _("This programme already has an outcome with that name.")})
    outcome = Outcome.objects.create(
        programme=programme, title=title.strip(), description=description.strip(), added_by=actor.person
    )
    if measure.strip() or baseline.strip() or method.strip():
        indicator_add(actor=actor, outcome=outcome, measure=measure, baseline=baseline, method=method)
    audit_record(actor=actor, action="commissioning.outcome_added", target=programme, details={"outcome": outcome.pk})
    return outcome


@transaction.atomic
def indicator_add(*, actor: Actor, outcome: Outcome, measure: str, baseline: str, method: str) -> Indicator:
    """What is measured, where it starts, and how it is measured: all three are needed."""
    programme = outcome.programme
    if not can_map_assets_and_outcomes(actor.person, programme):
        raise PermissionDenied(_("Only officers running this programme draft the outcomes."))
    _require_stage(programme, [Stage.NEEDS], _("Indicators are set in stage 1, with the outcomes."))
    _required(measure=measure, baseline=baseline, method=method)
    indicator = Indicator.objects.create(
        outcome=outcome, measure=measure.strip(), baseline=baseline.strip(), method=method.strip()
    )
    audit_record(
        actor=actor,
        action="commissioning.indicator_added",
        target=programme,
        details={"outcome": outcome.pk, "indicator": indicator.pk},
    )
    return indicator


@stage_entry_check(Stage.PRIORITIES)
def _ready_to_prioritise(programme: Programme) -> list[str]:
    problems = []
    if not NeedStatement.objects.filter(programme=programme).exists():
        problems.append(_("State at least one need, with the evidence behind it."))
    if not selectors.outcomes_with_an_indicator(programme=programme).exists():
        problems.append(_("Draft at least one outcome with an indicator."))
    return problems


@cycle_carry_over
def _carry_evidence_and_assets(actor: Actor, previous: Programme, following: Programme) -> None:
    """The next cycle starts from what was already known and what already exists."""
    items = [
        EvidenceItem(
            programme=following,
            kind=item.kind,
            title=item.title,
            summary=item.summary,
            source=item.source,
            gathered_on=item.gathered_on,
            file=item.file,
            is_public=item.is_public,
            added_by=item.added_by,
            carried_over_from=item,
        )
        for item in selectors.evidence_for(programme=previous, public_only=False)
    ]
    assets = [
        Asset(
            programme=following,
            name=asset.name,
            kind=asset.kind,
            description=asset.description,
            ward=asset.ward,
            place=asset.place,
            run_by=asset.run_by,
            added_by=asset.added_by,
            carried_over_from=asset,
        )
        for asset in selectors.assets_for(programme=previous)
    ]
    EvidenceItem.objects.bulk_create(items)
    Asset.objects.bulk_create(assets)
    audit_record(
        actor=actor,
        action="commissioning.evidence_carried_over",
        target=following,
        details={"previous": previous.pk, "evidence": len(items), "assets": len(assets)},
    )


# Stage 2: outcomes prioritised and resources allocated


def _in_priorities(programme: Programme) -> None:
    _require_stage(programme, [Stage.PRIORITIES], _("The programme is not prioritising its outcomes now."))


def _not_decided(programme: Programme) -> None:
    decided = selectors.priorities_decision_of(programme=programme)
    if decided is not None and decided.decision_id is not None:
        raise ValidationError(_("The priorities have been decided; they can no longer change."))


@transaction.atomic
def dot_vote_open(*, actor: Actor, programme: Programme, dots_per_member: int) -> DotVote:
    require_manager(actor, programme)
    _in_priorities(programme)
    if dots_per_member < 1 or dots_per_member > 50:
        raise ValidationError({"dots_per_member": _("Give each member between 1 and 50 dots.")})
    if selectors.dot_vote_of(programme=programme) is not None:
        raise ValidationError(_("The dot vote has already been opened."))
    vote = DotVote.objects.create(programme=programme, dots_per_member=dots_per_member, opened_by=actor.person)
    audit_record(
        actor=actor,
        action="commissioning.dot_vote_opened",
        target=programme,
        details={"dots_per_member": dots_per_member},
    )
    return vote


@transaction.atomic
def dots_place(*, actor: Actor, programme: Programme, dots: Mapping[int, int]) -> DotSet:
    """Replace the member's dots with these (outcome id to dots). They may change them until it closes.

    The vote's row is locked first, so two submissions from one member (two tabs, a double
    click) run one after the other and leave one set, and none lands after the vote closes.
    """
    person = actor.subject
    member = panel_seat_of(person, programme)
    if member is None or not can_place_dots(person, programme):
        raise PermissionDenied(_("Only members of the panel place dots."))
    vote = DotVote.objects.select_for_update().filter(programme=programme).first()
    if vote is None or not vote.is_open:
        raise ValidationError(_("The dot vote is not open."))
    outcome_ids = set(Outcome.objects.filter(programme=programme).values_list("pk", flat=True))
    chosen = {outcome_id: count for outcome_id, count in dots.items() if count}
    if any(count < 0 for count in chosen.values()):
        raise ValidationError(_("Dots cannot be fewer than none."))
    if not set(chosen) <= outcome_ids:
        raise ValidationError(_("Place dots only on this programme's outcomes."))
    total = sum(chosen.values())
    if total == 0:
        raise ValidationError(_("Place at least one dot."))
    if total > vote.dots_per_member:
        raise ValidationError(
            _("You have %(allowed)d dots but placed %(placed)d. Take %(over)d off.")
            % {"allowed": vote.dots_per_member, "placed": total, "over": total - vote.dots_per_member}
        )
    dot_set, created = DotSet.objects.update_or_create(
        vote=vote, member=member, defaults={"seat_type": member.seat_type, "submitted_at": timezone.now()}
    )
    dot_set.placements.all().delete()
    DotPlacement.objects.bulk_create(
        DotPlacement(dot_set=dot_set, outcome_id=outcome_id, dots=count) for outcome_id, count in chosen.items()
    )
    audit_record(
        actor=actor,
        action="commissioning.dots_placed" if created else "commissioning.dots_changed",
        target=programme,
        details={"dots": {str(outcome_id): count for outcome_id, count in sorted(chosen.items())}},
    )
    return dot_set


@transaction.atomic
def dot_vote_close(*, actor: Actor, programme: Programme) -> DotVote:
    require_manager(actor, programme)
    vote = DotVote.objects.select_for_update().filter(programme=programme).first()
    if vote is None or not vote.is_open:
        raise ValidationError(_("The dot vote is not open."))
    if not vote.dot_sets.exists():
        raise ValidationError(_("Nobody has placed dots yet."))
    vote.closed_at = timezone.now()
    vote.closed_by = actor.person
    vote.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=actor, action="commissioning.dot_vote_closed", target=programme, details={"sets": vote.dot_sets.count()}
    )
    return vote


@transaction.atomic
def budget_split_set(*, actor: Actor, programme: Programme, amounts: Mapping[int, int]) -> list[OutcomeBudget]:
    """Split the envelope across the outcomes (outcome id to pence). The split replaces the last one,
    until the panel recommends it: the decision-maker then decides on the split the panel saw."""
    require_manager(actor, programme)
    _in_priorities(programme)
    _not_decided(programme)
    if selectors.priorities_decision_of(programme=programme) is not None:
        raise ValidationError(_("The panel has recommended this split: it can no longer change."))
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    outcomes = {outcome.pk: outcome for outcome in Outcome.objects.filter(programme=locked)}
    if not set(amounts) <= set(outcomes):
        raise ValidationError(_("Split the budget only across this programme's outcomes."))
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError(_("An amount cannot be less than nothing."))
    total = sum(amounts.values())
    if total > locked.budget_envelope_pence:
        raise ValidationError(
            _("The split comes to %(total)s, which is %(over)s more than the budget envelope of %(envelope)s.")
            % {
                "total": pounds(total),
                "over": pounds(total - locked.budget_envelope_pence),
                "envelope": pounds(locked.budget_envelope_pence),
            }
        )
    OutcomeBudget.objects.filter(outcome__programme=locked).exclude(outcome_id__in=amounts).delete()
    budgets = [
        OutcomeBudget.objects.update_or_create(
            outcome=outcomes[outcome_id], defaults={"amount_pence": amount, "set_by": actor.person}
        )[0]
        for outcome_id, amount in amounts.items()
    ]
    audit_record(
        actor=actor,
        action="commissioning.budget_split",
        target=programme,
        details={"pence": {str(outcome_id): amount for outcome_id, amount in sorted(amounts.items())}},
    )
    return budgets


@transaction.atomic
def equality_assessment_record(
    *,
    actor: Actor,
    programme: Programme,
    evidence_used: str,
    outcome: EiaOutcome,
    completed_on: date,
    impacts: Mapping[ProtectedCharacteristic, tuple[Impact, str]],
    upload: UploadedFile[bytes] | None = None,
) -> EqualityImpactAssessment:
    """The equality impact assessment, completed by the acting officer. Each of the nine is assessed;
    a negative impact needs its mitigation. Recording it again replaces it, until the decision."""
    require_manager(actor, programme)
    _in_priorities(programme)
    _not_decided(programme)
    errors: dict[str, list[str]] = {}
    if not evidence_used.strip():
        errors["evidence_used"] = [_("Say what evidence the assessment used.")]
    if completed_on > timezone.localdate():
        errors["completed_on"] = [_("The date it was completed must be today or in the past.")]
    for characteristic in STATUTORY_CHARACTERISTICS:
        if characteristic not in impacts:
            errors[f"impact_{characteristic.value}"] = [
                _("Say what the impact is on %(characteristic)s.") % {"characteristic": characteristic.label.lower()}
            ]
    for characteristic, (impact, mitigation) in impacts.items():
        if impact == Impact.NEGATIVE and not mitigation.strip():
            errors[f"mitigation_{characteristic.value}"] = [
                _("Say how the negative impact on %(characteristic)s will be reduced.")
                % {"characteristic": characteristic.label.lower()}
            ]
    if errors:
        raise ValidationError(errors)
    assessment, _created = EqualityImpactAssessment.objects.update_or_create(
        programme=programme,
        defaults={
            "evidence_used": evidence_used.strip(),
            "outcome": outcome,
            "completed_by": actor.person,
            "completed_on": completed_on,
        },
    )
    assessment.impacts.all().delete()
    EqualityImpact.objects.bulk_create(
        EqualityImpact(assessment=assessment, characteristic=characteristic, impact=impact, mitigation=mitigation)
        for characteristic, (impact, mitigation) in impacts.items()
    )
    if upload is not None:
        assessment.file = private_file_store(actor=actor, upload=upload, attached_to=assessment)
        assessment.save(update_fields=["file"])
    audit_record(
        actor=actor,
        action="commissioning.equality_assessed",
        target=programme,
        details={
            "outcome": outcome.value,
            "negative": sorted(str(c) for c, (impact, _m) in impacts.items() if impact == Impact.NEGATIVE),
        },
    )
    return assessment


def _ranked_summary(programme: Programme) -> tuple[str, dict[str, int]]:
    result = selectors.priorities_result(programme=programme)
    lines = [
        _("%(rank)d. %(outcome)s: %(dots)d dots, %(budget)s")
        % {"rank": row.rank, "outcome": row.outcome.title, "dots": row.dots, "budget": pounds(row.budget_pence)}
        for row in result.rows
    ]
    counts = {row.outcome.title: row.dots for row in result.rows}
    counts["members_voted"] = result.members_voted
    return "; ".join(lines), counts


@transaction.atomic
def priorities_recommend(*, actor: Actor, programme: Programme, reasons: str) -> Decision:
    """The panel's recommendation, from its closed dot vote and the budget split, published."""
    require_manager(actor, programme)
    _in_priorities(programme)
    vote = selectors.dot_vote_of(programme=programme)
    if vote is None or vote.is_open:
        raise ValidationError(_("Close the dot vote before recording the panel's recommendation."))
    if selectors.priorities_decision_of(programme=programme) is not None:
        raise ValidationError(_("The panel's recommendation has already been recorded."))
    if not OutcomeBudget.objects.filter(outcome__programme=programme).exists():
        raise ValidationError(_("Split the budget across the outcomes first."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say why the panel recommends these priorities.")})
    outcome_text, counts = _ranked_summary(programme)
    recommendation = decision_record(
        actor=actor,
        decided_at=vote.closed_at or timezone.now(),
        decided_by=_("%(programme)s panel") % {"programme": programme.title},
        method=DecisionMethod.VOTE,
        title=_("The panel's recommended priorities"),
        outcome=outcome_text,
        reasons=reasons.strip(),
        counts=counts,
        subject=programme,
    )
    PrioritiesDecision.objects.create(programme=programme, recommendation=recommendation)
    return recommendation


@transaction.atomic
def priorities_decide(
    *,
    actor: Actor,
    programme: Programme,
    decision_maker: DecisionMaker,
    decided_by: str,
    decided_at: datetime,
    rationale: str,
) -> Decision:
    """The decision-maker's decision on the panel's recommendation: cabinet, or a named officer."""
    require_manager(actor, programme)
    _in_priorities(programme)
    record = PrioritiesDecision.objects.select_for_update().filter(programme=programme).first()
    if record is None:
        raise ValidationError(_("Record the panel's recommendation first."))
    if record.decision_id is not None:
        raise ValidationError(_("The decision has already been recorded."))
    assessment = selectors.equality_assessment_of(programme=programme)
    if assessment is None:
        raise ValidationError(_("Attach the equality impact assessment before the decision is taken."))
    errors = {}
    if decision_maker == DecisionMaker.DELEGATED_OFFICER and not decided_by.strip():
        errors["decided_by"] = _("Name the officer who took the decision, and their post.")
    if not rationale.strip():
        errors["rationale"] = _("Give the reasons for the decision.")
    if decided_at > timezone.now():
        errors["decided_on"] = _("The date of the decision must be today or in the past.")
    if errors:
        raise ValidationError(errors)
    outcome_text, counts = _ranked_summary(programme)
    decision = decision_record(
        actor=actor,
        decided_at=decided_at,
        decided_by=decided_by.strip() or str(DecisionMaker.CABINET.label),
        method=DecisionMethod.BODY if decision_maker == DecisionMaker.CABINET else DecisionMethod.OFFICER,
        title=_("Priorities and budget split decided"),
        outcome=outcome_text,
        reasons=rationale.strip(),
        counts=counts,
        evidence=[
            _("The panel's recommendation %(reference)s") % {"reference": record.recommendation.reference},
            _("Equality impact assessment of %(date)s: %(outcome)s")
            % {"date": assessment.completed_on.isoformat(), "outcome": assessment.get_outcome_display()},
        ],
        subject=programme,
    )
    record.decision = decision
    record.decision_maker = decision_maker
    record.save(update_fields=["decision", "decision_maker"])
    return decision


@stage_entry_check(Stage.OPTIONS)
def _priorities_decided(programme: Programme) -> list[str]:
    problems = []
    if selectors.equality_assessment_of(programme=programme) is None:
        problems.append(_("Attach the equality impact assessment."))
    decided = selectors.priorities_decision_of(programme=programme)
    if decided is None or decided.decision_id is None:
        problems.append(_("Record the decision-maker's decision on the priorities and the budget split."))
    return problems


# Stage 3: marketplace understanding and options appraisal


@transaction.atomic
def market_engagement_add(
    *,
    actor: Actor,
    programme: Programme,
    held_on: date,
    kind: MarketEventKind,
    organisations: str,
    notes: str,
) -> MarketEngagement:
    require_manager(actor, programme)
    _require_stage(programme, BEFORE_ACQUISITION, _("Market engagement notes are kept before acquisition."))
    _required(organisations=organisations, notes=notes)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date must be today or in the past.")})
    engagement = MarketEngagement.objects.create(
        programme=programme,
        held_on=held_on,
        kind=kind,
        organisations=organisations.strip(),
        notes=notes.strip(),
        added_by=actor.person,
    )
    audit_record(
        actor=actor,
        action="commissioning.market_engaged",
        target=programme,
        details={"engagement": engagement.pk, "kind": kind.value},
    )
    return engagement


def _options_open(programme: Programme) -> None:
    _require_stage(programme, [Stage.OPTIONS], _("Options are appraised in stage 3."))
    if selectors.route_choice_of(programme=programme) is not None:
        raise ValidationError(_("A delivery route has been chosen; the appraisal is closed."))


@transaction.atomic
def option_appraise(
    *,
    actor: Actor,
    programme: Programme,
    route: DeliveryRoute,
    benefits: str,
    risks: str,
    cost_estimate_pence: int,
    is_viable: bool,
) -> OptionAppraisal:
    """Weigh one delivery route; appraising it again replaces what was said before."""
    require_manager(actor, programme)
    _options_open(programme)
    _required(benefits=benefits, risks=risks)
    if cost_estimate_pence < 0:
        raise ValidationError({"cost_estimate_pence": _("Enter the estimated cost.")})
    option, created = OptionAppraisal.objects.update_or_create(
        programme=programme,
        route=route,
        defaults={
            "benefits": benefits.strip(),
            "risks": risks.strip(),
            "cost_estimate_pence": cost_estimate_pence,
            "is_viable": is_viable,
            "appraised_by": actor.person,
        },
    )
    audit_record(
        actor=actor,
        action="commissioning.option_appraised",
        target=programme,
        details={"route": route.value, "cost_pence": cost_estimate_pence, "viable": is_viable, "new": created},
    )
    return option


@transaction.atomic
def route_choose(
    *,
    actor: Actor,
    programme: Programme,
    route: DeliveryRoute,
    decision_maker: DecisionMaker,
    decided_by: str,
    reasons: str,
) -> RouteChoice:
    """Choose a viable, appraised route; the choice is a published decision on the timeline."""
    require_manager(actor, programme)
    Programme.objects.select_for_update().get(pk=programme.pk)
    _options_open(programme)
    options = list(selectors.option_appraisals_for(programme=programme))
    option = next((candidate for candidate in options if candidate.route == route), None)
    errors = {}
    if option is None:
        errors["route"] = _("Appraise this route before choosing it.")
    elif not option.is_viable:
        errors["route"] = _("This route was appraised as not viable. Choose a viable one.")
    if decision_maker == DecisionMaker.DELEGATED_OFFICER and not decided_by.strip():
        errors["decided_by"] = _("Name the officer who took the decision, and their post.")
    if not reasons.strip():
        errors["reasons"] = _("Say why this route was chosen.")
    if errors or option is None:
        raise ValidationError(errors)
    decision = decision_record(
        actor=actor,
        decided_at=timezone.now(),
        decided_by=decided_by.strip() or str(DecisionMaker.CABINET.label),
        method=DecisionMethod.BODY if decision_maker == DecisionMaker.CABINET else DecisionMethod.OFFICER,
        title=_("Delivery route chosen: %(route)s") % {"route": option.get_route_display()},
        outcome=_("%(route)s, estimated to cost %(cost)s.")
        % {"route": option.get_route_display(), "cost": pounds(option.cost_estimate_pence)},
        reasons=reasons.strip(),
        counts={
            "routes_appraised": len(options),
            "routes_viable": sum(1 for candidate in options if candidate.is_viable),
        },
        subject=programme,
    )
    choice = RouteChoice.objects.create(programme=programme, option=option, decision=decision)
    audit_record(actor=actor, action="commissioning.route_chosen", target=programme, details={"route": route.value})
    return choice


@stage_entry_check(Stage.ACQUISITION)
def _route_chosen(programme: Programme) -> list[str]:
    if selectors.route_choice_of(programme=programme) is None:
        return [_("Choose the delivery route after the options appraisal.")]
    return []
