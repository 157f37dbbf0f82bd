"""/api/v1/commissioning: programmes, decisions, contracts and verified values to read; providers send returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import KPI, KPIReturn, ReturnStatus, Stage
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import decision_record
from tests.accounts.personas import amara, ben
from tests.commissioning.delivery_factories import (
    contract_in_delivery,
    evidence_file,
    kpi_on,
    supplier_with_representative,
)
from tests.commissioning.needs_factories import programme_with_needs

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def _signed_in(person: Person) -> tuple[Client, str]:
    """A client signed in as ``person``, with the CSRF token a browser would hold."""
    client = Client(enforce_csrf_checks=True)
    assert person.user is not None
    client.force_login(person.user)
    client.get("/commissioning/")
    return client, client.cookies["csrftoken"].value


def _send(client: Client, token: str, kpi: KPI, /, **fields: Any) -> Any:
    body = {"kpi": kpi.pk, "period_start": "2026-04-01", "value": "210.50", "note": "", **fields}
    return client.post(f"/api/v1/commissioning/contracts/{kpi.contract_id}/returns", body, HTTP_X_CSRFTOKEN=token)


def test_programmes_their_timeline_and_published_decisions_are_open_data(officer: Person) -> None:
    programme = programme_with_needs(officer)
    services.programme_stage_advance(
        actor=Actor(person=officer), programme=programme, to=Stage.PRIORITIES, reason="Needs mapped."
    )
    decision_record(
        actor=Actor(person=officer),
        decided_at=timezone.now(),
        decided_by="Youth panel",
        method=DecisionMethod.CONSENT,
        title="Outcomes agreed",
        outcome="Three outcomes",
        reasons="Heard at the summit.",
        counts={"agree": 9, "object": 1},
        subject=programme,
    )
    decision_record(
        actor=Actor(person=officer),
        decided_at=timezone.now(),
        decided_by="Officer",
        method=DecisionMethod.OFFICER,
        title="Private note",
        outcome="Kept",
        reasons="Internal.",
        subject=programme,
        is_public=False,
    )
    listed = Client().get("/api/v1/commissioning/programmes").json()
    assert [(p["slug"], p["stage"]) for p in listed] == [(programme.slug, "priorities")]
    detail = Client().get(f"/api/v1/commissioning/programmes/{programme.slug}").json()
    assert [entry["kind"] for entry in detail["timeline"]] == ["stage", "decision"]
    assert detail["timeline"][0]["detail"] == "Needs mapped."
    [decision] = Client().get(f"/api/v1/commissioning/programmes/{programme.slug}/decisions").json()
    assert decision["title"] == "Outcomes agreed" and decision["counts"] == {"agree": 9, "object": 1}
    assert Client().get("/api/v1/commissioning/programmes/no-such-thing").status_code == 404


def test_contracts_and_only_verified_values_are_public(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    kpi = kpi_on(contract, officer)
    verified, _created = delivery.kpi_return_submit(
        actor=Actor(person=representative),
        kpi=kpi,
        period_start=date(2026, 4, 1),
        value=Decimal(150),
        evidence=evidence_file(),
    )
    delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=verified)
    delivery.kpi_return_submit(
        actor=Actor(person=representative),
        kpi=kpi,
        period_start=date(2026, 5, 1),
        value=Decimal(90),
        evidence=evidence_file(),
    )
    [listed] = Client().get(f"/api/v1/commissioning/programmes/{contract.programme.slug}/contracts").json()
    assert listed["supplier"]["name"] == "Brixton Youth Trust" and listed["value_pence"] == 120_000_000
    assert listed["kpis"][0]["target"] == "200.00" and listed["kpis"][0]["latest_rag"] == "amber"
    public = Client().get(f"/api/v1/commissioning/contracts/{contract.pk}/returns").json()
    assert [(r["period_start"], r["value"], r["rag"]) for r in public] == [("2026-04-01", "150.00", "amber")]


def test_a_provider_sends_a_return_with_evidence_and_reads_its_history(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)
    client, token = _signed_in(representative)
    sent = _send(client, token, kpi, evidence=evidence_file())
    assert sent.status_code == 201, sent.json()
    assert sent.json()["status"] == "submitted" and sent.json()["value"] == "210.50"
    assert sent.json()["evidence"] == "register.csv"
    again = _send(client, token, kpi, evidence=evidence_file())
    assert again.status_code == 409 and "already been sent" in again.json()["detail"]
    kpi_return = KPIReturn.objects.get()
    delivery.kpi_return_query(actor=Actor(person=officer), kpi_return=kpi_return, note="Which register?")
    resent = _send(client, token, kpi, value="205", note="The Tuesday register.")
    assert resent.status_code == 200 and resent.json()["status"] == "submitted"
    history = client.get(f"/api/v1/commissioning/contracts/{kpi.contract_id}/returns/all").json()
    assert [event["kind"] for event in history[0]["history"]] == ["submitted", "queried", "resubmitted"]
    [mine] = client.get("/api/v1/commissioning/my/contracts").json()
    assert mine["id"] == kpi.contract_id


def test_sending_returns_is_refused_to_others_and_mistakes_come_back_as_clear_messages(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    _rival_supplier, rival = supplier_with_representative("Another Trust")
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)
    url = f"/api/v1/commissioning/contracts/{kpi.contract_id}/returns"
    assert Client().post(url, {"kpi": kpi.pk, "period_start": "2026-04-01", "value": "1"}).status_code == 401
    rival_client, rival_token = _signed_in(rival)
    refused = _send(rival_client, rival_token, kpi, evidence=evidence_file())
    assert refused.status_code == 403 and "supplier's representatives" in refused.json()["detail"]
    assert rival_client.get(f"{url}/all").status_code == 403
    resident_client, _token = _signed_in(amara())
    assert resident_client.get(f"{url}/all").status_code == 403
    client, token = _signed_in(representative)
    no_csrf = Client(enforce_csrf_checks=True)
    assert representative.user is not None
    no_csrf.force_login(representative.user)
    assert no_csrf.post(url, {"kpi": kpi.pk, "period_start": "2026-04-01", "value": "1"}).status_code == 403
    missing = _send(client, token, kpi)
    assert missing.status_code == 400 and missing.json()["errors"] == {
        "evidence": ["Attach the evidence for this value."]
    }
    misaligned = _send(client, token, kpi, period_start="2026-04-15", evidence=evidence_file())
    assert misaligned.status_code == 400 and "first day of its period" in misaligned.json()["errors"]["period_start"][0]
    too_precise = _send(client, token, kpi, value="1.005", evidence=evidence_file())
    assert too_precise.status_code == 400 and too_precise.json()["errors"]["value"] == [
        "Give the value to at most 2 decimal places."
    ]
    unknown = _send(client, token, kpi, kpi=999_999, evidence=evidence_file())
    assert unknown.status_code == 404 and unknown.json()["errors"] == {"kpi": ["Unknown KPI."]}
    not_a_number = _send(client, token, kpi, value="lots", evidence=evidence_file())
    assert not_a_number.status_code == 422 and "value" in str(not_a_number.json()["detail"])
    assert not KPIReturn.objects.exists()
    ok = _send(client, token, kpi, evidence=evidence_file())
    assert ok.status_code == 201 and KPIReturn.objects.get().status == ReturnStatus.SUBMITTED
