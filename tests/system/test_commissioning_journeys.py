"""Commissioning in the browser: a resident scores a bid and agrees the scores, a provider bids and
reports on its contract, and the public follows the programme's timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coopcouncil.commissioning.models import SeatType
from coopcouncil.commissioning.models.acquisition import Bid, Call, Moderation
from coopcouncil.commissioning.services import acquisition
from coopcouncil.core.actors import Actor
from tests.accounts.personas import ben
from tests.commissioning.test_acquisition import (
    Panel,
    acquiring_programme,
    call_with_criteria,
    criteria,
    provider,
    submitted_bid,
)
from tests.system.checks import page_check
from tests.system.people import SignIn

EXCELLENT = re.compile(r"^4: Excellent")
GOOD = re.compile(r"^3: Good")


def _closed_call_with_two_bids(panel: Panel) -> tuple[Call, Bid, Bid]:
    """The youth clubs call, closed with two compliant bids and waiting for its evaluators."""
    officer = Actor(person=panel.officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=officer, call=call)
    trust = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), call, 10_000_000)
    cic = submitted_bid(*provider("Streatham Youth CIC", "GB-COH-01234567"), call, 8_000_000)
    acquisition.call_close(actor=officer, call=call)
    for bid in (trust, cic):
        acquisition.bid_compliance_set(actor=officer, bid=bid, compliant=True)
    return call, trust, cic


@pytest.mark.browser
def test_a_resident_on_the_panel_declares_scores_a_bid_and_agrees_the_residents_scores(
    page: Page, signed_in_as: SignIn
) -> None:
    panel = acquiring_programme(ben())
    call, trust, cic = _closed_call_with_two_bids(panel)
    by_title = criteria(call)
    quality, local_jobs = by_title["Quality"], by_title["Local jobs and skills"]
    resident, other_resident = panel.residents
    acquisition.interests_declare(actor=Actor(person=other_resident), call=call, interests={})
    acquisition.evaluation_submit(
        actor=Actor(person=other_resident),
        bid=trust,
        scores={quality.pk: (3, "Clubs every weeknight."), local_jobs.pk: (4, "Hires youth workers locally.")},
    )

    signed_in_as(resident)
    page.goto(f"/commissioning/{panel.programme.slug}/calls/{call.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    page_check(page)
    page.get_by_role("link", name="Evaluate the bids").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluate the bids")
    expect(page.get_by_role("heading", name="Declare your interests first")).to_be_visible()
    page_check(page)

    # Forgetting to confirm the declaration: the summary leads to the box to tick.
    page.get_by_label("Your interest in Streatham Youth CIC (leave empty if none)").fill("My cousin is a trustee.")
    page.get_by_role("button", name="Make my declaration").click()
    confirm = "Confirm that you have declared every interest you have."
    page.get_by_role("alert").get_by_role("link", name=confirm).click()
    confirm_box = page.get_by_label("I have declared every personal, professional or financial interest")
    expect(confirm_box).to_be_focused()
    expect(page.get_by_label("Your interest in Streatham Youth CIC (leave empty if none)")).to_have_value(
        "My cousin is a trustee."
    )
    page_check(page)
    confirm_box.check()
    page.get_by_role("button", name="Make my declaration").click()

    expect(page.get_by_role("alert")).to_contain_text("Your declaration is recorded.")
    to_score = page.get_by_role("table", name="Bids to score")
    expect(to_score.get_by_role("link")).to_have_text(["Brixton Youth Trust"])  # not the bidder she knows
    page_check(page)

    to_score.get_by_role("link", name="Brixton Youth Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bid from Brixton Youth Trust")
    expect(page.get_by_text("Our answer to Quality.")).to_be_visible()
    # She scores alone: nobody else's scores, and no price (officers score it by formula).
    expect(page.get_by_role("heading", name="Every evaluator's scores")).to_have_count(0)
    expect(page.get_by_text("Clubs every weeknight.")).to_have_count(0)
    expect(page.get_by_text("£100,000")).to_have_count(0)
    page_check(page)

    page.get_by_role("group", name="Score for Quality").get_by_label(EXCELLENT).check()
    page.get_by_label("Your reasons for the score for Quality").fill("A club in every ward, with a timetable.")
    page.get_by_role("group", name="Score for Local jobs and skills").get_by_label(GOOD).check()
    page.get_by_role("button", name="Submit my scores").click()
    no_reason = "Give your reasons for the score for “Local jobs and skills”."
    page.get_by_role("alert").get_by_role("link", name=no_reason).click()
    expect(page.get_by_label("Your reasons for the score for Local jobs and skills")).to_be_focused()
    expect(page.get_by_label("Your reasons for the score for Quality")).to_have_value(
        "A club in every ward, with a timetable."
    )
    page_check(page)
    page.get_by_label("Your reasons for the score for Local jobs and skills").fill("Two apprenticeships a year.")
    page.get_by_role("button", name="Submit my scores").click()

    expect(page.get_by_role("alert")).to_contain_text("Your scores are submitted.")
    everyone = page.get_by_role("table", name="Scores by evaluator")
    expect(everyone).to_contain_text("Clubs every weeknight.")  # now she sees the others'
    expect(everyone).to_contain_text("A club in every ward, with a timetable.")
    expect(page.get_by_role("link", name=re.compile("Agree the .* scores"))).to_have_count(1)  # her seat type only
    page_check(page)

    page.get_by_role("link", name="Agree the Resident scores").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation: Resident")
    individual = page.get_by_role("table", name="Individual scores")
    expect(individual.get_by_role("row", name=re.compile("^Quality"))).to_contain_text("Clubs every weeknight.")
    page_check(page)

    # The residents agree 4 for quality, which one of them did not give: that needs a reason.
    page.get_by_role("group", name="Score for Quality").get_by_label(EXCELLENT).check()
    page.get_by_role("group", name="Score for Local jobs and skills").get_by_label(GOOD).check()
    page.get_by_label("Reason for the agreed score for Local jobs and skills (needed where it differs)").fill(
        "The apprenticeships are firm; the hiring plan is not."
    )
    page.get_by_role("button", name="Record the agreed scores").click()
    differs = "Give the reason for the agreed score of “Quality”: it differs from an evaluator's score."
    page.get_by_role("alert").get_by_role("link", name=differs).click()
    reason_for_quality = page.get_by_label("Reason for the agreed score for Quality (needed where it differs)")
    expect(reason_for_quality).to_be_focused()
    page_check(page)
    reason_for_quality.fill("The timetable shows clubs in every ward.")
    page.get_by_role("button", name="Record the agreed scores").click()

    expect(page.get_by_role("alert")).to_contain_text("The agreed scores are recorded.")
    agreed = page.get_by_role("heading", name="Agreed scores").locator("+ dl")
    expect(agreed).to_contain_text("4: The timetable shows clubs in every ward.")
    page_check(page)
    moderation = Moderation.objects.get(bid=trust, seat_type=SeatType.RESIDENT)
    assert {s.criterion_id: s.score for s in moderation.scores.all()} == {quality.pk: 4, local_jobs.pk: 3}
    assert not cic.evaluations.filter(evaluator=resident).exists()
