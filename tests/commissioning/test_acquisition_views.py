"""Stage 4's pages: what officers, providers, evaluators and the public can each see and do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import SeatType, Stage
from coopcouncil.commissioning.models.acquisition import (
    Bid,
    BidStatus,
    Call,
    CallStatus,
    Evaluation,
    InterestDeclaration,
    SpecificationVersion,
)
from coopcouncil.commissioning.services import acquisition
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from tests.accounts.factories import person_with_login
from tests.accounts.personas import ben
from tests.commissioning.factories import programme_at
from tests.commissioning.test_acquisition import (
    PANEL,
    acquiring_programme,
    call_with_criteria,
    criteria,
    evaluating,
    provider,
    score_all,
    submitted_bid,
)
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


@pytest.fixture
def officer() -> Person:
    return ben()


def test_officers_draft_and_agree_the_specification_and_set_up_and_open_a_call(officer: Person) -> None:
    programme = programme_at(officer, Stage.ACQUISITION, seats=PANEL)
    client = signed_in(officer)
    manage = f"/officer/commissioning/{programme.slug}/acquisition/"
    assert client.get(manage).status_code == 200
    assert manage in client.get(f"/officer/commissioning/{programme.slug}/").content.decode()
    response = client.post(manage, {"form": "draft", "draft-title": "Youth clubs", "draft-body": "Clubs in each ward."})
    assert response.status_code == 302
    version = SpecificationVersion.objects.get(programme=programme)
    response = client.post(
        manage,
        {
            "form": "agree",
            "version": version.pk,
            f"agree-{version.pk}-decided_by": "Youth panel",
            f"agree-{version.pk}-reasons": "Consensus.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        manage,
        {
            "form": "call",
            "call-title": "Youth clubs 2027",
            "call-slug": "youth-clubs",
            "call-kind": "tender",
            "call-value_limit_pence": "150000",
            "call-closes_on_day": "1",
            "call-closes_on_month": "3",
            "call-closes_on_year": str(timezone.localdate().year + 1),
        },
    )
    assert response.status_code == 302, Page(response.content.decode()).error_summary_links()
    call = Call.objects.get(programme=programme)
    call_page = f"/officer/commissioning/{programme.slug}/acquisition/{call.slug}/"
    for kind, title, weight, seats in [
        ("quality", "Quality", "50", ["resident", "officer"]),
        ("social_value", "Local jobs", "20", ["resident"]),
        ("price", "Price", "30", []),
    ]:
        response = client.post(
            call_page,
            {
                "form": "criterion",
                "criterion-kind": kind,
                "criterion-title": title,
                "criterion-weight": weight,
                "criterion-seat_types": seats,
            },
        )
        assert response.status_code == 302
    assert client.post(call_page, {"form": "open"}).status_code == 302
    assert Call.objects.get(pk=call.pk).status == CallStatus.OPEN
    public = Page(client.get(f"/commissioning/{programme.slug}/calls/{call.slug}/").content.decode())
    text = public.main.text
    assert "Local jobs" in text and "Exceptional: significant added value." in text
    programme_page = Page(client.get(f"/commissioning/{programme.slug}/").content.decode()).main.text
    assert "Youth clubs 2027" in programme_page and "version 1" in programme_page


def test_officer_pages_refuse_residents_and_draft_calls_are_hidden_from_the_public(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    resident = signed_in(panel.residents[0])
    assert resident.get(f"/officer/commissioning/{panel.programme.slug}/acquisition/").status_code == 403
    assert resident.get(f"/officer/commissioning/{panel.programme.slug}/acquisition/{call.slug}/").status_code == 403
    assert Client().get(f"/commissioning/{panel.programme.slug}/calls/{call.slug}/").status_code == 404


def test_a_provider_registers_writes_attaches_and_submits_a_bid_and_sees_only_its_own(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    alice = person_with_login()
    client = signed_in(alice)
    bid_page = f"/commissioning/{panel.programme.slug}/calls/{call.slug}/bid/"
    assert client.get(bid_page).status_code == 302  # register first
    response = client.post(
        "/commissioning/providers/register/",
        {"name": "Brixton Youth Trust", "scheme": "GB-CHC", "number": "1234567", "role_title": "Director"},
    )
    assert response.status_code == 302
    organisation = alice.organisation_memberships.get().organisation
    assert organisation.org_id == "GB-CHC-1234567"
    assert client.post(bid_page, {"form": "start", "start-organisation": organisation.pk}).status_code == 302
    bid = Bid.objects.get(call=call, organisation=organisation)
    response = client.post(
        bid_page,
        {"form": "attach", "attach-label": "Accounts", "attach-upload": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302
    fields = {f"answer_{c.pk}": "Our answer." for c in call.criteria.all() if not c.is_price}
    response = client.post(bid_page, {"form": "submit", **fields, "price_pence": "90000"})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED and bid.price_pence == 9_000_000
    file_id = bid.attachments.get().file_id
    assert client.get(f"/files/{file_id}/").status_code == 200
    bola, _cic = provider("Streatham Youth CIC", "GB-COH-01234567")
    rival = signed_in(bola)
    assert rival.get(f"/files/{file_id}/").status_code == 404
    page = rival.get(f"{bid_page}?bid={bid.pk}").content.decode()
    assert "Our answer." not in page and "Brixton Youth Trust" not in page
    assert "Brixton Youth Trust" in client.get("/commissioning/providers/bids/").content.decode()


def test_evaluators_declare_before_reading_and_see_others_only_after_scoring(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    bid = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), call, 10_000_000)
    acquisition.call_close(actor=Actor(person=officer), call=call)
    acquisition.bid_compliance_set(actor=Actor(person=officer), bid=bid, compliant=True)
    first, second = panel.residents
    client = signed_in(first)
    base = f"/commissioning/{panel.programme.slug}/calls/{call.slug}/evaluate/"
    assert client.get(f"{base}{bid.pk}/").status_code == 404
    page = Page(client.get(base).content.decode())
    assert page.find("legend") is not None and "Brixton Youth Trust" in page.main.text
    assert client.post(base, {"confirm": "on", f"interest_{bid.pk}": ""}).status_code == 302
    assert InterestDeclaration.objects.filter(call=call, person=first).exists()
    by_title = criteria(call)
    acquisition.interests_declare(actor=Actor(person=second), call=call, interests={})
    acquisition.evaluation_submit(
        actor=Actor(person=second),
        bid=bid,
        scores={
            by_title["Quality"].pk: (2, "Second's secret reasons."),
            by_title["Local jobs and skills"].pk: (2, "x"),
        },
    )
    page_text = client.get(f"{base}{bid.pk}/").content.decode()
    assert "Second&#x27;s secret reasons." not in page_text and "Second's secret reasons." not in page_text
    assert "£100,000" not in page_text  # price is for officers
    quality, social = by_title["Quality"].pk, by_title["Local jobs and skills"].pk
    response = client.post(
        f"{base}{bid.pk}/",
        {f"score_{quality}": "4", f"reason_{quality}": "Good.", f"score_{social}": "3", f"reason_{social}": "Ok."},
    )
    assert response.status_code == 302
    assert Evaluation.objects.filter(bid=bid, evaluator=first).exists()
    assert "secret reasons" in client.get(f"{base}{bid.pk}/").content.decode()


def test_the_public_sees_no_individual_scores_and_after_the_award_the_computed_totals(officer: Person) -> None:
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    score_all(setup, setup.bid_b, resident={"Quality": 3, "Local jobs and skills": 5}, officer={"Quality": 2})
    programme_url = f"/commissioning/{setup.panel.programme.slug}/"
    call_url = f"{programme_url}calls/{setup.call.slug}/"
    public = Client()
    before = public.get(call_url).content.decode() + public.get(programme_url).content.decode()
    assert "Reasons given." not in before and "76.67" not in before
    actor = Actor(person=officer)
    award = acquisition.award_recommend(actor=actor, call=setup.call, bid=setup.bid_b, reasons="Highest total.")
    assert "76.67" not in public.get(call_url).content.decode()
    acquisition.award_decide(actor=actor, award=award, decided_by="Cabinet", method=DecisionMethod.BODY, reasons="Ok")
    after = public.get(call_url).content.decode()
    assert "76.67" in after and "72.67" in after and "Reasons given." not in after
    assert "Streatham Youth CIC" in public.get(programme_url).content.decode()


def test_the_officer_runs_moderation_and_the_award_from_the_call_page(officer: Person) -> None:
    setup = evaluating(officer)
    by_title = criteria(setup.call)
    quality = by_title["Quality"].pk
    acquisition.evaluation_submit(
        actor=Actor(person=setup.panel.panel_officer), bid=setup.bid_a, scores={quality: (3, "Fine.")}
    )
    client = signed_in(officer)
    moderate = (
        f"/commissioning/{setup.panel.programme.slug}/calls/{setup.call.slug}/evaluate/{setup.bid_a.pk}"
        f"/moderate/{SeatType.OFFICER.value}/"
    )
    page = Page(client.get(moderate).content.decode())
    assert "Fine." in page.main.text
    response = client.post(moderate, {f"score_{quality}": "4", f"reason_{quality}": ""})
    summary = Page(response.content.decode()).find(cls="govuk-error-summary")
    assert response.status_code == 200 and summary is not None and "differs" in summary.text
    assert client.post(moderate, {f"score_{quality}": "4", f"reason_{quality}": "Interview."}).status_code == 302
    call_page = client.get(f"/officer/commissioning/{setup.panel.programme.slug}/acquisition/{setup.call.slug}/")
    text = Page(call_page.content.decode()).main.text
    assert "waiting for moderation" in text and "£100,000" in text


def test_officer_pages_give_every_input_its_own_id_and_record_compliance_and_weights(officer: Person) -> None:
    panel = acquiring_programme(officer)
    actor = Actor(person=officer)
    acquisition.specification_draft(actor=actor, programme=panel.programme, title="Youth", body="Second draft.")
    acquisition.specification_draft(actor=actor, programme=panel.programme, title="Youth", body="Third draft.")
    call = call_with_criteria(panel)
    client = signed_in(officer)
    manage = f"/officer/commissioning/{panel.programme.slug}/acquisition/"
    call_page = f"{manage}{call.slug}/"
    assert Page(client.get(manage).content.decode()).duplicate_ids() == []
    assert Page(client.get(call_page).content.decode()).duplicate_ids() == []
    quality = criteria(call)["Quality"]
    response = client.post(
        call_page,
        {
            "form": "change",
            "item": quality.pk,
            f"change-{quality.pk}-weight": "45",
            f"change-{quality.pk}-seat_types": ["resident"],
        },
    )
    assert response.status_code == 302
    quality.refresh_from_db()
    assert quality.weight == 45 and quality.seat_types == ["resident"]
    client.post(
        call_page,
        {
            "form": "change",
            "item": quality.pk,
            f"change-{quality.pk}-weight": "50",
            f"change-{quality.pk}-seat_types": ["resident", "officer"],
        },
    )
    acquisition.call_open(actor=actor, call=call)
    a = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), call, 10_000_000)
    b = submitted_bid(*provider("Streatham Youth CIC", "GB-COH-01234567"), call, 8_000_000)
    acquisition.call_close(actor=actor, call=call)
    page = Page(client.get(call_page).content.decode())
    assert page.duplicate_ids() == []
    response = client.post(call_page, {"form": "compliance", "item": a.pk, f"compliance-{a.pk}-compliant": "no"})
    assert response.status_code == 200  # a reason is needed
    response = client.post(
        call_page,
        {"form": "compliance", "item": b.pk, f"compliance-{b.pk}-compliant": "no", f"compliance-{b.pk}-note": "Late."},
    )
    assert response.status_code == 302
    assert Bid.objects.get(pk=b.pk).compliant is False and Bid.objects.get(pk=a.pk).compliant is None


def test_bids_close_at_the_closing_time(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    alice, trust = provider("Brixton Youth Trust", "GB-CHC-1234567")
    response = signed_in(alice).post(
        f"/commissioning/{panel.programme.slug}/calls/{call.slug}/bid/",
        {"form": "start", "start-organisation": trust.pk},
    )
    assert response.status_code == 200 and not Bid.objects.filter(call=call).exists()
