"""Commissioning in the HTTP API: programmes and their timelines, published decisions, contracts, KPI returns.

Reading is open to anyone, and shows only what is public: a KPI's values once an officer has
verified them. A supplier's representatives send returns here as on the web, signed in with a
session and Django's CSRF token (like ballots in ``budgeting/api.py``), with the evidence as a file
in a multipart form; they and the programme's officers also read every return with its history.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import KPI, Contract, KPIReturn, Programme, Stage
from coopcouncil.commissioning.permissions import can_manage_programme, is_provider_for
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.models import Decision

router = Router(tags=["commissioning"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class ProgrammeOut(Schema):
    slug: str
    title: str
    summary: str
    owner: str
    stage: str
    stage_label: str
    cycle: int
    previous_cycle: str | None
    budget_envelope_pence: int


class TimelineEntryOut(Schema):
    at: datetime
    kind: str
    title: str
    detail: str
    stage: str | None
    decision: str | None


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    timeline: list[TimelineEntryOut]


class DecisionOut(Schema):
    reference: str
    decided_at: datetime
    decided_by: str
    method: str
    title: str
    outcome: str
    reasons: str
    counts: dict[str, int]
    evidence: list[str]


class SupplierOut(Schema):
    name: str
    org_id: str | None


class KPIOut(Schema):
    id: int
    name: str
    definition: str
    unit: str
    direction: str
    frequency: str
    baseline: Decimal
    target: Decimal
    green_at: Decimal
    amber_at: Decimal
    latest_rag: str


class ContractOut(Schema):
    id: int
    programme: str
    title: str
    supplier: SupplierOut
    value_pence: int
    starts_on: date
    ends_on: date
    kpis: list[KPIOut]


class ReturnOut(Schema):
    id: int
    kpi: int
    period_start: date
    period_end: date
    value: Decimal
    rag: str


class ReturnEventOut(Schema):
    kind: str
    value: Decimal
    note: str
    at: datetime


class ReturnDetailOut(ReturnOut):
    status: str
    note: str
    review_note: str
    submitted_at: datetime
    evidence: str | None
    history: list[ReturnEventOut]


class ReturnIn(Schema):
    kpi: int
    period_start: date
    value: Decimal
    note: str = ""


def _error(error: ValidationError) -> dict[str, Any]:
    errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()} if hasattr(error, "error_dict") else {}
    return {"detail": " ".join(str(m) for m in error.messages), "errors": errors}


def _programme(slug: str) -> Programme:
    try:
        return selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _contract(pk: int) -> Contract:
    try:
        return selectors.contract_get(pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "title": programme.title,
        "summary": programme.summary,
        "owner": str(programme.owner),
        "stage": programme.stage,
        "stage_label": str(Stage(programme.stage).label),
        "cycle": programme.cycle,
        "previous_cycle": programme.previous_cycle.slug if programme.previous_cycle else None,
        "budget_envelope_pence": programme.budget_envelope_pence,
    }


def _decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "reference": str(decision.reference),
        "decided_at": decision.decided_at,
        "decided_by": decision.decided_by,
        "method": decision.method,
        "title": decision.title,
        "outcome": decision.outcome,
        "reasons": decision.reasons,
        "counts": decision.counts,
        "evidence": decision.evidence,
    }


def _kpi_out(kpi: KPI) -> dict[str, Any]:
    return {
        "id": kpi.pk,
        "name": kpi.name,
        "definition": kpi.definition,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "frequency": kpi.frequency,
        "baseline": kpi.baseline,
        "target": kpi.target,
        "green_at": kpi.green_at,
        "amber_at": kpi.amber_at,
        "latest_rag": selectors.kpi_series(kpi=kpi).latest_rag.value,
    }


def _contract_out(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "programme": contract.programme.slug,
        "title": contract.title,
        "supplier": {"name": contract.supplier.name, "org_id": contract.supplier.org_id},
        "value_pence": contract.value_pence,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "kpis": [_kpi_out(kpi) for kpi in contract.kpis.all()],
    }


def _return_out(kpi_return: KPIReturn) -> dict[str, Any]:
    return {
        "id": kpi_return.pk,
        "kpi": kpi_return.kpi_id,
        "period_start": kpi_return.period_start,
        "period_end": kpi_return.period_end,
        "value": kpi_return.value,
        "rag": kpi_return.rag.value,
    }


def _return_detail_out(kpi_return: KPIReturn) -> dict[str, Any]:
    return {
        **_return_out(kpi_return),
        "status": kpi_return.status,
        "note": kpi_return.note,
        "review_note": kpi_return.review_note,
        "submitted_at": kpi_return.submitted_at,
        "evidence": kpi_return.evidence.original_name if kpi_return.evidence else None,
        "history": [
            {"kind": event.kind, "value": event.value, "note": event.note, "at": event.at}
            for event in kpi_return.events.all()
        ],
    }


@router.get("/commissioning/programmes", response=list[ProgrammeOut], summary="Commissioning programmes")
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    return [_programme_out(p) for p in selectors.programmes_list().select_related("previous_cycle")]


@router.get(
    "/commissioning/programmes/{slug}", response=ProgrammeDetailOut, summary="One programme, its stage and timeline"
)
def programme_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    programme = _programme(slug)
    timeline = [
        {
            "at": entry.at,
            "kind": entry.kind,
            "title": entry.title,
            "detail": entry.detail,
            "stage": entry.stage.value if entry.stage else None,
            "decision": str(entry.decision.reference) if entry.decision else None,
        }
        for entry in selectors.programme_timeline(programme=programme)
    ]
    return {**_programme_out(programme), "description": programme.description, "timeline": timeline}


@router.get(
    "/commissioning/programmes/{slug}/decisions",
    response=list[DecisionOut],
    summary="The programme's published decisions, newest first",
)
def programme_decisions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [_decision_out(d) for d in selectors.decisions_about(programme=_programme(slug))]


@router.get(
    "/commissioning/programmes/{slug}/contracts", response=list[ContractOut], summary="The programme's contracts"
)
def programme_contracts(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [_contract_out(c) for c in selectors.contracts_for(programme=_programme(slug))]


@router.get(
    "/commissioning/my/contracts",
    auth=django_auth,
    response=list[ContractOut],
    summary="The contracts whose returns the signed-in provider sends",
)
def my_contracts(request: HttpRequest) -> list[dict[str, Any]]:
    person = actor_from_request(request).person
    return [_contract_out(c) for c in selectors.contracts_of_provider(person=person)]


@router.get("/commissioning/contracts/{contract_id}", response=ContractOut, summary="One contract and its KPIs")
def contract_detail(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    return _contract_out(_contract(contract_id))


@router.get(
    "/commissioning/contracts/{contract_id}/returns",
    response=list[ReturnOut],
    summary="The contract's verified KPI values, with their RAG status",
)
def contract_returns(request: HttpRequest, contract_id: int) -> list[dict[str, Any]]:
    return [_return_out(r) for r in selectors.kpi_returns_verified(contract=_contract(contract_id))]


@router.get(
    "/commissioning/contracts/{contract_id}/returns/all",
    auth=django_auth,
    response={200: list[ReturnDetailOut], 403: ErrorOut},
    summary="Every return of the contract with its history: for its supplier's people and its officers",
)
def contract_returns_all(request: HttpRequest, contract_id: int) -> Any:
    contract = _contract(contract_id)
    person = actor_from_request(request).person
    if not (is_provider_for(person, contract) or can_manage_programme(person, contract.programme)):
        return Status(403, {"detail": "Only the supplier's representatives and the programme's officers see these."})
    return Status(200, [_return_detail_out(r) for r in selectors.kpi_returns_for(contract=contract)])


@router.post(
    "/commissioning/contracts/{contract_id}/returns",
    auth=django_auth,
    response={201: ReturnDetailOut, 200: ReturnDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send a KPI return with its evidence (multipart form); a queried return is sent again the same way",
)
def return_submit(
    request: HttpRequest,
    contract_id: int,
    data: Form[ReturnIn],
    evidence: File[UploadedFile | None] = None,
) -> Any:
    contract = _contract(contract_id)
    kpi = contract.kpis.filter(pk=data.kpi).first()
    if kpi is None:
        return Status(404, {"detail": "This contract has no KPI with that id.", "errors": {"kpi": ["Unknown KPI."]}})
    try:
        kpi_return, created = delivery.kpi_return_submit(
            actor=actor_from_request(request),
            kpi=kpi,
            period_start=data.period_start,
            value=data.value,
            evidence=evidence,
            note=data.note,
        )
    except delivery.ReturnAlreadySubmittedError as error:
        return Status(409, _error(error))
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        return Status(400, _error(error))
    fresh = selectors.kpi_returns_for(contract=contract).get(pk=kpi_return.pk)
    return Status(201 if created else 200, _return_detail_out(fresh))
