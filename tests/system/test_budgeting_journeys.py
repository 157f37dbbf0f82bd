"""Participatory budgeting in the browser: an idea, its review, a vote by keyboard, paper keying, results."""

from __future__ import annotations

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import Page, expect

from coopcouncil.accounts.models import Person, Role
from coopcouncil.budgeting import services
from coopcouncil.budgeting.models import Ballot, BallotType, CountingRule, Phase, Proposal, Round
from coopcouncil.core.actors import Actor
from tests.accounts.factories import person_with_login, role_give
from tests.accounts.personas import ben, totp_secret_for
from tests.budgeting.factories import round_in_phase
from tests.system.checks import page_check
from tests.system.people import SignIn, resident_amara
from tests.system.test_keyboard import tab_to

GREEN_PROJECTS = [("Trees along Acre Lane", 1_800_000), ("Wildflower verges", 300_000), ("Bike hangars", 900_000)]


@pytest.mark.browser
def test_a_resident_puts_forward_an_idea_and_an_officer_reviews_it(page: Page, signed_in_as: SignIn) -> None:
    officer = ben()
    round = round_in_phase(officer, Phase.IDEAS_OPEN, title="Brixton Green Fund")
    signed_in_as(resident_amara())
    page.goto(round.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Brixton Green Fund")
    page_check(page)

    page.get_by_role("link", name="Put forward an idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Put forward an idea")
    page_check(page)
    page.get_by_label("Title").fill("Rain garden on Railton Road")
    page.get_by_label("Roughly how much would it cost?").fill("twelve thousand")
    page.get_by_role("button", name="Send your idea").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter an amount in pounds, like 1250 or 1250.50")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Rain garden on Railton Road")
    page_check(page)

    page.get_by_label("Describe your idea").fill("Planting that soaks up rain and stops the road flooding.")
    page.get_by_label("Roughly how much would it cost?").fill("12,000")
    page.get_by_label("Parks, trees and the environment").check()
    page.get_by_role("button", name="Send your idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rain garden on Railton Road")
    expect(page.get_by_role("alert")).to_contain_text("Your idea is in")
    page_check(page)

    proposal = Proposal.objects.get(title="Rain garden on Railton Road")
    services.round_phase_advance(actor=Actor(person=officer), round=round, to=Phase.PROPOSAL_DEVELOPMENT)
    page.context.clear_cookies()
    signed_in_as(officer)
    page.goto(f"/officer/budgets/{round.slug}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review proposals")
    page_check(page)
    page.get_by_role("link", name="Review Rain garden on Railton Road").click()
    page_check(page)
    page.get_by_label("Feasible: it can go on the ballot").check()
    page.get_by_label("The council's costing").fill("13500")
    page.get_by_role("button", name="Record the review").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Give the reason everyone will read.")).to_be_visible()
    page_check(page)
    page.get_by_label("Reason, published with the proposal").fill(
        "Highways checked the drains: it can be built in the spring. The costing includes planting for two years."
    )
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("The review is recorded")
    page_check(page)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.costed_pence) == ("feasible", 1_350_000)


@pytest.mark.browser
def test_a_resident_votes_on_a_knapsack_ballot_with_the_keyboard_alone(page: Page, signed_in_as: SignIn) -> None:
    round = round_in_phase(
        ben(), Phase.VOTING_OPEN, projects=GREEN_PROJECTS, ballot_type=BallotType.KNAPSACK, max_choices=None
    )
    signed_in_as(resident_amara())
    page.goto(f"/budgets/{round.slug}/vote/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot")
    page_check(page)

    trees = page.get_by_label(re.compile(r"^1\. Trees along Acre Lane"))
    bikes = page.get_by_label(re.compile(r"^3\. Bike hangars"))
    tab_to(page, trees, within=30)
    page.keyboard.press("Space")
    tab_to(page, bikes, within=3)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"), within=3)
    page.keyboard.press("Enter")

    # £18,000 and £9,000 is more than the £20,000: the ballot comes back with the reason.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your choices cost £27,000, more than the £20,000 there is to spend.")
    page_check(page)
    tab_to(page, page.get_by_role("link", name=re.compile("Your choices cost")), within=40)
    page.keyboard.press("Enter")
    expect(trees).to_be_focused()  # the summary's link leads to the first box of the ballot
    tab_to(page, bikes, within=3)
    page.keyboard.press("Space")  # untick the bike hangars
    tab_to(page, page.get_by_role("button", name="Continue"), within=3)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your choices before you vote")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Trees along Acre Lane")
    page_check(page)
    tab_to(page, page.get_by_role("button", name="Confirm and vote"), within=30)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote is recorded")
    expect(page.get_by_test_id("receipt")).to_have_text(re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$"))
    page_check(page)
    assert [c.proposal.title for c in Ballot.objects.get(round=round).choices.all()] == ["Trees along Acre Lane"]


def _fola() -> Person:
    fola = person_with_login(email="fola@lambeth.example", full_name="Fola Bankole")
    role_give(fola, Role.OFFICER)
    assert fola.user is not None
    TOTP.activate(fola.user, totp_secret_for("fola"))
    return fola


def _key_paper(page: Page, serial: int, *titles: str) -> None:
    page.get_by_label("Paper number").fill(str(serial))
    for title in titles:
        page.get_by_label(re.compile(rf"^\d+\. {re.escape(title)}")).check()
    page.get_by_role("button", name="Save this paper").click()


@pytest.mark.browser
def test_two_officers_key_a_paper_batch_and_resolve_a_discrepancy(page: Page, signed_in_as: SignIn) -> None:
    officer, fola = ben(), _fola()
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=GREEN_PROJECTS, max_choices=2)
    signed_in_as(officer)
    page.goto(f"/officer/budgets/{round.slug}/paper/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Paper ballots")
    page_check(page)
    page.get_by_label("Where the papers will be used").fill("Brixton Library, 12 March")
    page.get_by_label("How many papers").fill("20")
    page.get_by_role("button", name="Number the papers").click()
    expect(page.get_by_role("alert")).to_contain_text("Papers 1 to 20 are ready to print.")
    page_check(page)

    page.get_by_role("link", name="Key papers Brixton Library, 12 March").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Key a paper")
    page_check(page)
    _key_paper(page, 1, "Wildflower verges")
    expect(page.get_by_role("alert")).to_contain_text("Paper 1 is keyed. A second officer must key it too.")
    page_check(page)
    _key_paper(page, 2, "Trees along Acre Lane", "Bike hangars")
    page_check(page)

    page.context.clear_cookies()
    signed_in_as(fola)
    page.goto(f"/officer/budgets/{round.slug}/paper/")
    page_check(page)
    page.get_by_role("link", name="Key papers Brixton Library, 12 March").click()
    page_check(page)
    _key_paper(page, 1, "Wildflower verges")
    expect(page.get_by_role("alert")).to_contain_text("Paper 1 is entered: both keyings agree.")
    page_check(page)
    _key_paper(page, 2, "Trees along Acre Lane")  # misread: one cross missed
    expect(page.get_by_role("region", name="Important")).to_contain_text("in the discrepancy queue")
    page_check(page)

    page.goto(f"/officer/budgets/{round.slug}/paper/discrepancies/")
    expect(page.get_by_role("heading", name="Paper 2 (Brixton Library, 12 March)")).to_be_visible()
    page_check(page)
    page.get_by_role("link", name="Resolve paper 2").click()
    page_check(page)
    page.get_by_label(re.compile(r"^\d+\. Trees along Acre Lane")).check()
    page.get_by_label(re.compile(r"^\d+\. Bike hangars")).check()
    page.get_by_label("What the paper shows, and why the keyings differed").fill(
        "Crosses by the trees and the bike hangars; the second was faint."
    )
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("alert")).to_contain_text("Paper 2 is resolved.")
    expect(page.get_by_text("No papers are waiting")).to_be_visible()
    page_check(page)
    assert sorted(Ballot.objects.filter(round=round).values_list("paper_serial", flat=True)) == ["1", "2"]


@pytest.mark.browser
def test_results_show_what_was_funded_and_why(page: Page) -> None:
    officer = ben()
    round: Round = round_in_phase(
        officer, Phase.VOTING_OPEN, projects=GREEN_PROJECTS, counting_rule=CountingRule.EQUAL_SHARES
    )
    ids = {p.title: p.pk for p in round.proposals.all()}
    for picks in (["Trees along Acre Lane"], ["Trees along Acre Lane", "Wildflower verges"], ["Bike hangars"]):
        voter = Person.objects.create(full_name="A voter", postcode="SW2 1RW")
        services.ballot_submit(
            actor=Actor(person=voter),
            round=round,
            choices=[services.voting.Choice(ids[t]) for t in picks],
            submission=uuid.uuid4(),
        )
    actor = Actor(person=officer)
    for phase in (Phase.VOTING_CLOSED, Phase.COUNTING):
        services.round_phase_advance(actor=actor, round=round, to=phase)
    services.round_count(actor=actor, round=round)
    services.round_phase_advance(actor=actor, round=round, to=Phase.RESULTS_PUBLISHED)

    page.goto(round.get_absolute_url())
    page_check(page)
    page.get_by_role("link", name="See the results and why each project was or was not funded").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.get_by_role("img", name=re.compile("Votes for each project"))).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Trees along Acre Lane")
    explanations = page.locator(".govuk-summary-list")
    expect(explanations).to_contain_text("Funded at step")
    expect(explanations).to_contain_text("Not funded")
    page.get_by_text("Check the count yourself").click()
    expect(page.locator("pre code")).to_contain_text("coopcouncil tally")
    page_check(page)
