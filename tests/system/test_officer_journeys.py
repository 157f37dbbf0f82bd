"""Council officers: signing in with a second factor, and helping a resident who is not online."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import ActingForSession, Person, RegisteredVia
from coopcouncil.accounts.services import area_claim_record
from coopcouncil.core.actors import Actor
from tests.accounts.factories import PASSWORD
from tests.accounts.personas import ben, nell, totp_code_now, totp_secret_for
from tests.system.checks import page_check
from tests.system.people import SignIn


@pytest.mark.browser
def test_an_officer_signs_in_with_a_password_and_an_authenticator_code(page: Page) -> None:
    officer = ben()
    assert officer.user is not None
    page.goto("/accounts/login/")
    page_check(page)

    page.get_by_label("Email", exact=True).fill(officer.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    page_check(page)
    page.get_by_label("Code", exact=True).fill(totp_code_now(totp_secret_for("ben")))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("heading", name="Officer tools")).to_be_visible()
    page_check(page)

    page.get_by_role("link", name="Find a resident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a resident")
    page_check(page)


@pytest.mark.browser
def test_an_officer_registers_a_resident_at_a_hub_and_acts_for_them(page: Page, signed_in_as: SignIn) -> None:
    officer = ben()
    signed_in_as(officer)
    page.goto("/account/")
    page_check(page)
    page.get_by_role("link", name="Register a resident who is not online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a resident who is not online")
    page_check(page)

    page.get_by_label("Resident's full name").fill("Nell Adeyemi")
    page.get_by_label("Year", exact=True).fill("1951")
    page.get_by_label("Postcode", exact=True).fill("se27 9aa")
    page.get_by_label("Letter by post").check()
    page.get_by_role("button", name="Register resident").click()

    # Forgot the address letters need, and the resident's agreement: both are flagged, nothing typed is lost.
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter an address, or choose another way to hear from us",
            "Confirm the resident agrees to us keeping their details",
        ]
    )
    expect(page.get_by_label("Resident's full name")).to_have_value("Nell Adeyemi")
    page_check(page)

    page.get_by_label("Address for letters").fill("12 Norwood High Street\nLondon")
    page.get_by_label("The resident agrees that we keep these details so they can take part").check()
    page.get_by_role("button", name="Register resident").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Resident registered")
    resident = Person.objects.get(full_name="Nell Adeyemi")
    assert resident.user is None and resident.registered_via == RegisteredVia.ASSISTED
    expect(page.get_by_test_id("reference")).to_have_text(str(resident.pk))
    expect(page.get_by_test_id("claim-code")).to_have_text(re.compile(r"\S{6,}"))
    page_check(page)

    page.get_by_role("link", name="Continue to their profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nell Adeyemi")
    page_check(page)
    page.get_by_label("Why are you acting for them?").fill("In person at West Norwood library drop-in")
    page.get_by_role("button", name="Start acting for them").click()

    banner = page.get_by_role("region", name="Acting for a resident")
    expect(banner).to_contain_text(re.compile(r"You are acting for Nell Adeyemi until \d\d:\d\d\."))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nell Adeyemi's account")
    expect(page.locator(".govuk-summary-list")).to_contain_text("SE27 9AA")
    page_check(page)

    banner.get_by_role("button", name="Stop acting for them").click()
    expect(page.get_by_role("region", name="Acting for a resident")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("You are no longer acting for anyone.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a resident")
    page_check(page)

    session = ActingForSession.objects.get()
    assert (session.officer, session.resident) == (officer, resident)
    assert session.reason == "In person at West Norwood library drop-in"
    assert session.ended_at is not None


@pytest.mark.browser
def test_an_officer_checks_a_residents_evidence_for_where_they_work(page: Page, signed_in_as: SignIn) -> None:
    resident = nell()
    claim = area_claim_record(
        actor=Actor(person=resident), kind="work", postcode="SE27 9AA", place_name="West Norwood Library"
    )
    signed_in_as(ben())
    page.goto("/account/")
    page_check(page)
    page.get_by_role("link", name="Places to check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Places to check")
    page_check(page)

    page.get_by_role("link", name="Check the claim from Nell Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nell Adeyemi")
    page_check(page)
    card = page.locator(f"#claim-{claim.pk}")
    card.get_by_role("button", name=re.compile(r"^Save check")).click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        ["Choose whether the claim is verified", "Say what evidence you saw, or why the claim is not verified"]
    )
    page_check(page)

    card = page.locator(f"#claim-{claim.pk}")
    card.get_by_label("Yes, I have seen evidence").check()
    card.get_by_label("What did you see?").fill("Staff pass, December 2026")
    card.get_by_role("button", name=re.compile(r"^Save check")).click()
    expect(page.get_by_role("alert")).to_contain_text("Claim checked.")
    expect(page.locator(f"#claim-{claim.pk}")).to_contain_text("Verified")
    expect(page.locator(f"#claim-{claim.pk}")).to_contain_text("Staff pass, December 2026")
    page_check(page)
    claim.refresh_from_db()
    assert claim.status == "verified"
