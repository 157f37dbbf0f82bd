"""The pages that run a co-operative and schedule meetings: each checked with axe, headings and 320 px reflow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import BoardMember, Cooperative, Member
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services as meeting_services
from tests.accounts.factories import PersonFactory
from tests.cooperatives.factories import born, class_named, youth_cooperative
from tests.system.page_shape import journey_check
from tests.system.people import SignIn


@pytest.mark.browser
def test_the_secretary_runs_the_co_operative_from_its_officer_pages(
    page: Page, signed_in_as: SignIn, transactional_db: None
) -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    member_person = PersonFactory(date_of_birth=born(30, timezone.localdate()), birth_year=None)
    application = services.application_submit(
        actor=Actor(person=member_person), membership_class=class_named(cooperative, "Community"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    member = Member.objects.get(application=application)
    BoardMember.objects.create(cooperative=cooperative, member=member, elected_on=date(2024, 6, 1))
    starts = timezone.now() + timedelta(days=20)
    agm = services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="Annual general meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Library"),
        is_annual=True,
    )
    election = services.board_election_open(actor=Actor(person=secretary), general_meeting=agm, seats=1)
    services.candidate_nominate(actor=Actor(person=secretary), election=election, member=member)

    signed_in_as(secretary)
    page.goto(cooperative.get_absolute_url())
    journey_check(page)
    for path, heading in [
        ("members/", "Applications and the register of members"),
        ("settings/", "Kinds of member and the target"),
        ("income/", "Income raised"),
        ("meetings/new/", "Call a general meeting"),
    ]:
        page.goto(f"/officer/cooperatives/{cooperative.slug}/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        journey_check(page)

    # A bad input on each officer form is explained and linked to its field.
    page.get_by_role("button", name="Send the notice").click()
    expect(page.get_by_role("alert")).to_be_visible()
    journey_check(page)

    page.goto(f"/officer/cooperatives/{cooperative.slug}/members/")
    journey_check(page)
    page.get_by_role("link", name=member_person.full_name).click()
    journey_check(page)
    page.get_by_role("button", name="Give notice").click()
    expect(page.get_by_role("alert")).to_be_visible()
    journey_check(page)

    page.goto(f"/officer/cooperatives/{cooperative.slug}/meetings/{agm.pk}/")
    expect(page.get_by_role("heading", name="Retiring by rotation")).to_be_visible()
    journey_check(page)
    page.goto(f"/cooperatives/{cooperative.slug}/meetings/{agm.pk}/")
    journey_check(page)
    page.goto(f"/cooperatives/{cooperative.slug}/elections/{election.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board election")
    journey_check(page)


@pytest.mark.browser
def test_an_officer_schedules_a_meeting_and_a_resident_checks_in(
    page: Page, signed_in_as: SignIn, lambeth_borough: None
) -> None:
    from coopcouncil.accounts.models import Role
    from coopcouncil.places.models import Community
    from tests.accounts.factories import role_give
    from tests.accounts.personas import ben
    from tests.system.people import resident_amara

    officer = ben()
    brixton = Community.objects.get(slug="brixton")
    role_give(officer, Role.OFFICER, on=brixton)
    signed_in_as(officer)
    page.goto(f"/communities/{brixton.slug}/meetings/")
    journey_check(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    journey_check(page)
    page.get_by_label("Title").fill("Brixton area forum")
    page.get_by_role("button", name="Put it in the calendar").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Brixton area forum")
    journey_check(page)
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Starts at").fill("00:01")
    page.get_by_label("Ends at").fill("23:59")
    page.get_by_label("Venue").fill("Lambeth Town Hall")
    page.get_by_role("button", name="Put it in the calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brixton area forum")
    journey_check(page)

    signed_in_as(resident_amara())
    page.reload()
    journey_check(page)
    page.get_by_label("Meeting code").fill("WRONG1")
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("alert")).to_contain_text("not this meeting's code")
    journey_check(page)
