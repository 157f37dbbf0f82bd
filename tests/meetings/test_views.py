"""The meeting pages: registering with a need, checking in, the calendar feed, and the organiser's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.meetings.models import Registration
from tests.accounts.personas import amara, ben
from tests.frontend.html import Page
from tests.meetings.factories import meeting_for

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def test_a_resident_registers_with_an_access_need_and_the_organiser_sees_it() -> None:
    officer, resident = ben(), amara()
    meeting = meeting_for(officer)
    client = signed_in(resident)
    page = Page(client.get(meeting.get_absolute_url()).content.decode())
    assert "Step-free access" in page.main.text and "Register to come" in page.main.text
    url = f"/meetings/{meeting.pk}/register/"
    missing = Page(client.post(url, {"joining_online": "no", "access_needs": ["translation"]}).content.decode())
    assert "Say which language you need." in missing.main.text and not missing.broken_error_summary_links()
    response = client.post(url, {"joining_online": "no", "access_needs": ["translation", "bsl"], "language": "Twi"})
    assert response.status_code == 302
    assert Registration.objects.get(person=resident).language == "Twi"
    assert (
        "You are registered to come in person."
        in Page(client.get(meeting.get_absolute_url()).content.decode()).main.text
    )

    organiser = Page(signed_in(officer).get(f"/officer/meetings/{meeting.pk}/").content.decode()).main.text
    assert "Interpreting into Twi" in organiser and "British Sign Language interpreter" in organiser
    assert client.get(f"/officer/meetings/{meeting.pk}/").status_code == 403


def test_checking_in_on_the_day_with_the_code() -> None:
    meeting = meeting_for(ben(), starts_at=timezone.now() + timedelta(minutes=10))
    client = signed_in(amara())
    wrong = Page(client.post(f"/meetings/{meeting.pk}/check-in/", {"code": "ZZZZZZ"}).content.decode())
    assert "not this meeting's code" in wrong.main.text
    assert client.post(f"/meetings/{meeting.pk}/check-in/", {"code": meeting.check_in_code}).status_code == 302
    assert "Checked in" in Page(client.get(meeting.get_absolute_url()).content.decode()).main.text


def test_a_community_lists_its_meetings_and_offers_a_calendar() -> None:
    meeting = meeting_for(ben())
    community = meeting.owner
    client = Client()
    listing = Page(client.get(f"/communities/{community.slug}/meetings/").content.decode()).main.text  # type: ignore[union-attr]
    assert meeting.title in listing
    feed = client.get(f"/communities/{community.slug}/meetings.ics")  # type: ignore[union-attr]
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in feed.content and f"meeting-{meeting.pk}@".encode() in feed.content


def test_organisers_record_attendance_and_a_decision_from_their_page() -> None:
    officer = ben()
    meeting = meeting_for(officer, starts_at=timezone.now() - timedelta(minutes=30))
    resident = amara()
    Registration.objects.create(meeting=meeting, person=resident)
    client = signed_in(officer)
    assert client.post(f"/officer/meetings/{meeting.pk}/attendance/", {"person": resident.pk}).status_code == 302
    bad = client.post(
        f"/officer/meetings/{meeting.pk}/decisions/vote/",
        {
            "title": "Trips",
            "proposal": "Two trips.",
            "votes_for": "2",
            "votes_against": "0",
            "abstentions": "0",
            "participants": [resident.pk],
            "reasons": "Popular.",
        },
    )
    assert bad.status_code == 400 and "more votes than people" in Page(bad.content.decode()).main.text
    good = client.post(
        f"/officer/meetings/{meeting.pk}/decisions/vote/",
        {
            "title": "Trips",
            "proposal": "Two trips.",
            "votes_for": "1",
            "votes_against": "0",
            "abstentions": "0",
            "participants": [resident.pk],
            "reasons": "Popular.",
        },
    )
    assert good.status_code == 302
    public = Page(Client().get(meeting.get_absolute_url()).content.decode()).main.text
    assert "Trips" in public and "1 for, 0 against, 0 abstaining" in public


def test_an_officer_schedules_a_meeting_for_a_community_they_work_for() -> None:
    from coopcouncil.accounts.models import Role
    from coopcouncil.meetings.models import Meeting
    from tests.accounts.factories import role_give
    from tests.places.factories import CommunityFactory

    officer = ben()
    brixton = CommunityFactory(name="Brixton", slug="brixton-forum")
    role_give(officer, Role.OFFICER, on=brixton)
    client = signed_in(officer)
    day = (timezone.localdate() + timedelta(days=9)).strftime("%d %m %Y").split()
    form = {
        "owner": f"community:{brixton.pk}",
        "title": "Brixton area forum",
        "kind": "area_forum",
        "date_day": day[0],
        "date_month": day[1],
        "date_year": day[2],
        "starts_at": "18:30",
        "ends_at": "18:00",
        "venue_name": "Lambeth Town Hall",
        "venue_features": ["step_free", "hearing_loop"],
        "is_public": "on",
        "agenda": "Welcome\nThe Brixton Green Fund\nAny other business",
    }
    wrong = Page(client.post("/officer/meetings/new/", form).content.decode())
    assert "The meeting must end after it starts." in wrong.main.text
    assert "Lambeth Town Hall" in wrong.html  # nothing typed is lost
    form["ends_at"] = "20:30"
    response = client.post("/officer/meetings/new/", form)
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Brixton area forum")
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Welcome",
        "The Brixton Green Fund",
        "Any other business",
    ]
    assert signed_in(amara()).get("/officer/meetings/new/").status_code == 403


def test_an_organiser_records_someone_who_came_without_registering() -> None:
    from coopcouncil.accounts.models import Role
    from coopcouncil.accounts.services import assisted_person_register
    from coopcouncil.core.actors import Actor
    from tests.accounts.factories import role_give
    from tests.places.factories import two_ward_borough

    borough = two_ward_borough()
    officer = ben()
    role_give(officer, Role.OFFICER, on=borough.borough)
    meeting = meeting_for(officer, starts_at=timezone.now() - timedelta(minutes=20), owner=borough.windrush)
    walk_in, _code = assisted_person_register(
        actor=Actor(person=officer), full_name="Dorothy Campbell", birth_year=1948, postcode="SW9 7AB"
    )
    client = signed_in(officer)
    found = Page(client.get(f"/officer/meetings/{meeting.pk}/?q=Dorothy").content.decode()).main.text
    assert "Dorothy Campbell" in found
    assert client.post(f"/officer/meetings/{meeting.pk}/attendance/{walk_in.pk}/").status_code == 302
    assert meeting.attendances.filter(person=walk_in).exists()
