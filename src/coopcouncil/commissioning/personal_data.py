"""What commissioning holds about a person: their panel seats, and what they did in an official role.

Sitting on a panel is a public role: after erasure the seat stays, under the anonymised name, because
the panel's decisions are public records. Notes written about the appointment are removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import (
    DotSet,
    EvidenceItem,
    KPIReturn,
    NeedStatement,
    PanelMember,
    ServiceFeedback,
)
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
        **needs_export(person),
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
        "service_feedback": [
            {
                "service": feedback.contract.title,
                "rating": feedback.rating,
                "comment": feedback.comment,
                "status": feedback.status,
                "given_at": feedback.created_at.isoformat(),
                "entered_by_an_officer": feedback.entered_by_id is not None,
            }
            for feedback in ServiceFeedback.objects.filter(person=person).select_related("contract")
        ],
        "kpi_returns_sent": [
            {
                "kpi": kpi_return.kpi.name,
                "period_start": kpi_return.period_start.isoformat(),
                "value": str(kpi_return.value),
                "status": kpi_return.status,
            }
            for kpi_return in KPIReturn.objects.filter(submitted_by=person).select_related("kpi")
        ],
        **acquisition_export(person),
    }


def commissioning_erase(person: Person) -> None:
    PanelMember.objects.filter(person=person).update(appointment_note="", stepped_down_reason="")
    needs_erase(person)
    # A resident's words about a service are theirs: the comment goes, the rating stays in the counts.
    ServiceFeedback.objects.filter(person=person).update(comment="")
    acquisition_erase(person)


# Stages 1 to 3. What panel members bring (evidence, needs) and how they spread their dots is
# theirs to see. On erasure, evidence and needs stay, since the panel's work rests on them, but no
# longer say who added them; dots stay with the anonymised seat, because the results are public.
# Officers' records (assets, outcomes, the assessment, appraisals) are official work, kept as they are.
NEEDS_MODELS = (
    "commissioning.EvidenceItem",
    "commissioning.Asset",
    "commissioning.NeedStatement",
    "commissioning.Outcome",
    "commissioning.DotVote",
    "commissioning.OutcomeBudget",
    "commissioning.EqualityImpactAssessment",
    "commissioning.MarketEngagement",
    "commissioning.OptionAppraisal",
)


def needs_export(person: Person) -> dict[str, Any]:
    return {
        "evidence_added": [
            {"programme": item.programme.title, "title": item.title, "added_at": item.added_at.isoformat()}
            for item in EvidenceItem.objects.filter(added_by=person).select_related("programme")
        ],
        "needs_stated": [
            {"programme": need.programme.title, "statement": need.statement, "added_at": need.added_at.isoformat()}
            for need in NeedStatement.objects.filter(added_by=person).select_related("programme")
        ],
        "dots_placed": [
            {
                "programme": dot_set.vote.programme.title,
                "submitted_at": dot_set.submitted_at.isoformat(),
                "dots": {placement.outcome.title: placement.dots for placement in dot_set.placements.all()},
            }
            for dot_set in DotSet.objects.filter(member__person=person)
            .select_related("vote__programme")
            .prefetch_related("placements__outcome")
        ],
    }


def needs_erase(person: Person) -> None:
    EvidenceItem.objects.filter(added_by=person).update(added_by=None)
    NeedStatement.objects.filter(added_by=person).update(added_by=None)


COMMISSIONING_PERSONAL_DATA = PersonalDataArea(
    name="commissioning",
    export=commissioning_export,
    erase=commissioning_erase,
    kept_after_erasure=_(
        "If you sat on a commissioning panel, your seat stays under an anonymised name, because the panel's "
        "decisions are public records. Your ratings of a service stay in its counts, without your comments. KPI "
        "returns you sent for a provider, and checks you made as an officer, stay as records of the contract. "
        "If you evaluated bids, your scores and their reasons stay as the record of the evaluation, and any "
        "interest you declared is kept as a declared interest without your description."
    ),
    models=(
        "commissioning.Programme",
        "commissioning.StageChange",
        "commissioning.PanelMember",
        # Stages 1 to 3
        *NEEDS_MODELS,
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
        # Stages 5 and 6: delivery, monitoring and review.
        "commissioning.Contract",
        "commissioning.KPIReturn",
        "commissioning.KPIReturnEvent",
        "commissioning.ServiceFeedback",
        "commissioning.PerformanceRating",
        "commissioning.ReviewDecision",
    ),
)
