"""What commissioning holds about a person: their panel seats, and what they did in an official role.

Sitting on a panel is a public role: after erasure the seat stays, under the anonymised name, because
the panel's decisions are public records. Notes written about the appointment are removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import PanelMember
from coopcouncil.commissioning.models.acquisition import (
    DeclaredInterest,
    Evaluation,
    InterestDeclaration,
    SpecificationComment,
)
from coopcouncil.core.personal_data import PersonalDataArea

# Stage 4: acquisition: comments on the specification, declarations of interest and evaluations.
# Bids belong to organisations, not to the people who wrote them, so they are not exported here.
ERASED_INTEREST = "(description removed at the evaluator's request)"


def acquisition_export(person: Person) -> dict[str, Any]:
    return {
        "specification_comments": [
            {"programme": c.version.programme.title, "version": c.version.number, "comment": c.body}
            for c in SpecificationComment.objects.filter(author=person).select_related("version__programme")
        ],
        "interest_declarations": [
            {
                "call": d.call.title,
                "declared_at": d.declared_at.isoformat(),
                "interests": [{"bidder": i.bid.organisation.name, "nature": i.nature} for i in d.interests.all()],
            }
            for d in InterestDeclaration.objects.filter(person=person)
            .select_related("call")
            .prefetch_related("interests__bid__organisation")
        ],
        "evaluations": [
            {
                "call": e.bid.call.title,
                "bidder": e.bid.organisation.name,
                "scores": [
                    {"criterion": s.criterion.title, "score": s.score, "reasons": s.rationale} for s in e.scores.all()
                ],
            }
            for e in Evaluation.objects.filter(evaluator=person)
            .select_related("bid__call", "bid__organisation")
            .prefetch_related("scores__criterion")
        ],
    }


def acquisition_erase(person: Person) -> None:
    SpecificationComment.objects.filter(author=person).update(body="")
    DeclaredInterest.objects.filter(declaration__person=person).update(nature=ERASED_INTEREST)


def commissioning_export(person: Person) -> dict[str, Any]:
    return {
        "panel_seats": [
            {
                "programme": seat.programme.title,
                "seat": seat.seat_type,
                "appointed_at": seat.appointed_at.isoformat(),
                "stepped_down_at": seat.stepped_down_at.isoformat() if seat.stepped_down_at else None,
                "stepped_down_reason": seat.stepped_down_reason,
            }
            for seat in PanelMember.objects.filter(person=person).select_related("programme")
        ],
        **acquisition_export(person),
    }


def commissioning_erase(person: Person) -> None:
    PanelMember.objects.filter(person=person).update(appointment_note="", stepped_down_reason="")
    acquisition_erase(person)


COMMISSIONING_PERSONAL_DATA = PersonalDataArea(
    name="commissioning",
    export=commissioning_export,
    erase=commissioning_erase,
    kept_after_erasure=_(
        "If you sat on a commissioning panel, your seat stays under an anonymised name, because the panel's "
        "decisions are public records. If you evaluated bids, your scores and their reasons stay as the record of "
        "the evaluation, and any interest you declared is kept as a declared interest without your description."
    ),
    models=(
        "commissioning.Programme",
        "commissioning.StageChange",
        "commissioning.PanelMember",
        # Stage 4: acquisition.
        "commissioning.SpecificationVersion",
        "commissioning.SpecificationComment",
        "commissioning.Call",
        "commissioning.Bid",
        "commissioning.InterestDeclaration",
        "commissioning.DeclaredInterest",
        "commissioning.Evaluation",
        "commissioning.EvaluatorScore",
        "commissioning.Moderation",
        "commissioning.Award",
        "commissioning.AssessmentSummary",
    ),
)
