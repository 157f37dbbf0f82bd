"""Commissioning in the browser: a resident scores a bid and agrees the scores, a provider bids and
reports on its contract, and the public follows the programme's timeline."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import KPIReturn, Programme, SeatType, Stage
from coopcouncil.commissioning.models.acquisition import Bid, BidStatus, Call, Moderation
from coopcouncil.commissioning.services import acquisition, delivery
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from tests.accounts.factories import person_with_login
from tests.accounts.personas import ben
from tests.commissioning.delivery_factories import kpi_on
from tests.commissioning.test_acquisition import (
    Panel,
    acquiring_programme,
    call_with_criteria,
    criteria,
    evaluating,
    provider,
    score_all,
    submitted_bid,
)
from tests.system.page_shape import journey_check
from tests.system.people import SignIn
from tests.system.test_keyboard import tab_to

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
    journey_check(page)
    page.get_by_role("link", name="Evaluate the bids").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluate the bids")
    expect(page.get_by_role("heading", name="Declare your interests first")).to_be_visible()
    journey_check(page)

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
    journey_check(page)
    confirm_box.check()
    page.get_by_role("button", name="Make my declaration").click()

    expect(page.get_by_role("alert")).to_contain_text("Your declaration is recorded.")
    to_score = page.get_by_role("table", name="Bids to score")
    expect(to_score.get_by_role("link")).to_have_text(["Brixton Youth Trust"])  # not the bidder she knows
    journey_check(page)

    to_score.get_by_role("link", name="Brixton Youth Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bid from Brixton Youth Trust")
    expect(page.get_by_text("Our answer to Quality.")).to_be_visible()
    # She scores alone: nobody else's scores, and no price (officers score it by formula).
    expect(page.get_by_role("heading", name="Every evaluator's scores")).to_have_count(0)
    expect(page.get_by_text("Clubs every weeknight.")).to_have_count(0)
    expect(page.get_by_text("£100,000")).to_have_count(0)
    journey_check(page)

    # Scoring takes the keyboard alone: Tab into each scale, arrows along it, and type the reasons.
    quality_scale = page.get_by_role("group", name="Score for Quality")
    tab_to(page, quality_scale.get_by_role("radio").first, within=60)
    for _step in range(4):
        page.keyboard.press("ArrowDown")
    expect(quality_scale.get_by_label(EXCELLENT)).to_be_checked()
    tab_to(page, page.get_by_label("Your reasons for the score for Quality"), within=2)
    page.keyboard.type("A club in every ward, with a timetable.")
    jobs_scale = page.get_by_role("group", name="Score for Local jobs and skills")
    tab_to(page, jobs_scale.get_by_role("radio").first, within=2)
    for _step in range(3):
        page.keyboard.press("ArrowDown")
    expect(jobs_scale.get_by_label(GOOD)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Submit my scores"), within=3)  # no reasons for this one yet
    page.keyboard.press("Enter")
    no_reason = "Give your reasons for the score for “Local jobs and skills”."
    expect(page).to_have_title(re.compile(r"^Error: "))
    tab_to(page, page.get_by_role("alert").get_by_role("link", name=no_reason), within=40)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your reasons for the score for Local jobs and skills")).to_be_focused()
    expect(page.get_by_label("Your reasons for the score for Quality")).to_have_value(
        "A club in every ward, with a timetable."
    )
    journey_check(page)
    page.get_by_label("Your reasons for the score for Local jobs and skills").fill("Two apprenticeships a year.")
    page.get_by_role("button", name="Submit my scores").click()

    expect(page.get_by_role("alert")).to_contain_text("Your scores are submitted.")
    everyone = page.get_by_role("table", name="Scores by evaluator")
    expect(everyone).to_contain_text("Clubs every weeknight.")  # now she sees the others'
    expect(everyone).to_contain_text("A club in every ward, with a timetable.")
    expect(page.get_by_role("link", name=re.compile("Agree the .* scores"))).to_have_count(1)  # her seat type only
    journey_check(page)

    page.get_by_role("link", name="Agree the Resident scores").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation: Resident")
    individual = page.get_by_role("table", name="Individual scores")
    expect(individual.get_by_role("row", name=re.compile("^Quality"))).to_contain_text("Clubs every weeknight.")
    journey_check(page)

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
    journey_check(page)
    reason_for_quality.fill("The timetable shows clubs in every ward.")
    page.get_by_role("button", name="Record the agreed scores").click()

    expect(page.get_by_role("alert")).to_contain_text("The agreed scores are recorded.")
    agreed = page.get_by_role("heading", name="Agreed scores").locator("+ dl")
    expect(agreed).to_contain_text("4: The timetable shows clubs in every ward.")
    journey_check(page)
    moderation = Moderation.objects.get(bid=trust, seat_type=SeatType.RESIDENT)
    assert {s.criterion_id: s.score for s in moderation.scores.all()} == {quality.pk: 4, local_jobs.pk: 3}
    assert not cic.evaluations.filter(evaluator=resident).exists()


@pytest.mark.browser
def test_a_provider_registers_bids_with_a_file_and_later_sends_a_kpi_return(page: Page, signed_in_as: SignIn) -> None:
    officer = ben()
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    grace = person_with_login(email="grace@brixtonyouth.example", full_name="Grace Mensah")
    signed_in_as(grace)
    page.goto(f"/commissioning/{panel.programme.slug}/calls/{call.slug}/")
    expect(page.get_by_role("table", name="Criteria and weights")).to_contain_text("Local jobs and skills")
    journey_check(page)

    page.get_by_role("link", name="Bid for this call").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register your organisation to bid")
    expect(page.get_by_role("region", name=re.compile("Important|Information"))).to_contain_text(
        "Register your organisation before you bid."
    )
    journey_check(page)
    page.get_by_label("Name of the organisation").fill("Brixton Youth Trust")
    page.get_by_label("Charity registered with the Charity Commission").check()
    page.get_by_label("Registered number").fill("1234567")
    page.get_by_role("button", name="Register the organisation").click()  # forgot her role
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(1)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Your role in the organisation")).to_be_focused()
    expect(page.get_by_label("Name of the organisation")).to_have_value("Brixton Youth Trust")
    journey_check(page)
    page.get_by_label("Your role in the organisation").fill("Director")
    page.get_by_role("button", name="Register the organisation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation's bids")
    expect(page.get_by_role("alert")).to_contain_text("Your organisation is registered.")
    expect(page.get_by_text("Brixton Youth Trust (GB-CHC-1234567)")).to_be_visible()
    journey_check(page)

    page.goto(f"/commissioning/{panel.programme.slug}/calls/{call.slug}/bid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation's bid")
    journey_check(page)
    page.get_by_label("Brixton Youth Trust").check()
    page.get_by_role("button", name="Start the bid").click()
    expect(page.get_by_role("alert")).to_contain_text("Your bid is started.")
    journey_check(page)

    page.get_by_label("Quality", exact=True).fill("Open-access clubs four nights a week in every ward.")
    page.get_by_label("Your price for the whole contract").fill("95,000")
    page.get_by_role("button", name="Submit the bid").click()  # one question not answered yet
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_role("alert").get_by_role("link", name="Answer “Local jobs and skills”.").click()
    expect(page.get_by_label("Local jobs and skills")).to_be_focused()
    expect(page.get_by_label("Quality", exact=True)).to_have_value(
        "Open-access clubs four nights a week in every ward."
    )
    journey_check(page)
    page.get_by_label("Local jobs and skills").fill("Two apprenticeships a year for young Lambeth residents.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Your draft is saved.")
    expect(page.get_by_label("Quality", exact=True)).to_have_value(
        "Open-access clubs four nights a week in every ward."
    )
    journey_check(page)

    page.get_by_label("What the file is").fill("Audited accounts 2025")
    page.get_by_role("button", name="Attach the file").click()  # no file chosen
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(page.get_by_label("Upload a file")).to_be_focused()
    journey_check(page)
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "accounts.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("alert")).to_contain_text("The file is attached.")
    attachments = page.get_by_role("heading", name="Attachments").locator("+ ul")
    expect(attachments.get_by_role("link")).to_have_text(["Audited accounts 2025"])
    journey_check(page)

    page.get_by_role("button", name="Submit the bid").click()
    expect(page.get_by_role("alert")).to_contain_text("Your bid is submitted.")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Submitted")
    expect(page.get_by_role("button", name="Submit the bid")).to_have_count(0)  # fixed once submitted
    journey_check(page)
    bid = Bid.objects.get(call=call)
    assert (bid.status, bid.price_pence, bid.attachments.count()) == (BidStatus.SUBMITTED, 9_500_000, 1)

    # Months later the trust delivers the contract it won, and reports on it.
    Programme.objects.filter(pk=panel.programme.pk).update(stage=Stage.DELIVERY)
    contract = delivery.contract_create(
        actor=Actor(person=officer),
        programme=Programme.objects.get(pk=panel.programme.pk),
        supplier=bid.organisation,
        title="Youth clubs in Brixton",
        value_pence=9_500_000,
        starts_on=date(2026, 4, 1),
        ends_on=date(2029, 3, 31),
    )
    kpi_on(contract, officer)
    page.goto("/provider/commissioning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your contracts")
    journey_check(page)
    page.get_by_role("link", name="Youth clubs in Brixton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns for Youth clubs in Brixton")
    expect(page.get_by_text("No returns sent yet.")).to_be_visible()
    journey_check(page)

    page.get_by_label("Young people attending").check()
    period = page.get_by_role("group", name="First day of the period")
    period.get_by_label("Day").fill("1")
    period.get_by_label("Month").fill("4")
    period.get_by_label("Year").fill("2026")
    page.get_by_label("Value").fill("152")
    page.get_by_role("button", name="Send the return").click()  # no evidence yet
    page.get_by_role("alert").get_by_role("link", name="Attach the evidence for this value.").click()
    expect(page.get_by_label("Evidence")).to_be_focused()
    journey_check(page)
    page.get_by_label("Evidence").set_input_files(
        files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": b"date,attendees\n2026-04-03,52\n"}]
    )
    page.get_by_role("button", name="Send the return").click()

    expect(page.get_by_role("alert")).to_contain_text("The return is sent.")
    sent = page.get_by_role("table", name="Returns sent")
    expect(sent.get_by_role("row", name=re.compile("Young people attending"))).to_contain_text("Apr 2026")
    expect(sent.get_by_role("link", name="evidence")).to_be_visible()
    journey_check(page)
    kpi_return = KPIReturn.objects.get(kpi__contract=contract)
    assert (kpi_return.value, kpi_return.evidence is not None) == (152, True)


@pytest.mark.browser
def test_the_public_follows_a_programmes_timeline_and_sees_scores_only_as_totals_after_the_award(
    page: Page,
) -> None:
    officer = ben()
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    score_all(setup, setup.bid_b, resident={"Quality": 3, "Local jobs and skills": 5}, officer={"Quality": 2})
    programme, call = setup.panel.programme, setup.call
    evaluators = [*setup.panel.residents, setup.panel.panel_officer]

    page.goto("/")
    journey_check(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Services").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Services we commission together")
    journey_check(page)
    page.get_by_role("link", name=programme.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
    timeline = page.get_by_role("heading", name="Timeline").locator("+ ol")
    expect(timeline).to_contain_text("Service specification agreed")
    expect(timeline).to_contain_text("Decided by Youth services panel")
    expect(page.locator("[aria-current=step]")).to_have_text("4. Acquisition of services and activities")
    # Being scored is not being decided: no scores, reasons or totals while the panel is at work.
    expect(page.get_by_role("main")).not_to_contain_text("Reasons given.")
    expect(page.get_by_role("table", name="Computed points of each compliant bid")).to_have_count(0)
    journey_check(page)

    page.get_by_role("table", name="Calls for bids").get_by_role("link", name=call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.get_by_role("heading", name="The award")).to_have_count(0)
    expect(page.get_by_role("table", name="Computed points of each compliant bid")).to_have_count(0)
    journey_check(page)

    actor = Actor(person=officer)
    award = acquisition.award_recommend(actor=actor, call=call, bid=setup.bid_b, reasons="Highest total score.")
    acquisition.award_decide(
        actor=actor, award=award, decided_by="Cabinet", method=DecisionMethod.BODY, reasons="The panel's ranking."
    )
    acquisition.assessment_summaries_send(actor=actor, award=award)
    acquisition.award_notice_publish(actor=actor, award=award, published_on=timezone.localdate() - timedelta(days=28))
    services.programme_stage_advance(
        actor=actor, programme=programme, to=Stage.DELIVERY, reason="The standstill is over; the contract is signed."
    )

    page.reload()
    totals = page.get_by_role("table", name="Computed points of each compliant bid")
    expect(totals.get_by_role("row", name=re.compile("^Streatham Youth CIC"))).to_contain_text("76.67")
    expect(totals.get_by_role("row", name=re.compile("^Brixton Youth Trust"))).to_contain_text("72.67")
    expect(totals.get_by_role("row")).to_have_count(3)  # a header and a row a bid: no row an evaluator
    expect(page.get_by_role("main")).not_to_contain_text("Reasons given.")
    journey_check(page)

    page.get_by_role("link", name=programme.title).last.click()  # the breadcrumb back to the programme
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
    timeline = page.get_by_role("heading", name="Timeline").locator("+ ol")
    entries = timeline.get_by_role("listitem")
    expect(entries.filter(has_text="Award decided")).to_contain_text("Decided by Cabinet")
    expect(entries.filter(has_text="Award notice published")).to_have_count(1)
    expect(entries.filter(has_text="5. Activity and service delivery")).to_contain_text(
        "The standstill is over; the contract is signed."
    )
    expect(page.locator("[aria-current=step]")).to_have_text("5. Activity and service delivery")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Streatham Youth CIC")
    # Only the computed totals are published: never one evaluator's score or reasons. (The panel's
    # names are public; what each member scored is not.)
    expect(main).not_to_contain_text("Reasons given.")
    for evaluator in evaluators:
        expect(timeline).not_to_contain_text(evaluator.full_name)
    journey_check(page)


@pytest.mark.browser
def test_a_provider_starting_a_bid_after_the_closing_time_is_told_why(page: Page, signed_in_as: SignIn) -> None:
    officer = ben()
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    bidder, _trust = provider("Brixton Youth Trust", "GB-CHC-1234567")
    signed_in_as(bidder)
    page.goto(f"/commissioning/{panel.programme.slug}/calls/{call.slug}/bid/")
    journey_check(page)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))  # noon passes
    page.get_by_label("Brixton Youth Trust").check()
    page.get_by_role("button", name="Start the bid").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("This call is not open for bids.")
    journey_check(page)
    assert not Bid.objects.filter(call=call).exists()
