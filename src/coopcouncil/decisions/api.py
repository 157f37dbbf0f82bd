"""The public decision log as open data: every published decision, with the log's filters."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from coopcouncil.accounts.models import Organisation
from coopcouncil.core.links import absolute_url
from coopcouncil.core.models import Decision
from coopcouncil.decisions import selectors
from coopcouncil.decisions.kinds import KINDS
from coopcouncil.decisions.presenters import DecisionEntry, decision_present
from coopcouncil.places.models import Community, Ward

router = Router(tags=["decisions"])

MAX_LIMIT = 200


class DecisionOut(Schema):
    reference: str
    url: str
    title: str
    decided_at: datetime
    decided_by: str
    method: str
    kind: str
    scope: str
    subject_url: str
    outcome: str
    reasons: str
    counts: dict[str, int]
    evidence: list[str]


class DecisionPageOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[DecisionOut]


def _out(entry: DecisionEntry) -> DecisionOut:
    return DecisionOut(
        reference=entry.reference,
        url=absolute_url(entry.url),
        title=entry.title,
        decided_at=entry.decided_at,
        decided_by=entry.decided_by,
        method=entry.method,
        kind=entry.kind,
        scope=entry.scope,
        subject_url=absolute_url(entry.subject_url) if entry.subject_url else "",
        outcome=entry.outcome,
        reasons=entry.reasons,
        counts=entry.counts,
        evidence=[absolute_url(link) if link.startswith("/") else link for link in entry.evidence],
    )


@router.get("/decisions", response=DecisionPageOut, summary="Published decisions, newest first")
def decisions(
    request: HttpRequest,
    community: str | None = None,
    organisation: str | None = None,
    ward: str | None = None,
    kind: str | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DecisionPageOut:
    """Filter by community slug (with the communities under it), organisation org-id (a co-operative's own
    decisions), ward GSS code, kind and dates."""
    if kind and kind not in KINDS:
        raise HttpError(422, f"Unknown kind {kind!r}: use one of {', '.join(KINDS)}.")
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise HttpError(422, f"limit must be between 1 and {MAX_LIMIT}, and offset 0 or more.")
    filters = selectors.DecisionFilters(
        community=get_object_or_404(Community, slug=community, is_active=True) if community else None,
        organisation=get_object_or_404(Organisation, org_id=organisation) if organisation else None,
        ward=get_object_or_404(Ward, gss_code=ward) if ward else None,
        kind=kind or "",
        decided_from=decided_from,
        decided_to=decided_to,
    )
    found = selectors.decisions_published(filters)
    return DecisionPageOut(
        count=found.count(),
        limit=limit,
        offset=offset,
        results=[_out(decision_present(d)) for d in found[offset : offset + limit]],
    )


@router.get("/decisions/{reference}", response=DecisionOut, summary="One published decision")
def decision(request: HttpRequest, reference: UUID) -> DecisionOut:
    try:
        found = selectors.decision_published_get(reference=reference)
    except Decision.DoesNotExist as error:
        raise HttpError(404, "No published decision has that reference.") from error
    return _out(decision_present(found))
