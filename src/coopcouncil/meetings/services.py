"""Writes for meetings: scheduling, registering with access needs, attendance, minutes, actions
and decisions. Each is one transaction and audited; decisions also go to the public decision log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import AccessNeed, Organisation, Person
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import audit_record, decision_record
from coopcouncil.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceHow,
    ConsentAnswer,
    ConsentResponse,
    DecisionWay,
    Meeting,
    MeetingDecision,
    MeetingKind,
    Minutes,
    Registration,
    VenueFeature,
)
from coopcouncil.meetings.permissions import can_come_to, can_organise_meeting, can_schedule_meeting
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.selectors import followers_of
from coopcouncil.notifications.services import people_notify
from coopcouncil.places.models import Community


def _require_organiser(actor: Actor, meeting: Meeting) -> None:
    if not can_organise_meeting(actor.person, meeting):
        raise PermissionDenied(_("Only the meeting's organisers can do that."))


@dataclass(frozen=True)
class Venue:
    name: str = ""
    address: str = ""
    features: Sequence[VenueFeature] = ()
    accessibility_notes: str = ""
    online_link: str = ""


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    owner: Community | Organisation,
    title: str,
    kind: MeetingKind,
    starts_at: datetime,
    ends_at: datetime,
    venue: Venue,
    summary: str = "",
    is_public: bool = True,
    agenda: Sequence[tuple[str, str]] = (),
) -> Meeting:
    """Put a meeting in the calendar; followers of the owner hear about it."""
    if not can_schedule_meeting(actor.person, owner):
        raise PermissionDenied(_("Only officers working for this community or organisation can schedule its meetings."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if not venue.name.strip() and not venue.online_link.strip():
        raise ValidationError({"venue_name": _("Say where the meeting is, or give the link to join online.")})
    meeting = Meeting.objects.create(
        owner_community=owner if isinstance(owner, Community) else None,
        owner_organisation=owner if isinstance(owner, Organisation) else None,
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        venue_name=venue.name.strip(),
        venue_address=venue.address.strip(),
        venue_features=[feature.value for feature in venue.features],
        accessibility_notes=venue.accessibility_notes.strip(),
        online_link=venue.online_link.strip(),
        is_public=is_public,
        created_by=actor.person,
    )
    for position, (item_title, description) in enumerate(agenda, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=item_title, description=description)
    audit_record(actor=actor, action="meeting.scheduled", target=meeting, details={"kind": kind.value})
    if is_public:
        people_notify(
            people=followers_of(target=owner, topic=Topic.MEETINGS),
            topic=Topic.MEETINGS,
            subject=_("%(owner)s: %(title)s") % {"owner": owner, "title": meeting.title},
            body=_("%(title)s on %(when)s at %(where)s.")
            % {
                "title": meeting.title,
                "when": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
                "where": meeting.venue_name or _("online"),
            },
            link=meeting.get_absolute_url(),
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    _require_organiser(actor, meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled: the people coming are told.")})
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason.strip()
    meeting.save(update_fields=["cancelled_at", "cancellation_reason"])
    audit_record(actor=actor, action="meeting.cancelled", target=meeting)
    people_notify(
        about_their_own=[r.person for r in meeting.registrations.filter(cancelled_at__isnull=True)],
        topic=Topic.MEETINGS,
        subject=_("Cancelled: %(title)s") % {"title": meeting.title},
        body=reason.strip(),
        link=meeting.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def registration_make(
    *,
    actor: Actor,
    meeting: Meeting,
    joining_online: bool = False,
    access_needs: Sequence[AccessNeed] = (),
    language: str = "",
    other_needs: str = "",
) -> Registration:
    """The person (or an officer for them) says they are coming and what they need."""
    person = actor.subject
    if person is None:
        raise PermissionDenied(_("Sign in to register."))
    if not can_come_to(person, meeting):
        raise PermissionDenied(_("This meeting is for members only."))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled."))
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting has already happened."))
    if joining_online and not meeting.online_link:
        raise ValidationError({"joining_online": _("This meeting cannot be joined online.")})
    if AccessNeed.TRANSLATION in access_needs and not language.strip():
        raise ValidationError({"language": _("Say which language you need.")})
    if AccessNeed.OTHER in access_needs and not other_needs.strip():
        raise ValidationError({"other_needs": _("Tell us what else you need.")})
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                meeting=meeting,
                person=person,
                registered_by=actor.person,
                joining_online=joining_online,
                access_needs=[need.value for need in access_needs],
                language=language.strip(),
                other_needs=other_needs.strip(),
            )
    except IntegrityError as error:
        raise ValidationError(_("You are already registered for this meeting.")) from error
    # The audit says that needs were given, never which: they are special-category data.
    audit_record(
        actor=actor, action="meeting.registered", target=meeting, details={"with_access_needs": bool(access_needs)}
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    if actor.subject != registration.person:
        _require_organiser(actor, registration.meeting)
    if registration.cancelled_at is not None:
        raise ValidationError(_("This registration is already cancelled."))
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    audit_record(actor=actor, action="meeting.registration_cancelled", target=registration.meeting)
    return registration


def _attendance_add(*, actor: Actor, meeting: Meeting, person: Person, how: AttendanceHow) -> Attendance:
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(meeting=meeting, person=person, how=how, recorded_by=actor.person)
    except IntegrityError as error:
        raise ValidationError(_("Already recorded as here.")) from error
    audit_record(actor=actor, action="meeting.attended", target=meeting, details={"how": how.value})
    return attendance


@transaction.atomic
def check_in(*, actor: Actor, meeting: Meeting, code: str) -> Attendance:
    """Self check-in with the code shown at the venue, on the day of the meeting."""
    person = actor.subject
    if person is None or not can_come_to(person, meeting):
        raise PermissionDenied(_("This meeting is for members only."))
    if code.strip().upper().replace(" ", "") != meeting.check_in_code:
        raise ValidationError({"code": _("That is not this meeting's code. Check the code shown in the room.")})
    if timezone.localdate(meeting.starts_at) != timezone.localdate():
        raise ValidationError({"code": _("You can check in only on the day of the meeting.")})
    return _attendance_add(actor=actor, meeting=meeting, person=person, how=AttendanceHow.CHECKED_IN)


@transaction.atomic
def attendance_record(
    *, actor: Actor, meeting: Meeting, person: Person, how: AttendanceHow = AttendanceHow.RECORDED
) -> Attendance:
    """An organiser records someone as here (people without a phone, assisted profiles), or online."""
    _require_organiser(actor, meeting)
    return _attendance_add(actor=actor, meeting=meeting, person=person, how=how)


@transaction.atomic
def minutes_save(*, actor: Actor, meeting: Meeting, text: str, publish: bool) -> Minutes:
    _require_organiser(actor, meeting)
    if not text.strip():
        raise ValidationError({"text": _("Write the minutes.")})
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting, defaults={"text": text.strip(), "written_by": actor.person}
    )
    if publish and minutes.published_at is None:
        minutes.published_at = timezone.now()
        minutes.save(update_fields=["published_at"])
    audit_record(actor=actor, action="meeting.minutes_saved", target=meeting, details={"published": publish})
    return minutes


@transaction.atomic
def action_add(*, actor: Actor, meeting: Meeting, description: str, owner_name: str, due_on: date | None) -> ActionItem:
    _require_organiser(actor, meeting)
    if not description.strip():
        raise ValidationError({"description": _("Say what is to be done.")})
    if not owner_name.strip():
        raise ValidationError({"owner_name": _("Say who will do it.")})
    action = ActionItem.objects.create(
        meeting=meeting,
        description=description.strip(),
        owner_name=owner_name.strip(),
        due_on=due_on,
        created_by=actor.person,
    )
    audit_record(actor=actor, action="meeting.action_added", target=meeting, details={"action": action.pk})
    return action


@transaction.atomic
def action_done(*, actor: Actor, action: ActionItem, note: str = "") -> ActionItem:
    _require_organiser(actor, action.meeting)
    if action.done_at is not None:
        raise ValidationError(_("This action is already done."))
    action.done_at = timezone.now()
    action.done_note = note.strip()
    action.save(update_fields=["done_at", "done_note"])
    audit_record(actor=actor, action="meeting.action_done", target=action.meeting, details={"action": action.pk})
    return action


def _participants_check(meeting: Meeting, participants: Sequence[Person]) -> None:
    if not participants:
        raise ValidationError({"participants": _("Say who took part in the decision.")})
    attended = set(meeting.attendances.values_list("person_id", flat=True))
    absent = [p for p in participants if p.pk not in attended]
    if absent:
        raise ValidationError(
            {"participants": _("Only people recorded as at the meeting can take part in its decisions.")}
        )


def _publish(
    *, actor: Actor, meeting: Meeting, decided: MeetingDecision, method: DecisionMethod, counts: dict[str, int]
) -> None:
    outcome = _("Agreed: %(proposal)s") if decided.carried else _("Not agreed: %(proposal)s")
    decided.decision = decision_record(
        actor=actor,
        # Minutes are often written up after the meeting: the decision was taken at the meeting.
        decided_at=min(timezone.now(), meeting.ends_at),
        decided_by=_("%(meeting)s (%(count)d taking part)")
        % {"meeting": meeting.title, "count": decided.participants.count()},
        method=method,
        title=decided.title,
        outcome=outcome % {"proposal": decided.proposal},
        reasons=decided.reasons,
        counts=counts,
        evidence=[meeting.get_absolute_url()],
        subject=meeting,
    )
    decided.save(update_fields=["decision"])


@transaction.atomic
def decision_by_vote(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    proposal: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    participants: Sequence[Person],
    reasons: str,
) -> MeetingDecision:
    """A simple majority of the votes cast carries it; a tie does not."""
    _require_organiser(actor, meeting)
    _participants_check(meeting, participants)
    if votes_for + votes_against + abstentions > len(participants):
        raise ValidationError({"votes_for": _("There are more votes than people taking part.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say why the meeting decided this, for the decision log.")})
    decided = MeetingDecision.objects.create(
        meeting=meeting,
        title=title.strip(),
        proposal=proposal.strip(),
        way=DecisionWay.MAJORITY,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        carried=votes_for > votes_against,
        reasons=reasons.strip(),
        recorded_by=actor.person,
    )
    decided.participants.set(participants)
    _publish(
        actor=actor,
        meeting=meeting,
        decided=decided,
        method=DecisionMethod.VOTE,
        counts={"for": votes_for, "against": votes_against, "abstain": abstentions},
    )
    audit_record(actor=actor, action="meeting.decided", target=meeting, details={"way": "majority"})
    return decided


@dataclass(frozen=True)
class ConsentGiven:
    person: Person
    answer: ConsentAnswer
    reason: str = ""


@transaction.atomic
def decision_by_consent(
    *, actor: Actor, meeting: Meeting, title: str, proposal: str, answers: Sequence[ConsentGiven], reasons: str
) -> MeetingDecision:
    """Consent: it is agreed unless someone blocks. Objections and blocks are kept with their reasons."""
    _require_organiser(actor, meeting)
    _participants_check(meeting, [given.person for given in answers])
    unexplained = [
        g for g in answers if g.answer in (ConsentAnswer.OBJECT, ConsentAnswer.BLOCK) and not g.reason.strip()
    ]
    if unexplained:
        raise ValidationError({"answers": _("Every objection and block needs its reason, in the person's words.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say why the meeting decided this, for the decision log.")})
    blocked = any(given.answer == ConsentAnswer.BLOCK for given in answers)
    decided = MeetingDecision.objects.create(
        meeting=meeting,
        title=title.strip(),
        proposal=proposal.strip(),
        way=DecisionWay.CONSENT,
        carried=not blocked,
        reasons=reasons.strip(),
        recorded_by=actor.person,
    )
    decided.participants.set([given.person for given in answers])
    for given in answers:
        ConsentResponse.objects.create(
            meeting_decision=decided, person=given.person, answer=given.answer, reason=given.reason.strip()
        )
    counts = {answer.value: sum(1 for g in answers if g.answer == answer) for answer in ConsentAnswer}
    _publish(actor=actor, meeting=meeting, decided=decided, method=DecisionMethod.CONSENT, counts=counts)
    audit_record(actor=actor, action="meeting.decided", target=meeting, details={"way": "consent"})
    return decided
