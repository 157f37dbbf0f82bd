"""Setting up a programme, its panel, and moving it through the six stages.

Each stage's workflow lives in its own module; what must be true before a programme may enter a
stage is registered with ``stage_entry_check`` by the module that owns that stage's work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Organisation, Person
from coopcouncil.commissioning.models import STAGE_ORDER, PanelMember, Programme, SeatRule, SeatType, Stage, StageChange
from coopcouncil.commissioning.permissions import can_manage_programme, can_set_up_programme
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.selectors import followers_of
from coopcouncil.notifications.services import people_notify
from coopcouncil.places.models import Community

StageCheck = Callable[[Programme], list[str]]
_entry_checks: dict[Stage, list[StageCheck]] = {}


def stage_entry_check(stage: Stage) -> Callable[[StageCheck], StageCheck]:
    """Register what must hold before a programme enters ``stage``; the check returns the problems."""

    def register(check: StageCheck) -> StageCheck:
        _entry_checks.setdefault(stage, []).append(check)
        return check

    return register


def require_manager(actor: Actor, programme: Programme) -> None:
    if not can_manage_programme(actor.person, programme):
        raise PermissionDenied(_("Only officers running this programme can do that."))


@dataclass(frozen=True)
class SeatPlan:
    seat_type: SeatType
    seats: int
    quorum: int = 0
    score_weight: int = 1


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    owner: Community | Organisation,
    slug: str,
    title: str,
    summary: str,
    lead_officer: Person,
    budget_envelope_pence: int,
    description: str = "",
    seats: Sequence[SeatPlan] = (),
) -> Programme:
    programme = Programme(
        owner_community=owner if isinstance(owner, Community) else None,
        owner_organisation=owner if isinstance(owner, Organisation) else None,
        slug=slug,
        title=title.strip(),
        summary=summary.strip(),
        description=description.strip(),
        lead_officer=lead_officer,
        budget_envelope_pence=budget_envelope_pence,
        created_by=actor.person,
    )
    if not can_set_up_programme(actor.person, owner):
        raise PermissionDenied(_("Only officers working for this community can set up a programme for it."))
    if budget_envelope_pence <= 0:
        raise ValidationError({"budget_envelope_pence": _("Enter the budget envelope.")})
    if Programme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another programme already uses this web address.")})
    programme.full_clean(exclude=["owner_community", "owner_organisation", "lead_officer"])
    programme.save()
    for plan in seats:
        seat_rule_set(actor=actor, programme=programme, **plan.__dict__)
    audit_record(actor=actor, action="programme.created", target=programme)
    return programme


@transaction.atomic
def seat_rule_set(
    *, actor: Actor, programme: Programme, seat_type: SeatType, seats: int, quorum: int = 0, score_weight: int = 1
) -> SeatRule:
    """How many seats of a type, the quorum, and the weight of the type's scores."""
    require_manager(actor, programme)
    if quorum > seats:
        raise ValidationError({"quorum": _("The quorum cannot be more than the number of seats.")})
    # Seat types' weights combine the scores of bids: they are fixed before any bid is opened.
    weight_changes = SeatRule.objects.filter(programme=programme, seat_type=seat_type).exclude(
        score_weight=score_weight
    )
    if programme.stage_reached(Stage.ACQUISITION) and weight_changes.exists():
        raise ValidationError({"score_weight": _("Weights cannot change once the programme is acquiring services.")})
    rule, _created = SeatRule.objects.update_or_create(
        programme=programme,
        seat_type=seat_type,
        defaults={"seats": seats, "quorum": quorum, "score_weight": score_weight},
    )
    audit_record(
        actor=actor,
        action="programme.seat_rule_set",
        target=programme,
        details={"seat_type": seat_type.value, "seats": seats, "quorum": quorum, "score_weight": score_weight},
    )
    return rule


@transaction.atomic
def panel_member_appoint(
    *, actor: Actor, programme: Programme, person: Person, seat_type: SeatType, note: str = ""
) -> PanelMember:
    require_manager(actor, programme)
    rule = programme.seat_rules.filter(seat_type=seat_type).first()
    if rule is None:
        raise ValidationError({"seat_type": _("This panel has no seats of that kind. Add them first.")})
    filled = programme.panel_members.filter(seat_type=seat_type, stepped_down_at__isnull=True).count()
    if filled >= rule.seats:
        raise ValidationError({"seat_type": _("Every seat of that kind is filled.")})
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(
                programme=programme,
                person=person,
                seat_type=seat_type,
                appointed_by=actor.person,
                appointment_note=note,
            )
    except IntegrityError as error:
        raise ValidationError(_("They already sit on this panel.")) from error
    audit_record(actor=actor, action="panel.appointed", target=programme, details={"seat_type": seat_type.value})
    return member


@transaction.atomic
def panel_member_step_down(*, actor: Actor, member: PanelMember, reason: str) -> PanelMember:
    """The member leaves the panel (by their own choice, or an officer records it); the row is kept."""
    if actor.subject != member.person:
        require_manager(actor, member.programme)
    if member.stepped_down_at is not None:
        raise ValidationError(_("They have already stepped down."))
    member.stepped_down_at = timezone.now()
    member.stepped_down_reason = reason.strip()
    member.save(update_fields=["stepped_down_at", "stepped_down_reason"])
    audit_record(
        actor=actor, action="panel.stepped_down", target=member.programme, details={"seat_type": member.seat_type}
    )
    return member


def stage_problems(programme: Programme, to: Stage) -> list[str]:
    """Why the programme cannot enter ``to`` yet (empty when it can)."""
    return [problem for check in _entry_checks.get(to, []) for problem in check(programme)]


@transaction.atomic
def programme_stage_advance(*, actor: Actor, programme: Programme, to: Stage, reason: str = "") -> StageChange:
    """Move on to the next stage after that stage's entry checks. Followers are told; the timeline shows it."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    require_manager(actor, locked)
    current = Stage(locked.stage)
    if current == Stage.CLOSED or STAGE_ORDER[STAGE_ORDER.index(current) + 1] != to:
        raise ValidationError(_("A programme can only move on to its next stage."))
    problems = stage_problems(locked, to)
    if problems:
        raise ValidationError(problems)
    locked.stage = to
    locked.save(update_fields=["stage"])
    programme.stage = to
    change = StageChange.objects.create(
        programme=locked, from_stage=current, to_stage=to, changed_by=actor.person, reason=reason.strip()
    )
    audit_record(
        actor=actor, action="programme.stage_changed", target=locked, details={"from": current.value, "to": to.value}
    )
    people_notify(
        people=[
            *followers_of(target=locked, topic=Topic.DECISIONS),
            *followers_of(target=locked.owner, topic=Topic.DECISIONS),
        ],
        topic=Topic.DECISIONS,
        subject=_("%(programme)s: now at stage %(stage)s") % {"programme": locked.title, "stage": to.label},
        body=_("%(programme)s has moved on to %(stage)s. %(reason)s")
        % {"programme": locked.title, "stage": to.label, "reason": reason.strip()},
        link=locked.get_absolute_url(),
    )
    return change


# A review that decides to recommission starts the next cycle at stage 1. What carries over (the
# evidence, the asset map) belongs to the stage modules, which register a function here.
CarryOver = Callable[[Actor, Programme, Programme], None]
_carry_overs: list[CarryOver] = []


def cycle_carry_over(carry: CarryOver) -> CarryOver:
    """Register what the next cycle takes from the one before: ``carry(actor, previous, following)``."""
    _carry_overs.append(carry)
    return carry


@transaction.atomic
def programme_next_cycle_start(*, actor: Actor, programme: Programme, slug: str, title: str) -> Programme:
    """Open the next cycle of ``programme`` at stage 1, with its panel rules and carried-over evidence.

    The panel's seats and weights carry over as rules; the people do not, since a new cycle
    appoints its panel afresh. The previous cycle is left as it was; it can then be closed.
    """
    require_manager(actor, programme)
    if Programme.objects.filter(previous_cycle=programme).exists():
        raise ValidationError(_("The next cycle of this programme has already started."))
    if Programme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another programme already uses this web address.")})
    following = Programme.objects.create(
        owner_community=programme.owner_community,
        owner_organisation=programme.owner_organisation,
        slug=slug,
        title=title.strip(),
        summary=programme.summary,
        description=programme.description,
        lead_officer=programme.lead_officer,
        budget_envelope_pence=programme.budget_envelope_pence,
        cycle=programme.cycle + 1,
        previous_cycle=programme,
        created_by=actor.person,
    )
    for rule in programme.seat_rules.all():
        SeatRule.objects.create(
            programme=following,
            seat_type=rule.seat_type,
            seats=rule.seats,
            quorum=rule.quorum,
            score_weight=rule.score_weight,
        )
    for carry in _carry_overs:
        carry(actor, programme, following)
    audit_record(
        actor=actor, action="programme.next_cycle_started", target=following, details={"previous": programme.pk}
    )
    return following
