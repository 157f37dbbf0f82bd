"""Participatory budgeting in the HTTP API: rounds, proposals and results to read; ballots to cast.

Reading is open to anyone (open data). Casting a ballot needs a signed-in session, with Django's
CSRF token, like the ballot page; it takes the same ``submission`` id, so a retried request
stores one ballot.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.budgeting import selectors, services
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.models import Phase, Proposal, Round
from coopcouncil.budgeting.presenters import pabulib_file_name, pot_results

router = Router(tags=["budgeting"])


class PotOut(Schema):
    id: int
    name: str
    budget_pence: int
    max_project_cost_pence: int | None


class PhaseOut(Schema):
    phase: str
    label: str
    state: str
    starts_on: date | None
    ends_on: date | None


class RoundOut(Schema):
    slug: str
    title: str
    summary: str
    owner: str
    phase: str
    budget_pence: int
    ballot_type: str
    counting_rule: str
    max_choices: int | None
    points_per_voter: int | None
    pots: list[PotOut]


class RoundDetailOut(RoundOut):
    description: str
    timeline: list[PhaseOut]


class ProposalOut(Schema):
    id: int
    title: str
    description: str
    status: str
    category: str
    pot: int | None
    cost_pence: int
    costed: bool
    ballot_number: int | None
    place_name: str
    ward: str | None


class ResultRowOut(Schema):
    proposal: int
    ballot_number: int | None
    title: str
    cost_pence: int
    votes: int
    funded: bool
    step: int | None
    explanation: str


class PotResultOut(Schema):
    pot: int
    name: str
    budget_pence: int
    spent_pence: int
    rule: str
    parameters: dict[str, Any]
    library_version: str
    input_sha256: str
    pabulib_file: str
    recount_command: str
    projects: list[ResultRowOut]


class ChoiceIn(Schema):
    proposal: int
    points: int | None = None
    rank: int | None = None


class BallotIn(Schema):
    submission: uuid.UUID
    choices: list[ChoiceIn]


class BallotOut(Schema):
    receipt: str | None
    repeat: bool


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _round(slug: str) -> Round:
    round = Round.objects.select_related("owner_community", "owner_organisation").filter(slug=slug).first()
    if round is None or round.phase == Phase.DRAFT:
        raise Http404
    return round


def _round_out(round: Round) -> dict[str, Any]:
    return {
        "slug": round.slug,
        "title": round.title,
        "summary": round.summary,
        "owner": str(round.owner),
        "phase": round.phase,
        "budget_pence": round.budget_pence,
        "ballot_type": round.ballot_type,
        "counting_rule": round.counting_rule,
        "max_choices": round.max_choices,
        "points_per_voter": round.points_per_voter,
        "pots": list(round.pots.all()),
    }


def _proposal_out(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "title": proposal.title,
        "description": proposal.description,
        "status": proposal.status,
        "category": proposal.category,
        "pot": proposal.pot_id,
        "cost_pence": proposal.cost_pence,
        "costed": proposal.costed_pence is not None,
        "ballot_number": proposal.ballot_number,
        "place_name": proposal.place_name,
        "ward": proposal.ward.gss_code if proposal.ward else None,
    }


@router.get("/budgets", response=list[RoundOut], summary="Participatory budgeting rounds")
def rounds(request: HttpRequest) -> list[dict[str, Any]]:
    return [_round_out(r) for r in selectors.rounds_visible_to(None).prefetch_related("pots")]


@router.get("/budgets/{slug}", response=RoundDetailOut, summary="One round, with its pots and timeline")
def round_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    round = _round(slug)
    timeline = [
        {
            "phase": step.phase.value,
            "label": str(step.phase.label),
            "state": step.state,
            "starts_on": step.window.starts_on if step.window else None,
            "ends_on": step.window.ends_on if step.window else None,
        }
        for step in selectors.round_timeline(round=round)
    ]
    return {**_round_out(round), "description": round.description, "timeline": timeline}


@router.get("/budgets/{slug}/proposals", response=list[ProposalOut], summary="The round's proposals")
def proposals(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [_proposal_out(p) for p in selectors.proposals_public(round=_round(slug))]


@router.get(
    "/budgets/{slug}/results",
    response={200: list[PotResultOut], 404: ErrorOut},
    summary="Each pot's count: what was funded, why, and how to recount it",
)
def results(request: HttpRequest, slug: str) -> Any:
    round = _round(slug)
    if not round.results_are_public:
        return Status(404, {"detail": "The results of this round are not published yet."})
    out = []
    for pot in pot_results(round=round):
        if pot.count is None:
            continue
        out.append(
            {
                "pot": pot.pot.pk,
                "name": pot.pot.name,
                "budget_pence": pot.pot.budget_pence,
                "spent_pence": pot.spent_pence,
                "rule": pot.count.rule,
                "parameters": pot.count.parameters,
                "library_version": pot.count.library_version,
                "input_sha256": pot.count.input_sha256,
                "pabulib_file": pabulib_file_name(pot.pot),
                "recount_command": pot.recount_command,
                "projects": [
                    {
                        "proposal": row.proposal.pk,
                        "ballot_number": row.proposal.ballot_number,
                        "title": row.proposal.title,
                        "cost_pence": row.proposal.cost_pence,
                        "votes": row.votes,
                        "funded": row.funded,
                        "step": row.step,
                        "explanation": row.explanation,
                    }
                    for row in pot.rows
                ],
            }
        )
    return Status(200, out)


@router.post(
    "/budgets/{slug}/ballots",
    auth=django_auth,
    response={201: BallotOut, 200: BallotOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Cast the signed-in voter's ballot",
)
def ballot_cast(request: HttpRequest, slug: str, ballot: BallotIn) -> Any:
    round = _round(slug)
    choices = [Choice(c.proposal, points=c.points, rank=c.rank) for c in ballot.choices]
    try:
        cast = services.ballot_submit(
            actor=actor_from_request(request), round=round, choices=choices, submission=ballot.submission
        )
    except services.AlreadyVotedError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    except ValidationError as error:
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()} if hasattr(error, "error_dict") else {}
        return Status(400, {"detail": " ".join(error.messages), "errors": errors})
    if cast.repeat:
        return Status(200, {"receipt": None, "repeat": True})
    return Status(201, {"receipt": cast.receipt, "repeat": False})
