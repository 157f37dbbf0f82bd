"""Reads for commissioning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from coopcouncil.commissioning.models import STAGE_ORDER, PanelMember, Programme, Stage
from coopcouncil.core.models import Decision


def programmes_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("owner_community", "owner_organisation", "lead_officer")


def programme_get(*, slug: str) -> Programme:
    return programmes_list().get(slug=slug)


def panel_current(*, programme: Programme) -> QuerySet[PanelMember]:
    return programme.panel_members.filter(stepped_down_at__isnull=True).select_related("person")


def panel_history(*, programme: Programme) -> QuerySet[PanelMember]:
    return programme.panel_members.select_related("person", "appointed_by").order_by("appointed_at", "id")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a programme's public timeline: a stage change or a published decision."""

    at: datetime
    kind: str  # "stage" or "decision"
    title: str
    detail: str
    stage: Stage | None = None
    decision: Decision | None = None


def decisions_about(*, programme: Programme, public_only: bool = True) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(
        subject_type=ContentType.objects.get_for_model(Programme), subject_id=str(programme.pk)
    )
    return decisions.filter(is_public=True) if public_only else decisions


def programme_timeline(*, programme: Programme) -> list[TimelineEntry]:
    """Every stage change and every published decision, oldest first."""
    entries: list[TimelineEntry] = [
        TimelineEntry(
            at=change.changed_at,
            kind="stage",
            title=str(Stage(change.to_stage).label),
            detail=change.reason,
            stage=Stage(change.to_stage),
        )
        for change in programme.stage_changes.all()
    ]
    entries += [
        TimelineEntry(at=d.decided_at, kind="decision", title=d.title, detail=d.outcome, decision=d)
        for d in decisions_about(programme=programme)
    ]
    return sorted(entries, key=lambda entry: entry.at)


def stages_with_state(*, programme: Programme) -> list[tuple[Stage, str]]:
    """The six stages, each "done", "current" or "to come"."""
    current = programme.stage_index
    return [
        (stage, "done" if index < current else "current" if index == current else "to come")
        for index, stage in enumerate(STAGE_ORDER)
        if stage != Stage.CLOSED
    ]


def seat_counts(*, programme: Programme) -> dict[str, Any]:
    """Seats by type: the rule and how many are filled now."""
    filled: dict[str, int] = {}
    for member in panel_current(programme=programme):
        filled[member.seat_type] = filled.get(member.seat_type, 0) + 1
    return {rule.seat_type: (rule, filled.get(rule.seat_type, 0)) for rule in programme.seat_rules.all()}


# Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options

from collections import Counter  # noqa: E402 - kept with the part that uses it, for the merge
from fractions import Fraction  # noqa: E402

from django.db.models import Prefetch  # noqa: E402

from coopcouncil.commissioning.models import (  # noqa: E402
    Asset,
    DotSet,
    DotVote,
    EqualityImpactAssessment,
    EvidenceItem,
    MarketEngagement,
    NeedStatement,
    OptionAppraisal,
    Outcome,
    PrioritiesDecision,
    RouteChoice,
)


def evidence_for(*, programme: Programme, public_only: bool) -> QuerySet[EvidenceItem]:
    items = EvidenceItem.objects.filter(programme=programme).select_related("file", "carried_over_from__programme")
    return items.filter(is_public=True) if public_only else items


def assets_for(*, programme: Programme) -> QuerySet[Asset]:
    return Asset.objects.filter(programme=programme).select_related("ward", "carried_over_from__programme")


def needs_for(*, programme: Programme, public_only: bool) -> QuerySet[NeedStatement]:
    """Needs with their evidence; the public see only the public evidence behind them."""
    evidence = EvidenceItem.objects.filter(is_public=True) if public_only else EvidenceItem.objects.all()
    return NeedStatement.objects.filter(programme=programme).prefetch_related(Prefetch("evidence", queryset=evidence))


def outcomes_for(*, programme: Programme) -> QuerySet[Outcome]:
    return Outcome.objects.filter(programme=programme).prefetch_related("indicators").select_related("budget")


def outcomes_with_an_indicator(*, programme: Programme) -> QuerySet[Outcome]:
    return Outcome.objects.filter(programme=programme).filter(indicators__isnull=False).distinct()


def dot_vote_of(*, programme: Programme) -> DotVote | None:
    return DotVote.objects.filter(programme=programme).first()


def dots_of(*, vote: DotVote, member: PanelMember) -> dict[int, int]:
    """The member's dots by outcome id (empty when they have not voted)."""
    dot_set = DotSet.objects.filter(vote=vote, member=member).first()
    if dot_set is None:
        return {}
    return {placement.outcome_id: placement.dots for placement in dot_set.placements.all()}


@dataclass(frozen=True)
class PriorityRow:
    rank: int
    outcome: Outcome
    dots: int
    by_seat: dict[str, int]
    budget_pence: int


@dataclass(frozen=True)
class PrioritiesResult:
    """The outcomes ranked by the panel's dots, with dots by seat type and the budget split."""

    rows: list[PriorityRow]
    members_voted: int
    dots_cast: int
    seat_types: list[str]
    budget_allocated_pence: int
    envelope_pence: int

    def share_of_dots(self, row: PriorityRow) -> Fraction:
        return Fraction(row.dots, self.dots_cast) if self.dots_cast else Fraction(0)


def priorities_result(*, programme: Programme) -> PrioritiesResult:
    """Dots per outcome and per seat type, ranked; equal dots share a rank (1, 2, 2, 4)."""
    vote = dot_vote_of(programme=programme)
    outcomes = list(outcomes_for(programme=programme))
    totals: Counter[int] = Counter()
    by_seat: dict[int, Counter[str]] = {outcome.pk: Counter() for outcome in outcomes}
    members = 0
    if vote is not None:
        dot_sets = DotSet.objects.filter(vote=vote).prefetch_related("placements")
        for dot_set in dot_sets:
            members += 1
            for placement in dot_set.placements.all():
                totals[placement.outcome_id] += placement.dots
                by_seat.setdefault(placement.outcome_id, Counter())[dot_set.seat_type] += placement.dots
    ordered = sorted(outcomes, key=lambda outcome: (-totals[outcome.pk], outcome.title))
    rows: list[PriorityRow] = []
    for index, outcome in enumerate(ordered):
        tied = rows and rows[-1].dots == totals[outcome.pk]
        rows.append(
            PriorityRow(
                rank=rows[-1].rank if tied else index + 1,
                outcome=outcome,
                dots=totals[outcome.pk],
                by_seat=dict(by_seat[outcome.pk]),
                budget_pence=outcome.budget.amount_pence if hasattr(outcome, "budget") else 0,
            )
        )
    seat_types = sorted({seat for counter in by_seat.values() for seat in counter})
    return PrioritiesResult(
        rows=rows,
        members_voted=members,
        dots_cast=sum(totals.values()),
        seat_types=seat_types,
        budget_allocated_pence=sum(row.budget_pence for row in rows),
        envelope_pence=programme.budget_envelope_pence,
    )


def equality_assessment_of(*, programme: Programme) -> EqualityImpactAssessment | None:
    return (
        EqualityImpactAssessment.objects.filter(programme=programme)
        .select_related("completed_by", "file")
        .prefetch_related("impacts")
        .first()
    )


def priorities_decision_of(*, programme: Programme) -> PrioritiesDecision | None:
    return PrioritiesDecision.objects.filter(programme=programme).select_related("recommendation", "decision").first()


def market_engagements_for(*, programme: Programme) -> QuerySet[MarketEngagement]:
    return MarketEngagement.objects.filter(programme=programme)


def option_appraisals_for(*, programme: Programme) -> QuerySet[OptionAppraisal]:
    return OptionAppraisal.objects.filter(programme=programme)


def route_choice_of(*, programme: Programme) -> RouteChoice | None:
    return RouteChoice.objects.filter(programme=programme).select_related("option", "decision").first()
