"""A member registers for the AGM with an access need and votes on a special resolution (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import Consent, ConsentPurpose
from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import Cooperative, Member, Resolution, ResolutionKind
from coopcouncil.core.actors import Actor
from coopcouncil.meetings import services as meeting_services
from coopcouncil.meetings.models import Registration
from tests.accounts.factories import person_with_login
from tests.cooperatives.factories import born, class_named, youth_cooperative
from tests.system.checks import page_check
from tests.system.people import SignIn


@pytest.mark.browser
def test_a_member_registers_for_the_agm_with_an_access_need_and_votes_on_a_special_resolution(
    page: Page, signed_in_as: SignIn, transactional_db: None
) -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    young = person_with_login(email="kofi@example.org", date_of_birth=born(17, timezone.localdate()), birth_year=None)
    Consent.objects.create(person=young, purpose=ConsentPurpose.ACCOUNT, method="online sign-up")
    application = services.application_submit(
        actor=Actor(person=young), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    member = Member.objects.get(application=application)
    starts = timezone.now() + timedelta(days=20)
    agm = services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="Annual general meeting 2027",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Recreation Centre", address="27 Station Road, SW9 8QQ"),
        is_annual=True,
    )
    resolution = services.resolution_propose(
        actor=Actor(person=secretary),
        general_meeting=agm,
        title="New rules",
        text="Adopt the revised rules, lowering the age to join the board to 16.",
        kind=ResolutionKind.SPECIAL,
    )

    signed_in_as(young)
    page.goto(cooperative.get_absolute_url())
    expect(page.get_by_text("You are member number 1 (Young people)")).to_be_visible()
    page_check(page)
    page.get_by_role("link", name="Annual general meeting 2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual general meeting 2027")
    page_check(page)
    page.get_by_role("link", name="Register to come, say what you need to take part, or check in on the day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual general meeting 2027")
    page_check(page)
    page.get_by_role("button", name="Register to come").click()
    page_check(page)
    page.get_by_label("Translation or interpreting into another language").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert").get_by_role("link", name="Say which language you need.")).to_be_visible()
    page_check(page)
    page.get_by_label("Which language, if you need translation or interpreting?").fill("Twi")
    page.get_by_label("British Sign Language interpreter").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered to come in person.")).to_be_visible()
    page_check(page)
    registration = Registration.objects.get(person=young)
    assert registration.language == "Twi" and "bsl" in registration.access_needs

    # On the day: a steward records Kofi as here, and the secretary opens the voting.
    meeting_services.attendance_record(actor=Actor(person=secretary), meeting=agm.meeting, person=member.person)
    services.resolution_voting_open(actor=Actor(person=secretary), resolution=resolution)
    page.goto(resolution.get_absolute_url())
    expect(page.get_by_text("at least three quarters of the votes cast")).to_be_visible()
    page_check(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("alert").get_by_role("link", name="Choose for, against or abstain.")).to_be_visible()
    page_check(page)
    page.get_by_label("For", exact=True).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="You have voted")).to_be_visible()
    page_check(page)
    assert Resolution.objects.get(pk=resolution.pk).votes.count() == 1
