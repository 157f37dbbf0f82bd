"""A resident who uses only a keyboard: no clicks anywhere in this journey."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.accounts.factories import PASSWORD
from tests.system.checks import page_check
from tests.system.people import resident_amara


def tab_to(page: Page, target: Locator, *, within: int) -> None:
    """Press Tab until ``target`` has focus; fail if it takes more than ``within`` presses."""
    for _ in range(within):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached in {within} presses of Tab")


@pytest.mark.browser
def test_a_resident_signs_in_with_the_keyboard_alone(page: Page) -> None:
    resident = resident_amara()
    assert resident.user is not None
    page.goto("/accounts/login/")
    page_check(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # hidden until focused, then shown

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # From the top of the main content, the form is close: past the "sign up" link, then the email field.
    email = page.get_by_label("Email", exact=True)
    tab_to(page, email, within=2)
    page.keyboard.type(resident.user.email)
    password = page.get_by_label("Password", exact=True)
    tab_to(page, password, within=2)  # past "Forgot your password?"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Amara Okafor")
    page_check(page)

    # GOV.UK's success banner takes focus, so the confirmation is the first thing read out.
    banner = page.get_by_role("alert")
    expect(banner).to_be_focused()
    expect(banner).to_contain_text(f"Successfully signed in as {resident.user.email}.")
