"""The delivery pages: officers set up and check, providers send returns, residents see the dashboard."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.charts import kpi_chart
from coopcouncil.commissioning.models import (
    KPI,
    Contract,
    FeedbackStatus,
    KPIFrequency,
    KPIReturn,
    PerformanceRating,
    Programme,
    ReturnStatus,
    ServiceFeedback,
    Stage,
)
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.actors import Actor
from tests.accounts.factories import OrganisationFactory
from tests.accounts.personas import amara, ben
from tests.commissioning.delivery_factories import (
    contract_in_delivery,
    evidence_file,
    kpi_on,
    supplier_with_representative,
)
from tests.commissioning.factories import programme_at
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def _as(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def _date(name: str, day: date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_an_officer_records_the_contract_and_its_kpis_on_the_web(officer: Person) -> None:
    programme = programme_at(officer, Stage.DELIVERY)
    supplier = OrganisationFactory(name="Brixton Youth Trust")
    client = _as(officer)
    url = f"/officer/commissioning/{programme.slug}/delivery/"
    wrong = client.post(
        url,
        {
            "supplier": supplier.pk,
            "title": "Youth clubs",
            "value_pence": "1,200,000",
            **_date("starts_on", date(2027, 4, 1)),
            **_date("ends_on", date(2027, 3, 1)),
        },
    )
    assert wrong.status_code == 200
    assert "The contract must end on or after the day it starts." in Page(wrong.content.decode()).main.text
    made = client.post(
        url,
        {
            "supplier": supplier.pk,
            "title": "Youth clubs",
            "value_pence": "1,200,000",
            **_date("starts_on", date(2027, 4, 1)),
            **_date("ends_on", date(2030, 3, 31)),
        },
    )
    contract = Contract.objects.get()
    assert made.status_code == 302 and contract.value_pence == 120_000_000
    kpi_url = f"/officer/commissioning/{programme.slug}/delivery/contracts/{contract.pk}/"
    fields = {
        "name": "Young people attending",
        "unit": "young people",
        "direction": "higher",
        "frequency": "quarterly",
        "baseline": "120",
        "target": "200",
        "green_at": "200",
        "amber_at": "250",
    }
    refused = client.post(kpi_url, fields)
    assert "amber must start at or below green" in Page(refused.content.decode()).main.text
    assert client.post(kpi_url, {**fields, "amber_at": "150.5"}).status_code == 302
    assert KPI.objects.get().amber_at == Decimal("150.50")
    manage = Page(client.get(f"/officer/commissioning/{programme.slug}/").content.decode()).main.text
    assert "The contract and its KPIs" in manage and "KPI returns to verify" in manage
    assert _as(amara()).get(url).status_code == 403


def test_a_provider_sends_a_return_and_an_officer_verifies_or_queries_it(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    _rival_supplier, rival = supplier_with_representative("Another Trust")
    contract = contract_in_delivery(officer, supplier)
    kpi = kpi_on(contract, officer)
    mine = Page(_as(representative).get("/provider/commissioning/").content.decode()).main.text
    assert "Youth clubs in Brixton" in mine
    url = f"/commissioning/{contract.programme.slug}/contracts/{contract.pk}/returns/"
    assert _as(rival).get(url).status_code == 403
    client = _as(representative)
    fields = {"kpi": kpi.pk, **_date("period_start", date(2026, 4, 1)), "value": "180", "note": ""}
    no_file = client.post(url, fields)
    assert "Attach the evidence for this value." in Page(no_file.content.decode()).main.text
    sent = client.post(url, {**fields, "evidence": evidence_file()})
    assert sent.status_code == 302 and KPIReturn.objects.get().status == ReturnStatus.SUBMITTED
    officer_client = _as(officer)
    queue_url = f"/officer/commissioning/{contract.programme.slug}/delivery/returns/"
    queue = Page(officer_client.get(queue_url).content.decode())
    assert "register.csv" in queue.main.text
    kpi_return = KPIReturn.objects.get()
    review_url = f"{queue_url}{kpi_return.pk}/"
    officer_client.post(review_url, {f"r{kpi_return.pk}-outcome": "query", f"r{kpi_return.pk}-note": ""})
    assert KPIReturn.objects.get().status == ReturnStatus.SUBMITTED  # a query needs a note
    officer_client.post(review_url, {f"r{kpi_return.pk}-outcome": "query", f"r{kpi_return.pk}-note": "Which week?"})
    assert KPIReturn.objects.get().status == ReturnStatus.QUERIED
    assert "Which week?" in Page(client.get(url).content.decode()).main.text
    client.post(url, {**fields, "value": "205"})
    officer_client.post(review_url, {f"r{kpi_return.pk}-outcome": "verify", f"r{kpi_return.pk}-note": ""})
    verified = KPIReturn.objects.get()
    assert verified.status == ReturnStatus.VERIFIED and verified.value == Decimal("205.00")


def test_the_public_dashboard_shows_each_kpi_over_time_with_its_table_feedback_and_ratings(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    kpi = kpi_on(contract, officer)
    for start, value in ((date(2026, 4, 1), 210), (date(2026, 5, 1), 160), (date(2026, 6, 1), 90)):
        kpi_return, _created = delivery.kpi_return_submit(
            actor=Actor(person=representative),
            kpi=kpi,
            period_start=start,
            value=Decimal(value),
            evidence=evidence_file(),
        )
        delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=kpi_return)
    delivery.kpi_return_submit(
        actor=Actor(person=representative),
        kpi=kpi,
        period_start=date(2026, 7, 1),
        value=Decimal("999"),
        evidence=evidence_file(),
    )
    resident = amara()
    shown = delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=4, comment="Friendly staff.")
    delivery.feedback_moderate(actor=Actor(person=officer), feedback=shown, publish=True)
    delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=2, comment="Waiting for moderation")
    page = Page(Client().get(contract.programme.get_absolute_url()).content.decode())
    text = page.main.text
    svg = page.find("svg", cls="cc-chart")
    assert svg is not None and svg.attrs["role"] == "img"
    caption = "Young people attending: verified values by period"
    table = next(t for t in page.find_all("table") if caption in t.text)
    rows = [" ".join(cell.text for cell in row.find_all("td")) for row in table.find_all("tr")[1:4]]
    assert rows == ["Apr 2026 210.00 Green", "May 2026 160.00 Amber", "Jun 2026 90.00 Red"]
    assert "999" not in table.text  # not verified, so not public
    assert "Friendly staff." in text and "Waiting for moderation" not in text
    assert "2 ratings" in text
    assert not page.duplicate_ids()
    levels = [int(h.tag[1]) for h in page.main.descendants() if h.tag in {"h1", "h2", "h3", "h4"}]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_residents_give_feedback_on_the_web_once_signed_in(officer: Person) -> None:
    supplier, _representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    url = f"/commissioning/{contract.programme.slug}/feedback/"
    assert Client().get(url).status_code == 302  # to sign in
    client = _as(amara())
    missing = client.post(url, {"contract": contract.pk, "comment": "Good"})
    assert "Choose a rating from 1 to 5." in Page(missing.content.decode()).main.text
    assert client.post(url, {"contract": contract.pk, "rating": "5", "comment": "Good"}).status_code == 302
    assert ServiceFeedback.objects.get().status == FeedbackStatus.PENDING
    moderate = _as(officer)
    queue = f"/officer/commissioning/{contract.programme.slug}/delivery/feedback/"
    assert "Good" in Page(moderate.get(queue).content.decode()).main.text
    moderate.post(f"{queue}{ServiceFeedback.objects.get().pk}/", {"decision": "publish"})
    assert ServiceFeedback.objects.get().status == FeedbackStatus.PUBLISHED


def test_officers_rate_a_period_and_record_the_review_on_the_web(officer: Person) -> None:
    supplier, _representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    kpi_on(contract, officer)
    programme = contract.programme
    client = _as(officer)
    ratings = f"/officer/commissioning/{programme.slug}/delivery/ratings/"
    response = client.post(
        ratings,
        {
            "contract": contract.pk,
            **_date("period_start", date(2026, 4, 1)),
            **_date("period_end", date(2026, 6, 30)),
            "rating": "approaching_target",
            "rationale": "Attendance rising.",
        },
    )
    assert response.status_code == 302 and PerformanceRating.objects.get().rating == "approaching_target"
    Programme.objects.filter(pk=programme.pk).update(stage=Stage.REVIEW)
    review = f"/officer/commissioning/{programme.slug}/review/"
    unnamed = client.post(review, {"outcome": "recommission", "reasons": "Needs have changed."})
    assert "Name the next cycle" in Page(unnamed.content.decode()).main.text
    done = client.post(
        review,
        {
            "outcome": "recommission",
            "reasons": "Needs have changed.",
            "next_title": "Youth services 2030",
            "next_slug": "youth-2030",
        },
    )
    following = Programme.objects.get(slug="youth-2030")
    assert done.status_code == 302 and done["Location"] == f"/officer/commissioning/{following.slug}/"
    page = Page(Client().get(programme.get_absolute_url()).content.decode()).main.text
    assert "Recommission: start the next cycle" in page and "Approaching target" in page
    carried = Page(Client().get(following.get_absolute_url()).content.decode()).main.text
    assert "Evidence from the previous cycle" in carried and "Young people attending" in carried


def test_the_chart_draws_a_bar_per_period_lettered_by_status_and_the_target_line(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer, frequency=KPIFrequency.QUARTERLY)
    kpi_return, _created = delivery.kpi_return_submit(
        actor=Actor(person=representative),
        kpi=kpi,
        period_start=date(2026, 4, 1),
        value=Decimal(160),
        evidence=evidence_file(),
    )
    delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=kpi_return)
    svg = Page(str(kpi_chart(selectors.kpi_series(kpi=kpi, today=date(2026, 12, 1)))))
    bars = svg.find_all("rect")
    assert [bar.attrs["fill"] for bar in bars] == ["#a35200", "#505a5f", "#505a5f"]  # amber, then two with no value
    assert [t.text for t in svg.find_all("text") if t.text in {"G", "A", "R"}] == ["A"]
    assert svg.find("line", stroke_dasharray="6 4") is not None
    assert "1 of 3 periods have a verified value" in svg.find("desc").text  # type: ignore[union-attr]
