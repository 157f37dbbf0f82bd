"""The general meeting and resolution pages: a member votes once; the secretary runs the voting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import Cooperative, GeneralMeeting, Member, Resolution, ResolutionStatus
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services as meeting_services
from tests.accounts.factories import person_with_login
from tests.cooperatives.factories import born, class_named, youth_cooperative
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def _member(cooperative: Cooperative, secretary: Person, email: str) -> Member:
    person = person_with_login(email=email, date_of_birth=born(17, timezone.localdate()), birth_year=None)
    application = services.application_submit(
        actor=Actor(person=person), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    return Member.objects.get(application=application)


def test_the_secretary_calls_a_meeting_puts_a_special_resolution_and_a_member_votes_once() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    member = _member(cooperative, secretary, "zola@example.org")
    office = signed_in(secretary)
    too_soon = (timezone.localdate() + timedelta(days=10)).strftime("%d %m %Y").split()
    form = {
        "title": "Annual general meeting 2027",
        "is_annual": "on",
        "starts_on_day": too_soon[0],
        "starts_on_month": too_soon[1],
        "starts_on_year": too_soon[2],
        "starts_at_time": "18:30",
        "ends_at_time": "20:30",
        "venue_name": "Brixton Recreation Centre",
    }
    refused = Page(office.post(f"/officer/cooperatives/{cooperative.slug}/meetings/new/", form).content.decode())
    assert "14 clear days" in refused.main.text and not refused.broken_error_summary_links()
    later = (timezone.localdate() + timedelta(days=21)).strftime("%d %m %Y").split()
    form.update(starts_on_day=later[0], starts_on_month=later[1], starts_on_year=later[2])
    assert office.post(f"/officer/cooperatives/{cooperative.slug}/meetings/new/", form).status_code == 302
    agm = GeneralMeeting.objects.get(cooperative=cooperative)
    manage = f"/officer/cooperatives/{cooperative.slug}/meetings/{agm.pk}/"
    office.post(manage, {"title": "New rules", "text": "Adopt the revised rules.", "kind": "special"})
    resolution = Resolution.objects.get(general_meeting=agm)

    meeting_services.attendance_record(actor=Actor(person=secretary), meeting=agm.meeting, person=member.person)
    assert office.post(f"/officer/cooperatives/{cooperative.slug}/resolutions/{resolution.pk}/open/").status_code == 302
    voter = signed_in(member.person)
    page = Page(voter.get(resolution.get_absolute_url()).content.decode())
    assert "three quarters of the votes cast" in page.main.text and "Cast my vote" in page.main.text
    missing = Page(voter.post(resolution.get_absolute_url(), {"choice": ""}).content.decode())
    assert "Choose for, against or abstain." in missing.main.text
    assert voter.post(resolution.get_absolute_url(), {"choice": "for"}).status_code == 302
    again = Page(voter.post(resolution.get_absolute_url(), {"choice": "against"}).content.decode())
    assert "You have voted" in again.main.text or "already voted" in again.main.text
    assert resolution.votes.count() == 1

    office.post(f"/officer/cooperatives/{cooperative.slug}/resolutions/{resolution.pk}/close/")
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.PASSED
    result = Page(voter.get(resolution.get_absolute_url()).content.decode()).main.text
    assert "Passed" in result
    # The meeting is closed: outsiders find the result in the decision log, not on the members' page.
    assert Client().get(resolution.get_absolute_url()).status_code == 404
    assert "Resolution 1: New rules" in Page(Client().get("/decisions/").content.decode()).main.text


def test_only_the_people_running_the_co_operative_call_meetings() -> None:
    cooperative, secretary = youth_cooperative()
    member = _member(cooperative, secretary, "ade@example.org")
    assert signed_in(member.person).get(f"/officer/cooperatives/{cooperative.slug}/meetings/new/").status_code == 403


def test_a_board_election_from_nomination_to_declaration_through_the_pages() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    voter = _member(cooperative, secretary, "tunde@example.org")
    candidate = _member(cooperative, secretary, "maya@example.org")
    starts = timezone.now() + timedelta(days=20)
    agm = services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="AGM",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Library"),
    )
    office = signed_in(secretary)
    office.post(f"/officer/cooperatives/{cooperative.slug}/elections/{agm.pk}/new/", {"seats": "1"})
    election = agm.elections.get()
    office.post(
        f"/officer/cooperatives/{cooperative.slug}/elections/{election.pk}/nominate/",
        {"member_number": candidate.member_number, "statement": "More youth clubs in Stockwell."},
    )
    meeting_services.attendance_record(actor=Actor(person=secretary), meeting=agm.meeting, person=voter.person)
    office.post(f"/officer/cooperatives/{cooperative.slug}/elections/{election.pk}/open/")
    client = signed_in(voter.person)
    url = f"/cooperatives/{cooperative.slug}/elections/{election.pk}/"
    page = Page(client.get(url).content.decode())
    # The candidate is 17: the public sees no child's name.
    assert "A young resident" in page.main.text and "More youth clubs in Stockwell." in page.main.text
    assert client.post(url, {"candidates": [election.candidates.get().pk]}).status_code == 302
    office.post(f"/officer/cooperatives/{cooperative.slug}/elections/{election.pk}/close/")
    election.refresh_from_db()
    assert election.status == "declared" and election.candidates.get().is_elected
    assert "1 vote" in Page(client.get(url).content.decode()).main.text


def test_the_secretary_records_who_retires_by_rotation_at_the_agm() -> None:
    from datetime import date

    from coopcouncil.cooperatives.models import BoardMember

    cooperative, secretary = youth_cooperative()
    directors = [_member(cooperative, secretary, f"director{n}@example.org") for n in range(3)]
    for member, elected in zip(directors, [date(2024, 6, 1), date(2025, 6, 1), date(2026, 6, 1)], strict=True):
        BoardMember.objects.create(cooperative=cooperative, member=member, elected_on=elected)
    starts = timezone.now() + timedelta(days=20)
    agm = services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="AGM",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Library"),
        is_annual=True,
    )
    office = signed_in(secretary)
    page = Page(office.get(f"/officer/cooperatives/{cooperative.slug}/meetings/{agm.pk}/").content.decode()).main.text
    assert f"Member {directors[0].member_number}, elected 1 June 2024" in page
    longest = BoardMember.objects.get(member=directors[0])
    office.post(f"/officer/cooperatives/{cooperative.slug}/meetings/{agm.pk}/directors/{longest.pk}/retire/")
    longest.refresh_from_db()
    assert longest.end_reason == "rotation" and longest.ended_on == timezone.localdate(agm.meeting.starts_at)
