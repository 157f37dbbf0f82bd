"""The youth co-operative in the browser: a young person applies to join and the membership secretary approves."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import Consent, ConsentPurpose
from coopcouncil.cooperatives.models import Member
from tests.accounts.factories import PASSWORD, person_with_login
from tests.cooperatives.factories import born, youth_cooperative
from tests.frontend.people import totp_code_now, totp_secret
from tests.system.page_shape import journey_check
from tests.system.people import SignIn
from tests.system.test_keyboard import tab_to


@pytest.mark.browser
def test_a_young_person_applies_to_join_the_cooperative_and_the_secretary_approves(
    page: Page, signed_in_as: SignIn
) -> None:
    cooperative, secretary = youth_cooperative()
    tayo = person_with_login(
        email="tayo@example.org", full_name="Tayo Bello", date_of_birth=born(15, timezone.localdate()), birth_year=None
    )
    Consent.objects.create(person=tayo, purpose=ConsentPurpose.ACCOUNT, method="online sign-up")
    signed_in_as(tayo)
    page.goto("/cooperatives/")
    journey_check(page)
    page.get_by_role("link", name=cooperative.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cooperative.name)
    expect(page.get_by_role("heading", name="Young people", level=3).locator("+ ul")).to_contain_text("5 to 19")
    journey_check(page)

    # From here to the application being sent, the keyboard alone: no clicks.
    tab_to(page, page.get_by_role("button", name="Become a member"), within=40)  # a link styled as a button
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join {cooperative.name}")
    journey_check(page)
    young_people = page.get_by_label(re.compile(r"^Young people"))
    tab_to(page, young_people, within=40)
    page.keyboard.press("Space")
    statement = page.get_by_label("Why do you want to join? (optional)")
    tab_to(page, statement, within=3)  # past the box about the aims, left unticked by mistake
    page.keyboard.type("I coach a football team on Brockwell Park.")
    tab_to(page, page.get_by_role("button", name="Send my application"), within=3)
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile(r"^Error: "))
    tick = "Members support the co-operative's aims: tick the box to say you do."
    tab_to(page, page.get_by_role("alert").get_by_role("link", name=tick), within=40)
    page.keyboard.press("Enter")
    aims = page.get_by_label("I support the co-operative's aims and will take part as a member")
    expect(aims).to_be_focused()
    expect(young_people).to_be_checked()  # what was chosen is kept
    expect(statement).to_have_value("I coach a football team on Brockwell Park.")
    journey_check(page)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Send my application"), within=3)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(cooperative.name)
    expect(page.get_by_role("alert")).to_contain_text("Your application has been sent")
    expect(page.get_by_text(re.compile(r"You applied on .* to join as Young people\."))).to_be_visible()
    expect(page.get_by_role("button", name="Become a member")).to_have_count(0)
    journey_check(page)

    # The membership secretary signs in with a password and an authenticator code.
    page.context.clear_cookies()
    assert secretary.user is not None
    page.goto("/accounts/login/")
    journey_check(page)
    page.get_by_label("Email", exact=True).fill(secretary.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    journey_check(page)
    page.get_by_label("Code", exact=True).fill(totp_code_now(totp_secret(secretary.user.email)))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    journey_check(page)

    page.goto(cooperative.get_absolute_url())
    journey_check(page)
    page.get_by_role("link", name="Applications and the register of members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications and the register of members")
    waiting = page.get_by_role("table", name="Applications waiting for a decision")
    expect(waiting.get_by_role("row", name=re.compile("Tayo Bello"))).to_contain_text("Young people")
    journey_check(page)
    waiting.get_by_role("link", name="Decide Tayo Bello").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application from Tayo Bello")
    expect(page.locator(".govuk-summary-list")).to_contain_text("I coach a football team on Brockwell Park.")
    journey_check(page)
    page.get_by_label("Approve: they join the register").check()
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("alert")).to_contain_text("Decision recorded; the applicant has been told.")
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()
    register = page.get_by_role("table", name="Register of members")
    expect(register.get_by_role("row", name=re.compile("Tayo Bello"))).to_contain_text("1")
    journey_check(page)
    member = Member.objects.get(cooperative=cooperative, person=tayo)
    assert (member.member_number, member.membership_class.name) == (1, "Young people")

    page.context.clear_cookies()
    signed_in_as(tayo)
    page.goto(cooperative.get_absolute_url())
    expect(page.locator(".govuk-inset-text")).to_contain_text("You are member number 1 (Young people) since")
    expect(page.get_by_role("link", name="Leave the co-operative")).to_be_visible()
    journey_check(page)
