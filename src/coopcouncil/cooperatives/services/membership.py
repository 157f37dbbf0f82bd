"""Writes for co-operative membership: the classes, applications, the register and leaving it.

Views, the API and the demo call these and nothing else. Each write is one transaction and is
audited; the audit keeps codes and numbers, never what people wrote about themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import AreaClaimKind, Organisation, OrganisationKind
from coopcouncil.cooperatives.eligibility import class_eligibility
from coopcouncil.cooperatives.models import (
    ApplicationStatus,
    BoardSeatEnd,
    Cooperative,
    ExpulsionCase,
    ExpulsionStatus,
    LeavingReason,
    Member,
    MembershipApplication,
    MembershipClass,
)
from coopcouncil.cooperatives.permissions import can_manage_cooperative
from coopcouncil.cooperatives.rules import special_resolution_passed
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.services import people_notify
from coopcouncil.places.models import Ward

EXPULSION_NOTICE_DAYS = 21


def require_manager(actor: Actor, cooperative: Cooperative) -> None:
    if not can_manage_cooperative(actor.person, cooperative):
        raise PermissionDenied(_("Only the people who run this co-operative's membership can do that."))


@transaction.atomic
def cooperative_create(
    *, actor: Actor, organisation: Organisation, slug: str, summary: str, description: str = ""
) -> Cooperative:
    if organisation.kind != OrganisationKind.COOPERATIVE:
        raise ValidationError(_("Only an organisation registered as a co-operative can have members here."))
    cooperative = Cooperative(
        organisation=organisation, slug=slug, summary=summary.strip(), description=description.strip()
    )
    require_manager(actor, cooperative)
    if Cooperative.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another co-operative already uses this web address.")})
    cooperative.full_clean(exclude=["organisation"])
    cooperative.save()
    audit_record(actor=actor, action="cooperative.created", target=cooperative)
    return cooperative


@transaction.atomic
def membership_class_add(
    *,
    actor: Actor,
    cooperative: Cooperative,
    name: str,
    description: str = "",
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    age_on: date | None = None,
    wards: Sequence[Ward] = (),
    postcode_districts: str = "",
    connections: Sequence[AreaClaimKind] = (),
    is_provider_class: bool = False,
) -> MembershipClass:
    require_manager(actor, cooperative)
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        raise ValidationError({"maximum_age": _("The oldest age must be the same as or more than the youngest.")})
    if cooperative.classes.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("This co-operative already has a class with that name.")})
    membership_class = MembershipClass.objects.create(
        cooperative=cooperative,
        name=name.strip(),
        description=description.strip(),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        age_on=age_on,
        postcode_districts=postcode_districts.strip().upper(),
        connections=[kind.value for kind in connections],
        is_provider_class=is_provider_class,
        position=cooperative.classes.count(),
    )
    membership_class.wards.set(wards)
    audit_record(
        actor=actor, action="cooperative.class_added", target=cooperative, details={"class": membership_class.pk}
    )
    return membership_class


@transaction.atomic
def membership_target_set(*, actor: Actor, cooperative: Cooperative, target: int, by: date) -> Cooperative:
    require_manager(actor, cooperative)
    if target <= 0:
        raise ValidationError({"target": _("Enter how many members you aim for.")})
    cooperative.membership_target = target
    cooperative.membership_target_on = by
    cooperative.save(update_fields=["membership_target", "membership_target_on"])
    audit_record(
        actor=actor,
        action="cooperative.target_set",
        target=cooperative,
        details={"target": target, "by": by.isoformat()},
    )
    return cooperative


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    membership_class: MembershipClass,
    supports_aims: bool,
    statement: str = "",
) -> MembershipApplication:
    """The person (or an officer for them, at a hub) applies to join in a class."""
    person = actor.subject
    if person is None:
        raise PermissionDenied(_("Sign in to apply."))
    cooperative = membership_class.cooperative
    if not supports_aims:
        raise ValidationError(
            {"supports_aims": _("Members support the co-operative's aims: tick the box to say you do.")}
        )
    eligibility = class_eligibility(person, membership_class, on=timezone.localdate())
    if not eligibility.eligible:
        raise ValidationError(list(eligibility.reasons))
    if cooperative.members.filter(person=person, left_on__isnull=True).exists():
        raise ValidationError(_("You are already a member."))
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                cooperative=cooperative,
                membership_class=membership_class,
                person=person,
                supports_aims=True,
                statement=statement.strip(),
                submitted_by=actor.person,
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already applied. You will hear when it has been decided.")) from error
    audit_record(actor=actor, action="membership.applied", target=cooperative, details={"class": membership_class.pk})
    return application


def _next_member_number(cooperative: Cooperative) -> int:
    highest = cooperative.members.aggregate(highest=Max("member_number"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def application_decide(
    *, actor: Actor, application: MembershipApplication, approve: bool, reason: str = ""
) -> MembershipApplication:
    """Approve (the person joins the register with the next member number) or refuse, with a reason."""
    # Member numbers are given in order: lock the co-operative so two approvals cannot take one number.
    cooperative = Cooperative.objects.select_for_update().get(pk=application.cooperative_id)
    require_manager(actor, cooperative)
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the application is refused: the applicant is told.")})
    today = timezone.localdate()
    if approve:
        eligibility = class_eligibility(application.person, application.membership_class, on=today)
        if not eligibility.eligible:
            raise ValidationError(list(eligibility.reasons))
        if eligibility.needs_age_confirmed:
            raise ValidationError(_("Confirm their age first: only their year of birth is known."))
        Member.objects.create(
            cooperative=cooperative,
            person=application.person,
            membership_class=application.membership_class,
            member_number=_next_member_number(cooperative),
            application=application,
            joined_on=today,
        )
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REFUSED
    application.decided_at = timezone.now()
    application.decided_by = actor.person
    application.decision_reason = reason.strip()
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    audit_record(
        actor=actor,
        action="membership.approved" if approve else "membership.refused",
        target=cooperative,
        details={"application": application.pk},
    )
    people_notify(
        about_their_own=[application.person],
        topic=Topic.NEWS,
        subject=_("Your application to join %(coop)s") % {"coop": cooperative.name},
        body=(
            _("Welcome: you are now a member of %(coop)s.") % {"coop": cooperative.name}
            if approve
            else _("Your application to join %(coop)s was not approved: %(reason)s")
            % {"coop": cooperative.name, "reason": reason.strip()}
        ),
        link=cooperative.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Actor, application: MembershipApplication) -> MembershipApplication:
    if actor.subject != application.person:
        require_manager(actor, application.cooperative)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("Only an application waiting for a decision can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    audit_record(actor=actor, action="membership.application_withdrawn", target=application.cooperative)
    return application


def _member_leave(*, actor: Actor, member: Member, reason: LeavingReason, note: str, on: date) -> Member:
    if member.left_on is not None:
        raise ValidationError(_("They have already left."))
    member.left_on = on
    member.leaving_reason = reason
    member.leaving_note = note.strip()
    member.left_recorded_by = actor.person
    member.save(update_fields=["left_on", "leaving_reason", "leaving_note", "left_recorded_by"])
    # Directors are members: leaving the co-operative ends a board seat too.
    member.board_seats.filter(ended_on__isnull=True).update(ended_on=on, end_reason=BoardSeatEnd.LEFT_MEMBERSHIP)
    audit_record(
        actor=actor,
        action="membership.left",
        target=member.cooperative,
        details={"member": member.member_number, "reason": reason.value},
    )
    return member


@transaction.atomic
def member_resign(*, actor: Actor, member: Member, note: str = "") -> Member:
    """A member leaves by their own choice (the rules ask for it in writing: this is that record)."""
    if actor.subject != member.person:
        require_manager(actor, member.cooperative)
    return _member_leave(actor=actor, member=member, reason=LeavingReason.RESIGNED, note=note, on=timezone.localdate())


@transaction.atomic
def member_leaving_record(*, actor: Actor, member: Member, reason: LeavingReason, note: str, on: date) -> Member:
    """The co-operative records that a member is no longer eligible, or has died."""
    require_manager(actor, member.cooperative)
    if reason not in (LeavingReason.NO_LONGER_ELIGIBLE, LeavingReason.DIED):
        raise ValidationError(_("Resignation is the member's own; expulsion needs notice and a special resolution."))
    if not note.strip():
        raise ValidationError({"note": _("Say what happened, for the register.")})
    return _member_leave(actor=actor, member=member, reason=reason, note=note, on=on)


@transaction.atomic
def expulsion_notice_give(
    *, actor: Actor, member: Member, reasons: str, notice_given_on: date, meeting_on: date
) -> ExpulsionCase:
    """Written notice with reasons, at least 21 days before the meeting that will hear it."""
    require_manager(actor, member.cooperative)
    if not member.is_current:
        raise ValidationError(_("Only a current member can be expelled."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons: the member is told them in writing.")})
    if meeting_on < notice_given_on + timedelta(days=EXPULSION_NOTICE_DAYS):
        raise ValidationError(
            {
                "meeting_on": _("The meeting must be at least %(days)d days after the notice.")
                % {"days": EXPULSION_NOTICE_DAYS}
            }
        )
    if member.expulsion_cases.filter(status=ExpulsionStatus.NOTICE_GIVEN).exists():
        raise ValidationError(_("Notice has already been given; record the meeting's decision first."))
    case = ExpulsionCase.objects.create(
        member=member,
        reasons=reasons.strip(),
        notice_given_on=notice_given_on,
        meeting_on=meeting_on,
        notice_given_by=actor.person,
    )
    audit_record(
        actor=actor, action="membership.expulsion_notice", target=member.cooperative, details={"case": case.pk}
    )
    people_notify(
        about_their_own=[member.person],
        topic=Topic.NEWS,
        subject=_("Notice of a proposal to end your membership of %(coop)s") % {"coop": member.cooperative.name},
        body=_(
            "A general meeting on %(date)s will consider ending your membership. The reasons: %(reasons)s "
            "You can speak at the meeting, or send someone to speak for you."
        )
        % {"date": meeting_on.isoformat(), "reasons": reasons.strip()},
        link=member.cooperative.get_absolute_url(),
    )
    return case


@transaction.atomic
def expulsion_hearing_record(
    *,
    actor: Actor,
    case: ExpulsionCase,
    heard_on: date,
    representations: str,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
) -> ExpulsionCase:
    """The meeting heard the member and voted: a special resolution expels them."""
    case = ExpulsionCase.objects.select_for_update().get(pk=case.pk)
    require_manager(actor, case.member.cooperative)
    if case.status != ExpulsionStatus.NOTICE_GIVEN:
        raise ValidationError(_("This case has already been decided."))
    if heard_on < case.meeting_on:
        raise ValidationError({"heard_on": _("The meeting cannot be before the date given in the notice.")})
    passed = special_resolution_passed(votes_for, votes_against)
    case.heard_on = heard_on
    case.representations = representations.strip()
    case.votes_for, case.votes_against, case.abstentions = votes_for, votes_against, abstentions
    case.status = ExpulsionStatus.EXPELLED if passed else ExpulsionStatus.NOT_EXPELLED
    case.recorded_by = actor.person
    case.save()
    if passed:
        _member_leave(actor=actor, member=case.member, reason=LeavingReason.EXPELLED, note="", on=heard_on)
    audit_record(
        actor=actor,
        action="membership.expulsion_decided",
        target=case.member.cooperative,
        details={"case": case.pk, "for": votes_for, "against": votes_against, "abstain": abstentions, "passed": passed},
    )
    return case
