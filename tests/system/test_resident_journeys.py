"""Residents with a login: creating an account, and following a community."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import ConsentPurpose, Person
from tests.system.checks import page_check
from tests.system.people import SignIn, resident_amara

GOOD_PASSWORD = "brixton market on a saturday"


@pytest.mark.browser
def test_a_resident_creates_an_account_after_fixing_a_mistake(page: Page) -> None:
    page.goto("/")
    page_check(page)
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    page_check(page)

    page.get_by_label("Full name", exact=True).fill("Dele Mensah")
    page.get_by_label("Email", exact=True).fill("dele@example.org")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_label("Year", exact=True).fill("1988")
    page.get_by_label("Postcode", exact=True).fill("sw9 7ab")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_title(re.compile(r"^Error: "))  # screen readers hear it first
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    too_short = "This password is too short. It must contain at least 10 characters."
    expect(summary.get_by_role("link", name=too_short)).to_be_visible()
    expect(page.get_by_label("Full name", exact=True)).to_have_value("Dele Mensah")  # what was typed is kept
    page_check(page)

    summary.get_by_role("link", name=too_short).click()  # the summary leads to the field to fix
    expect(page.get_by_label("Password", exact=True)).to_be_focused()

    page.get_by_label("Password", exact=True).fill(GOOD_PASSWORD)
    page.get_by_label("Password (again)").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    details = page.locator(".govuk-summary-list")
    expect(details).to_contain_text("Dele Mensah")
    expect(details).to_contain_text("SW9 7AB")
    expect(details).to_contain_text("Year only: 1988")
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out")).to_be_visible()
    page_check(page)

    person = Person.objects.get(user__email="dele@example.org")
    assert person.full_name == "Dele Mensah"
    assert person.consents.filter(purpose=ConsentPurpose.ACCOUNT).exists()


@pytest.mark.browser
def test_a_resident_follows_a_community_by_topic_chooses_how_to_hear_and_stops(
    page: Page, signed_in_as: SignIn, lambeth_borough: None
) -> None:
    amara = resident_amara()
    signed_in_as(amara)
    page.goto("/communities/brixton/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brixton")
    topics = page.get_by_role("group", name="Get updates about Brixton")
    expect(topics.get_by_role("checkbox")).to_have_count(5)
    # Following is asking to be told: the form says so before the button is pressed.
    expect(page.get_by_text("Following means you agree to us sending you updates")).to_be_visible()
    page_check(page)

    page.get_by_role("button", name="Follow Brixton").click()  # nothing ticked yet
    expect(page).to_have_title(re.compile(r"^Error: Get updates about Brixton"))
    nothing = "Select at least one thing to get updates about"
    page.get_by_role("alert").get_by_role("link", name=nothing).click()
    expect(page.get_by_label("New ideas and proposals")).to_be_focused()
    page_check(page)

    page.get_by_label("Votes opening and closing").check()
    page.get_by_label("Meetings and events").check()
    page.get_by_role("button", name="Follow Brixton").click()
    expect(page).to_have_url(re.compile(r"/communities/brixton/$"))
    expect(page.get_by_role("alert")).to_contain_text("You now follow Brixton.")
    assert amara.consents.filter(purpose=ConsentPurpose.CONTACT_UPDATES, withdrawn_at__isnull=True).exists()
    expect(page.get_by_text("You follow this community.")).to_be_visible()
    expect(page.get_by_label("Votes opening and closing")).to_be_checked()
    expect(page.get_by_label("Meetings and events")).to_be_checked()
    expect(page.get_by_label("New ideas and proposals")).not_to_be_checked()
    expect(page.get_by_role("button", name="Follow Brixton")).to_have_count(0)
    page_check(page)

    page.get_by_label("Meetings and events").uncheck()
    page.get_by_label("Decisions and results").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Your updates from Brixton are saved.")
    expect(page.get_by_label("Decisions and results")).to_be_checked()
    expect(page.get_by_label("Meetings and events")).not_to_be_checked()
    page_check(page)

    page.get_by_role("link", name="Your account").click()
    followed = page.get_by_role("heading", name="Communities you follow").locator("+ ul")
    expect(followed.get_by_role("link")).to_have_text(["Brixton"])
    page_check(page)

    page.get_by_role("link", name="How we contact you and what you follow").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your updates")
    brixton = page.locator(".govuk-summary-list__row", has_text="Brixton")
    expect(brixton.get_by_role("listitem")).to_have_text(["Votes opening and closing", "Decisions and results"])
    expect(page.get_by_label("Email")).to_be_checked()
    page_check(page)

    page.get_by_label("Letter by post").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    no_address = "Enter an address, or choose another way to hear from us"
    page.get_by_role("alert").get_by_role("link", name=no_address).click()
    expect(page.get_by_label("Address for letters")).to_be_focused()
    expect(page.get_by_label("Letter by post")).to_be_checked()  # what was chosen is kept
    page_check(page)

    page.get_by_label("Address for letters").fill("12 Railton Road\nLondon")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Saved. We will send your updates by letter.")
    expect(page.get_by_label("Letter by post")).to_be_checked()
    page_check(page)
    amara.refresh_from_db()
    assert (amara.contact_preference, amara.address) == ("post", "12 Railton Road\nLondon")

    brixton.get_by_role("link", name="Change updates from Brixton").click()
    expect(page).to_have_url(re.compile(r"/communities/brixton/#follow$"))
    expect(page.get_by_text("How we contact you: Letter by post.")).to_be_visible()
    page_check(page)

    page.get_by_role("button", name="Stop following").click()
    expect(page.get_by_role("alert")).to_contain_text("You no longer follow Brixton.")
    expect(page.get_by_role("button", name="Follow Brixton")).to_be_visible()
    expect(page.get_by_label("Votes opening and closing")).not_to_be_checked()
    page_check(page)

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("You do not follow any communities yet.")).to_be_visible()
    page_check(page)


@pytest.mark.browser
def test_a_resident_says_where_they_work_and_sees_it_waiting_for_a_check(page: Page, signed_in_as: SignIn) -> None:
    resident = resident_amara()
    signed_in_as(resident)
    page.goto("/account/")
    page_check(page)
    page.get_by_role("link", name="Where you live, work, study or volunteer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you live, work, study or volunteer")
    page_check(page)

    page.get_by_label("Postcode of the place").fill("not a postcode")
    page.get_by_label("Name of the place (optional)").fill("Brixton Library")
    page.get_by_role("button", name="Save place").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text(
        ["Choose whether you live, work, study or volunteer there", "Enter a real postcode, like SW2 1RW"]
    )
    expect(page.get_by_label("Name of the place (optional)")).to_have_value("Brixton Library")
    page_check(page)

    page.get_by_label("I work there").check()
    page.get_by_label("Postcode of the place").fill("sw2 1rw")
    page.get_by_label("What can you show to prove it? (optional)").fill("A payslip")
    page.get_by_role("button", name="Save place").click()

    expect(page.get_by_role("alert")).to_contain_text("An officer will check your evidence before it counts.")
    places = page.get_by_role("table", name="Places you have told us about")
    expect(places).to_contain_text("Brixton Library, SW2 1RW")
    expect(places).to_contain_text("Waiting for an officer to check")
    page_check(page)
    claim = resident.area_claims.get()
    assert (claim.kind, claim.postcode, claim.evidence) == ("work", "SW2 1RW", "A payslip")
