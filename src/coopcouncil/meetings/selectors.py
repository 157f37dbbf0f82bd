"""Reads for meetings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from coopcouncil.accounts.models import AccessNeed, Organisation, OrganisationKind, Person
from coopcouncil.meetings.models import Meeting, Registration
from coopcouncil.meetings.permissions import can_schedule_meeting
from coopcouncil.places.models import Community


def meetings_of(*, owner: Community | Organisation, public_only: bool = True) -> QuerySet[Meeting]:
    if isinstance(owner, Community):
        meetings = Meeting.objects.filter(owner_community=owner)
    else:
        meetings = Meeting.objects.filter(owner_organisation=owner)
    return meetings.filter(is_public=True) if public_only else meetings


def meetings_upcoming(*, owner: Community | Organisation | None = None) -> QuerySet[Meeting]:
    meetings = meetings_of(owner=owner) if owner is not None else Meeting.objects.filter(is_public=True)
    return meetings.filter(ends_at__gte=timezone.now(), cancelled_at__isnull=True).select_related(
        "owner_community", "owner_organisation"
    )


def meeting_get(*, pk: int) -> Meeting:
    return Meeting.objects.select_related("owner_community", "owner_organisation").get(pk=pk)


def registrations_current(*, meeting: Meeting) -> QuerySet[Registration]:
    return meeting.registrations.filter(cancelled_at__isnull=True).select_related("person")


def registration_of(*, meeting: Meeting, person_id: int | None) -> Registration | None:
    if person_id is None:
        return None
    return meeting.registrations.filter(person_id=person_id, cancelled_at__isnull=True).first()


@dataclass(frozen=True)
class NeedsSummary:
    """What the organisers must arrange: how many need each thing, and the languages asked for."""

    coming: int
    online: int
    by_need: list[tuple[str, int]]
    languages: list[tuple[str, int]]


def needs_summary(*, meeting: Meeting) -> NeedsSummary:
    registrations = list(registrations_current(meeting=meeting))
    counts = Counter(need for r in registrations for need in r.access_needs)
    languages = Counter(r.language for r in registrations if r.language)
    return NeedsSummary(
        coming=len(registrations),
        online=sum(1 for r in registrations if r.joining_online),
        by_need=[(str(AccessNeed(value).label), counts[value]) for value in AccessNeed.values if counts[value]],
        languages=sorted(languages.items()),
    )


def communities_organised_by(*, person: Person | None) -> QuerySet[Community]:
    """The communities whose meetings this person may schedule (their roles' communities and those under them)."""
    if person is None:
        return Community.objects.none()
    ids = [c.pk for c in Community.objects.filter(is_active=True) if can_schedule_meeting(person, c)]
    return Community.objects.filter(pk__in=ids).order_by("name")


def cooperatives_organised_by(*, person: Person | None) -> list[Organisation]:
    """Co-operative organisations whose meetings (board, general) this person may schedule."""
    if person is None:
        return []
    cooperatives = Organisation.objects.filter(kind=OrganisationKind.COOPERATIVE)
    return [organisation for organisation in cooperatives if can_schedule_meeting(person, organisation)]
