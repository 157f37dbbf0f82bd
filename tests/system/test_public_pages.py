"""Pages anyone can read without signing in, and the language switcher."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.system.checks import page_check


@pytest.mark.browser
def test_a_visitor_reads_the_public_pages(page: Page, lambeth_borough: None) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide together how your council works")
    expect(page.get_by_role("link", name="Youth services")).to_be_visible()
    page_check(page)

    page.get_by_role("link", name="See all communities, including your ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities")
    expect(page.get_by_role("heading", name="A ward", level=2)).to_be_visible()
    expect(page.get_by_role("link", name="Brixton Windrush")).to_be_visible()
    page_check(page)

    page.get_by_role("link", name="Brixton", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brixton")
    wards = page.get_by_role("table", name="Wards in this community")
    expect(wards.get_by_role("row")).to_have_count(5)  # a header row and Brixton's four wards
    expect(wards.get_by_role("cell", name="Brixton North")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in to follow this community")).to_be_visible()
    page_check(page)

    for link, heading in [
        ("Accessibility statement", "Accessibility statement"),
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
    ]:
        page.get_by_role("contentinfo").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page_check(page)


@pytest.mark.browser
def test_a_missing_page_says_so_and_leads_home(page: Page, lambeth_borough: None) -> None:
    response = page.goto("/communities/atlantis/")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Page not found \N{EN DASH} Co-op Council")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page_check(page)

    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url("/")
    page_check(page)


@pytest.mark.browser
def test_a_visitor_switches_to_portuguese_and_back(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    page_check(page)

    page.get_by_role("navigation", name="Language").get_by_role("button", name="Português").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decidir em conjunto como funciona o seu município")
    expect(page.get_by_role("link", name="Ir para o conteúdo principal")).to_be_attached()
    page_check(page)

    # The choice sticks as the visitor moves on.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Comunidades").click()
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comunidades")
    page_check(page)

    page.get_by_role("navigation", name="Idioma").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities")
    page_check(page)


@pytest.mark.browser
def test_a_visitor_filters_the_decision_log_and_reads_a_decision(page: Page, lambeth_borough: None) -> None:
    from coopcouncil.core.actors import Actor
    from coopcouncil.core.models import DecisionMethod
    from coopcouncil.core.services import decision_record
    from tests.accounts.personas import ben
    from tests.budgeting.factories import round_in_phase

    officer = ben()
    green_fund = round_in_phase(officer, title="Brixton Green Fund")
    decision_record(
        actor=Actor(person=officer),
        decided_at=timezone.now(),
        decided_by="Residents' vote in Brixton Green Fund",
        method=DecisionMethod.COUNT,
        title="Brixton Green Fund: results",
        outcome="Funded 3 projects costing £30,000.00 of £30,000.00.",
        reasons="Counted by the published rule from 412 ballots.",
        counts={"ballots": 412},
        subject=green_fund,
    )
    page.goto("/")
    page_check(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions")
    page_check(page)

    page.get_by_label("Kind of decision").select_option(label="Commissioning")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="0 decisions")).to_be_visible()
    expect(page.get_by_text("No published decisions match these filters.")).to_be_visible()
    page_check(page)

    page.get_by_label("Kind of decision").select_option(label="Participatory budgeting")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 decision", exact=True)).to_be_visible()
    page_check(page)
    page.get_by_role("link", name="Brixton Green Fund: results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brixton Green Fund: results")
    expect(page.get_by_text("Counted by the published rule from 412 ballots.")).to_be_visible()
    page_check(page)
