"""Reads for commissioning."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from coopcouncil.accounts.models import Organisation, Person, RoleAssignment
from coopcouncil.commissioning.models import (
    KPI,
    RAG,
    STAGE_ORDER,
    Asset,
    CarriedOverEvidence,
    Contract,
    DotSet,
    DotVote,
    EqualityImpactAssessment,
    EvidenceItem,
    FeedbackStatus,
    KPIReturn,
    MarketEngagement,
    NeedStatement,
    OptionAppraisal,
    Outcome,
    PanelMember,
    PerformanceRating,
    PrioritiesDecision,
    Programme,
    ReturnStatus,
    ReviewDecision,
    RouteChoice,
    SeatType,
    ServiceFeedback,
    Stage,
    periods_between,
)
from coopcouncil.commissioning.models.acquisition import (
    MAX_SCORE,
    Award,
    Bid,
    BidStatus,
    Call,
    CallStatus,
    Criterion,
    Evaluation,
    InterestDeclaration,
    Moderation,
    SpecificationVersion,
)
from coopcouncil.commissioning.permissions import ACTS_FOR_PROVIDER, can_evaluate_bid, is_provider_for
from coopcouncil.cooperatives.permissions import cooperative_of
from coopcouncil.core.models import Decision
from coopcouncil.meetings.models import MeetingDecision, MeetingKind


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


# Stage 4: acquisition ----------------------------------------------------------------------
# Scores are exact: a seat type's moderated score is an integer 0 to 5, seat types combine by the
# programme's weights into a Fraction, and a criterion's points are that share of its weight. Price
# points are the lowest compliant price over the bid's price, times the price weight.


def specification_versions(*, programme: Programme) -> QuerySet[SpecificationVersion]:
    return (
        SpecificationVersion.objects.filter(programme=programme)
        .select_related("drafted_by", "agreed_by")
        .prefetch_related("comments__author")
    )


def specification_agreed(*, programme: Programme) -> SpecificationVersion | None:
    """The version agreed last; later drafts do not replace it until they are agreed."""
    return (
        SpecificationVersion.objects.filter(programme=programme)
        .filter(agreed_at__isnull=False)
        .order_by("-agreed_at", "-number")
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


# Stages 5 and 6: delivery, monitoring and review ------------------------------------------


def contracts_for(*, programme: Programme) -> QuerySet[Contract]:
    return Contract.objects.filter(programme=programme).select_related("supplier", "programme").prefetch_related("kpis")


def contract_get(*, pk: int) -> Contract:
    return Contract.objects.select_related("supplier", "programme").get(pk=pk)


def programme_has_contract_with_kpis(*, programme: Programme) -> bool:
    return KPI.objects.filter(contract__programme=programme).exists()


def contracts_of_provider(*, person: Person | None) -> list[Contract]:
    """The contracts whose returns ``person`` sends for their organisation."""
    if person is None:
        return []
    candidates = Contract.objects.filter(supplier__memberships__person=person).distinct()
    return [c for c in candidates.select_related("supplier", "programme") if is_provider_for(person, c)]


def kpi_returns_for(*, contract: Contract) -> QuerySet[KPIReturn]:
    """Every return of the contract, whatever its status: for its supplier's people and its officers."""
    return (
        KPIReturn.objects.filter(kpi__contract=contract)
        .select_related("kpi", "evidence", "submitted_by", "reviewed_by")
        .prefetch_related("events")
        .order_by("kpi_id", "period_start")
    )


def kpi_returns_verified(*, contract: Contract) -> QuerySet[KPIReturn]:
    """The values anyone may see: only what an officer has verified."""
    return kpi_returns_for(contract=contract).filter(status=ReturnStatus.VERIFIED)


def kpi_returns_to_verify(*, programme: Programme) -> QuerySet[KPIReturn]:
    return (
        KPIReturn.objects.filter(kpi__contract__programme=programme, status=ReturnStatus.SUBMITTED)
        .select_related("kpi", "kpi__contract", "evidence")
        .prefetch_related("events")
        .order_by("submitted_at", "id")
    )


@dataclass(frozen=True)
class KPIPoint:
    """One reporting period of a KPI: its verified value, if any, and the status that gives."""

    period_start: date
    period_end: date
    value: Decimal | None
    rag: RAG


@dataclass(frozen=True)
class KPISeries:
    kpi: KPI
    points: list[KPIPoint]

    @property
    def latest(self) -> KPIPoint | None:
        """The latest period with a verified value."""
        return next((point for point in reversed(self.points) if point.value is not None), None)

    @property
    def latest_rag(self) -> RAG:
        latest = self.latest
        return latest.rag if latest else RAG.GREY


def kpi_series(*, kpi: KPI, today: date | None = None) -> KPISeries:
    """Each period from the contract's start to today (or its end), with the verified value or grey."""
    today = today or timezone.localdate()
    contract = kpi.contract
    last = min(today, contract.ends_on)
    verified = {r.period_start: r.value for r in kpi.returns.filter(status=ReturnStatus.VERIFIED)}
    points = []
    if last >= contract.starts_on:
        for start, end in periods_between(kpi.frequency, contract.starts_on, last):
            value = verified.get(start)
            points.append(KPIPoint(start, end, value, kpi.rag_for(value)))
    return KPISeries(kpi=kpi, points=points)


@dataclass(frozen=True)
class FeedbackSummary:
    total: int
    by_rating: dict[int, int]
    average: Fraction | None
    comments: list[ServiceFeedback]


def feedback_summary(*, contract: Contract) -> FeedbackSummary:
    """Counts of every rating not turned down in moderation, and the published comments."""
    counted = contract.feedback.exclude(status=FeedbackStatus.REJECTED)
    by_rating = dict.fromkeys(range(5, 0, -1), 0)
    for row in counted.values("rating").annotate(n=Count("id")):
        by_rating[row["rating"]] = row["n"]
    total = sum(by_rating.values())
    average = Fraction(sum(r * n for r, n in by_rating.items()), total) if total else None
    comments = list(contract.feedback.filter(status=FeedbackStatus.PUBLISHED).exclude(comment=""))
    return FeedbackSummary(total=total, by_rating=by_rating, average=average, comments=comments)


def feedback_to_moderate(*, programme: Programme) -> QuerySet[ServiceFeedback]:
    return (
        ServiceFeedback.objects.filter(contract__programme=programme, status=FeedbackStatus.PENDING)
        .select_related("contract", "person", "entered_by")
        .order_by("created_at", "id")
    )


def performance_ratings_for(*, programme: Programme) -> QuerySet[PerformanceRating]:
    return PerformanceRating.objects.filter(contract__programme=programme).select_related("contract", "decision")


def review_decisions_for(*, programme: Programme) -> QuerySet[ReviewDecision]:
    return ReviewDecision.objects.filter(programme=programme).select_related("decision", "next_cycle")


def review_latest(*, programme: Programme) -> ReviewDecision | None:
    return review_decisions_for(programme=programme).order_by("recorded_at", "id").last()


def delivery_evidence_summary(*, programme: Programme, today: date | None = None) -> dict[str, Any]:
    """What delivering the programme showed, in plain figures, for the next cycle to start from."""
    contracts = []
    for contract in contracts_for(programme=programme):
        feedback = feedback_summary(contract=contract)
        kpis = []
        for kpi in contract.kpis.all():
            series = kpi_series(kpi=kpi, today=today)
            latest = series.latest
            kpis.append(
                {
                    "name": kpi.name,
                    "unit": kpi.unit,
                    "direction": kpi.direction,
                    "baseline": str(kpi.baseline),
                    "target": str(kpi.target),
                    "latest_value": str(latest.value) if latest else None,
                    "latest_rag": series.latest_rag.value,
                    "rag_counts": {rag.value: sum(1 for p in series.points if p.rag == rag) for rag in RAG},
                }
            )
        contracts.append(
            {
                "title": contract.title,
                "supplier": contract.supplier.name,
                "value_pence": contract.value_pence,
                "starts_on": contract.starts_on.isoformat(),
                "ends_on": contract.ends_on.isoformat(),
                "kpis": kpis,
                "ratings": [
                    {
                        "period_start": r.period_start.isoformat(),
                        "period_end": r.period_end.isoformat(),
                        "rating": r.rating,
                    }
                    for r in contract.ratings.all()
                ],
                "feedback": {"total": feedback.total, "by_rating": {str(k): v for k, v in feedback.by_rating.items()}},
            }
        )
    review = review_latest(programme=programme)
    return {
        "programme": programme.slug,
        "cycle": programme.cycle,
        "contracts": contracts,
        "review": {"outcome": review.outcome, "reasons": review.reasons} if review else None,
    }


def carried_over_evidence(*, programme: Programme) -> CarriedOverEvidence | None:
    return CarriedOverEvidence.objects.filter(programme=programme).select_related("from_programme").first()


def calls_of(*, programme: Programme, public_only: bool = False) -> QuerySet[Call]:
    calls = Call.objects.filter(programme=programme).select_related("specification").prefetch_related("criteria")
    return calls.exclude(status=CallStatus.DRAFT) if public_only else calls


def call_get(*, programme: Programme, slug: str) -> Call:
    return Call.objects.select_related("programme", "specification").get(programme=programme, slug=slug)


def bid_get(*, call: Call, pk: int) -> Bid:
    return Bid.objects.select_related("call__programme", "organisation").get(call=call, pk=pk)


def submitted_bids(*, call: Call) -> QuerySet[Bid]:
    return call.bids.filter(status=BidStatus.SUBMITTED).select_related("organisation")


def compliant_bids(*, call: Call) -> QuerySet[Bid]:
    return submitted_bids(call=call).filter(compliant=True)


def organisations_acted_for(*, person: Person | None) -> list[Organisation]:
    """Provider organisations the person acts for (holds the provider representative role on)."""
    if person is None:
        return []
    ids = RoleAssignment.objects.current().filter(
        person=person,
        role__in=list(ACTS_FOR_PROVIDER),
        scope_type=ContentType.objects.get_for_model(Organisation),
    )
    return list(Organisation.objects.filter(pk__in=[int(a.scope_id) for a in ids]).order_by("name"))


def organisation_representatives(*, organisation: Organisation) -> list[Person]:
    assignments = RoleAssignment.objects.current().filter(
        role__in=list(ACTS_FOR_PROVIDER),
        scope_type=ContentType.objects.get_for_model(Organisation),
        scope_id=str(organisation.pk),
    )
    return list(Person.objects.filter(pk__in=assignments.values("person_id")))


def bids_of(*, person: Person | None, call: Call | None = None) -> QuerySet[Bid]:
    """The bids of the organisations the person acts for: providers see only these."""
    bids = Bid.objects.filter(organisation__in=organisations_acted_for(person=person))
    if call is not None:
        bids = bids.filter(call=call)
    return bids.select_related("call__programme", "organisation")


def bids_to_evaluate(*, person: Person | None, call: Call) -> list[Bid]:
    """Compliant bids the evaluator may read: none before they declared, never a conflicted one."""
    return [bid for bid in compliant_bids(call=call) if can_evaluate_bid(person, bid)]


def declaration_of(*, person: Person | None, call: Call) -> InterestDeclaration | None:
    if person is None:
        return None
    return call.declarations.filter(person=person).prefetch_related("interests__bid__organisation").first()


def evaluation_of(*, person: Person | None, bid: Bid) -> Evaluation | None:
    if person is None:
        return None
    return bid.evaluations.filter(evaluator=person).prefetch_related("scores__criterion").first()


def evaluations_by_seat_type(*, bid: Bid, seat_type: str) -> QuerySet[Evaluation]:
    return bid.evaluations.filter(seat_type=seat_type).select_related("evaluator").prefetch_related("scores")


def scored_criteria(*, call: Call, seat_type: str) -> list[Criterion]:
    """The criteria a seat type scores (price never: it is scored by formula)."""
    return [c for c in call.criteria.all() if not c.is_price and c.scored_by(seat_type)]


def moderation_of(*, bid: Bid, seat_type: str) -> Moderation | None:
    return bid.moderations.filter(seat_type=seat_type).prefetch_related("scores").first()


def seat_weights(*, programme: Programme) -> dict[str, int]:
    return {rule.seat_type: rule.score_weight for rule in programme.seat_rules.all()}


def seat_types_needed(*, call: Call) -> set[str]:
    """Seat types that must moderate each bid: they score a criterion, weigh more than 0 and have members."""
    weights = seat_weights(programme=call.programme)
    seated = set(panel_current(programme=call.programme).values_list("seat_type", flat=True))
    return {
        seat_type
        for criterion in call.criteria.all()
        if not criterion.is_price
        for seat_type in criterion.seat_types
        if weights.get(seat_type, 0) > 0 and seat_type in seated
    }


def points_text(value: Fraction | None) -> str:
    """Exact points shown to two decimal places (rounded half up), for pages and summaries."""
    if value is None:
        return "-"
    hundredths = (value * 100 * 2 + 1) // 2
    return f"{hundredths // 100}.{hundredths % 100:02d}"


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    seat_scores: dict[str, int]  # the moderated score of each seat type that scored it
    reasons: dict[str, str]
    combined: Fraction | None  # on the 0 to MAX_SCORE scale, for price the formula's share
    points: Fraction | None  # out of the criterion's weight

    @property
    def points_text(self) -> str:
        return points_text(self.points)


@dataclass(frozen=True)
class BidResult:
    bid: Bid
    criteria: list[CriterionResult]
    total: Fraction | None
    complete: bool
    missing_seat_types: list[str]

    @property
    def total_text(self) -> str:
        return points_text(self.total)

    @property
    def missing_labels(self) -> list[str]:
        return [str(SeatType(value).label) for value in self.missing_seat_types]


@dataclass(frozen=True)
class CallResults:
    call: Call
    bids: list[BidResult]  # compliant bids, highest total first
    lowest_price_pence: int | None

    @property
    def complete(self) -> bool:
        return bool(self.bids) and all(result.complete for result in self.bids)

    def for_bid(self, bid: Bid) -> BidResult | None:
        return next((result for result in self.bids if result.bid.pk == bid.pk), None)


def price_points(*, lowest_pence: int, price_pence: int, weight: int) -> Fraction:
    return Fraction(lowest_pence, price_pence) * weight


def combined_score(*, seat_scores: dict[str, int], weights: dict[str, int]) -> Fraction | None:
    """Seat types' moderated scores combined by their weights; None when no weighted seat type scored."""
    total_weight = sum(weights.get(seat_type, 0) for seat_type in seat_scores)
    if total_weight == 0:
        return None
    return Fraction(sum(score * weights.get(seat_type, 0) for seat_type, score in seat_scores.items()), total_weight)


def call_results(*, call: Call) -> CallResults:
    """Every compliant bid's points per criterion and total, computed from the moderated scores."""
    criteria = list(call.criteria.all())
    weights = seat_weights(programme=call.programme)
    needed = seat_types_needed(call=call)
    bids = list(compliant_bids(call=call).prefetch_related("moderations__scores"))
    prices = [bid.price_pence for bid in bids if bid.price_pence]
    lowest = min(prices) if prices else None
    results: list[BidResult] = []
    for bid in bids:
        moderated: dict[int, dict[str, tuple[int, str]]] = {}
        moderated_types = set()
        for moderation in bid.moderations.all():
            moderated_types.add(moderation.seat_type)
            for score in moderation.scores.all():
                moderated.setdefault(score.criterion_id, {})[moderation.seat_type] = (score.score, score.reason)
        rows: list[CriterionResult] = []
        for criterion in criteria:
            if criterion.is_price:
                share = Fraction(lowest, bid.price_pence) if lowest and bid.price_pence else None
                rows.append(
                    CriterionResult(criterion, {}, {}, share, share * criterion.weight if share is not None else None)
                )
                continue
            by_seat = moderated.get(criterion.pk, {})
            seat_scores = {seat_type: score for seat_type, (score, _reason) in by_seat.items()}
            combined = combined_score(seat_scores=seat_scores, weights=weights)
            points = combined / MAX_SCORE * criterion.weight if combined is not None else None
            reasons = {seat_type: reason for seat_type, (_score, reason) in by_seat.items() if reason}
            rows.append(CriterionResult(criterion, seat_scores, reasons, combined, points))
        missing = sorted(needed - moderated_types)
        complete = not missing and all(row.points is not None for row in rows)
        total = sum((row.points for row in rows if row.points is not None), Fraction(0)) if complete else None
        results.append(BidResult(bid, rows, total, complete, missing))
    results.sort(key=lambda result: (result.total is None, -(result.total or 0), result.bid.organisation.name))
    return CallResults(call, results, lowest)


def public_award_of(*, call: Call) -> Award | None:
    """The award once decided: before that, the public sees no scores and no recommendation's detail."""
    award = Award.objects.filter(call=call, decision__isnull=False).select_related("bid__organisation").first()
    return award


def awards_ready_for_contract(*, programme: Programme) -> QuerySet[Award]:
    """Decided awards past their standstill that no contract follows yet, for the contract form."""
    today = timezone.localdate()
    return Award.objects.filter(
        call__programme=programme,
        decision__isnull=False,
        standstill_ends_on__lt=today,
        contract__isnull=True,
    ).select_related("call", "bid__organisation")


def board_ratifications_for(*, programme: Programme) -> QuerySet[MeetingDecision] | None:
    """For a programme a co-operative owns: its board's agreed decisions not yet used for an award.

    None when the programme is not a co-operative's, so the award form asks for no ratification.
    """
    if cooperative_of(programme.owner_organisation) is None:
        return None
    return MeetingDecision.objects.filter(
        meeting__owner_organisation=programme.owner_organisation,
        meeting__kind=MeetingKind.BOARD_MEETING,
        carried=True,
    ).exclude(pk__in=Award.objects.filter(ratified_by__isnull=False).values("ratified_by"))
