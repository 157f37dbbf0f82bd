"""A co-operative's closed meetings, such as its AGM, are for its current members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import Member
from coopcouncil.cooperatives.permissions import is_member_for_meeting
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services as meetings
from coopcouncil.meetings.models import Meeting, MeetingKind
from coopcouncil.meetings.permissions import can_come_to, can_see_meeting
from tests.accounts.factories import PersonFactory
from tests.cooperatives.factories import born, class_named, youth_cooperative
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_members_of_the_owning_cooperative_come_to_its_closed_agm_and_others_do_not() -> None:
    cooperative, secretary = youth_cooperative()
    other, _other_secretary = youth_cooperative()
    today = timezone.localdate()
    member = PersonFactory(date_of_birth=born(16, today), birth_year=None)
    application = services.application_submit(
        actor=Actor(person=member), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    outsider = PersonFactory(date_of_birth=born(40, today), birth_year=None)
    starts = timezone.now() + timedelta(days=cooperative.notice_clear_days + 2)
    agm = meetings.meeting_schedule(
        actor=Actor(person=secretary),
        owner=cooperative.organisation,
        title="Annual general meeting",
        kind=MeetingKind.ANNUAL_GENERAL_MEETING,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meetings.Venue(name="Brixton Recreation Centre"),
        is_public=False,
    )
    assert is_member_for_meeting(member, agm) and can_come_to(member, agm) and can_see_meeting(member, agm)
    assert not is_member_for_meeting(outsider, agm) and not can_come_to(outsider, agm)
    registration = meetings.registration_make(actor=Actor(person=member), meeting=agm)
    assert registration.person == member
    with pytest.raises(PermissionDenied):
        meetings.registration_make(actor=Actor(person=outsider), meeting=agm)

    # Membership of another co-operative does not count, and neither does a membership that has ended.
    assert not is_member_for_meeting(member, Meeting(owner_organisation=other.organisation))
    services.member_resign(actor=Actor(person=member), member=Member.objects.get(person=member))
    assert not is_member_for_meeting(member, agm) and not can_come_to(member, agm)


def test_a_closed_meeting_of_a_community_is_not_opened_to_cooperative_members() -> None:
    cooperative, secretary = youth_cooperative()
    member = PersonFactory(date_of_birth=born(30, timezone.localdate()), birth_year=None)
    application = services.application_submit(
        actor=Actor(person=member), membership_class=class_named(cooperative, "Community"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    closed = Meeting(owner_community=CommunityFactory(), is_public=False)
    assert not is_member_for_meeting(member, closed)
