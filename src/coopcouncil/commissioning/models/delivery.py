"""Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review.

A contract (value, period, supplier) carries KPIs with a baseline, a target, a direction and
red/amber/green thresholds. The supplier's people send one return per KPI per period, with
evidence; officers verify it or query it, and a queried return is sent again with its history
kept. Residents rate the service; officers (or the panel) rate each period's performance, and the
review decides whether the service continues, improves, is recommissioned or decommissioned.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopcouncil.accounts.models import Organisation, Person
from coopcouncil.commissioning.models.programmes import Programme
from coopcouncil.core.models import Decision, PrivateFile

__all__ = [
    "CYCLE_ENDING_OUTCOMES",
    "KPI",
    "RAG",
    "CarriedOverEvidence",
    "Contract",
    "FeedbackStatus",
    "KPIDirection",
    "KPIFrequency",
    "KPIReturn",
    "KPIReturnEvent",
    "PerformanceRating",
    "Rating",
    "ReturnEventKind",
    "ReturnStatus",
    "ReviewDecision",
    "ReviewOutcome",
    "ServiceFeedback",
    "period_containing",
    "periods_between",
]

# KPI values are exact: up to 12 digits before the point and 2 after (a count, a percentage, pounds).
KPI_DIGITS = 14
KPI_PLACES = 2


class Contract(models.Model):
    """What the council bought in stage 4: who delivers it, for how much, and for how long.

    A contract that follows a call links to its award. One recorded without (a grant agreed
    outside the platform, say) has none.
    """

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="contracts")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commissioning_contracts")
    title = models.CharField(max_length=200)
    value_pence = models.PositiveBigIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    award = models.OneToOneField(
        "commissioning.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contract_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(value_pence__gt=0), name="contract_has_a_value"),
        ]

    def __str__(self) -> str:
        return self.title

    def permission_parent(self) -> models.Model | None:
        return self.programme


class KPIDirection(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KPIFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


def period_containing(frequency: str, day: date) -> tuple[date, date]:
    """The calendar month or quarter (January, April, July, October) that ``day`` falls in."""
    months = 3 if frequency == KPIFrequency.QUARTERLY else 1
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    following_month = start.month + months
    following = date(start.year + (following_month - 1) // 12, (following_month - 1) % 12 + 1, 1)
    return start, following - timedelta(days=1)


def periods_between(frequency: str, first: date, last: date) -> Iterator[tuple[date, date]]:
    """Every reporting period from the one holding ``first`` to the one holding ``last``, in order."""
    start, end = period_containing(frequency, first)
    while start <= last:
        yield start, end
        start, end = period_containing(frequency, end + timedelta(days=1))


class RAG(models.TextChoices):
    """Red, amber, green; grey when there is no verified value (domain.md 1.8)."""

    GREEN = "green", _("Green: on target")
    AMBER = "amber", _("Amber: approaching target")
    RED = "red", _("Red: off target")
    GREY = "grey", _("Grey: no verified value")


class KPI(models.Model):
    """A key performance indicator of a contract.

    ``green_at`` and ``amber_at`` are the thresholds: where higher is better a value at or above
    ``green_at`` is green, at or above ``amber_at`` amber, and below it red; where lower is better
    the comparisons turn round.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=50, help_text=_("What the value counts, e.g. 'young people' or '%'."))
    baseline = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    target = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    direction = models.CharField(max_length=10, choices=KPIDirection.choices)
    frequency = models.CharField(max_length=10, choices=KPIFrequency.choices)
    green_at = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    amber_at = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "id"]
        verbose_name = "KPI"
        constraints = [
            models.CheckConstraint(
                condition=(Q(direction="higher") & Q(amber_at__lte=F("green_at")))
                | (Q(direction="lower") & Q(amber_at__gte=F("green_at"))),
                name="kpi_amber_before_green",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def permission_parent(self) -> models.Model | None:
        return self.contract

    def rag_for(self, value: Decimal | None) -> RAG:
        """The status of ``value`` by this KPI's thresholds and direction: the boundaries count as the better."""
        if value is None:
            return RAG.GREY
        if self.direction == KPIDirection.HIGHER:
            if value >= self.green_at:
                return RAG.GREEN
            return RAG.AMBER if value >= self.amber_at else RAG.RED
        if value <= self.green_at:
            return RAG.GREEN
        return RAG.AMBER if value <= self.amber_at else RAG.RED


class ReturnStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting to be verified")
    QUERIED = "queried", _("Queried by an officer")
    VERIFIED = "verified", _("Verified")


class KPIReturn(models.Model):
    """The provider's value for one KPI in one period. One row per KPI and period, whatever happens.

    The row holds the value now in force; each submission, query and verification is kept in
    ``KPIReturnEvent``.
    """

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    note = models.TextField(blank=True)
    evidence = models.ForeignKey(PrivateFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED)
    submitted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["kpi", "period_start"]
        verbose_name = "KPI return"
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period_start"], name="one_return_per_kpi_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="return_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.period_start:%B %Y}"

    def permission_parent(self) -> models.Model | None:
        return self.kpi

    @property
    def rag(self) -> RAG:
        """Only a verified value has a colour; until then the period is grey."""
        return self.kpi.rag_for(self.value) if self.status == ReturnStatus.VERIFIED else RAG.GREY


class ReturnEventKind(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("KPI return", "Submitted")
    RESUBMITTED = "resubmitted", _("Sent again")
    QUERIED = "queried", _("Queried")
    VERIFIED = "verified", _("Verified")


class KPIReturnEvent(models.Model):
    """One step in a return's history: what was sent, or what the officer said. Never changed."""

    kpi_return = models.ForeignKey(KPIReturn, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ReturnEventKind.choices)
    value = models.DecimalField(max_digits=KPI_DIGITS, decimal_places=KPI_PLACES)
    note = models.TextField(blank=True)
    evidence = models.ForeignKey(PrivateFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kpi_return", "at", "id"]

    def __str__(self) -> str:
        return f"{self.kpi_return}: {self.kind}"


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class ServiceFeedback(models.Model):
    """A resident's rating (1 to 5) and comment on a contracted service; comments are moderated.

    ``entered_by`` is the officer who typed in paper or drop-in feedback for the resident.
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="service_feedback")
    entered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING)
    moderated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "-created_at", "-id"]
        verbose_name = "service feedback"
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.rating}"


class Rating(models.TextChoices):
    """The contract performance notice's ratings (Procurement Act 2023 s.71; domain.md 1.8)."""

    GOOD = "good", _("Good")
    APPROACHING_TARGET = "approaching_target", _("Approaching target")
    REQUIRES_IMPROVEMENT = "requires_improvement", _("Requires improvement")
    INADEQUATE = "inadequate", _("Inadequate")


class PerformanceRating(models.Model):
    """How the contract performed over a period, with why; the decision is on the programme's timeline."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="ratings")
    period_start = models.DateField()
    period_end = models.DateField()
    rating = models.CharField(max_length=25, choices=Rating.choices)
    rationale = models.TextField()
    by_panel = models.BooleanField(default=False)
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period_start"], name="one_rating_per_contract_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="rating_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.get_rating_display()}"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue the service")
    IMPROVE = "improve", _("Continue, with an improvement plan")
    RECOMMISSION = "recommission", _("Recommission: start the next cycle")
    DECOMMISSION = "decommission", _("Decommission: close the programme")


# Outcomes that end this cycle: the programme may then close.
CYCLE_ENDING_OUTCOMES = (ReviewOutcome.RECOMMISSION, ReviewOutcome.DECOMMISSION)


class ReviewDecision(models.Model):
    """The review's decision on the service. Continue and improve keep delivering; the others end the cycle."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="review_decisions")
    outcome = models.CharField(max_length=15, choices=ReviewOutcome.choices)
    reasons = models.TextField()
    by_panel = models.BooleanField(default=False)
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")
    next_cycle = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="started_by_review"
    )
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_outcome_display()}"

    @property
    def ends_cycle(self) -> bool:
        return self.outcome in CYCLE_ENDING_OUTCOMES


class CarriedOverEvidence(models.Model):
    """What the next cycle learnt from delivering the last: each KPI's results, ratings, feedback, the review.

    A snapshot taken when the next cycle starts, so stage 1 of the new cycle starts from evidence.
    """

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="delivery_evidence")
    from_programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.from_programme} → {self.programme}"
