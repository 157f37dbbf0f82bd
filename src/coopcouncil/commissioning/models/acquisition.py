"""Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

A programme drafts its service specification with the panel, then runs one or more calls (a tender
or a grant round, perhaps one per lot). Providers bid for a call as organisations. Evaluators
declare their interests, score each bid alone, and each seat type moderates its scores to one per
criterion; the totals are computed from those and the programme's weights, never typed in.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Organisation, Person
from coopcouncil.commissioning.models.programmes import Programme, SeatType
from coopcouncil.core.models import Decision, PrivateFile

__all__ = [
    "MAX_SCORE",
    "SCORE_SCALE",
    "AssessmentSummary",
    "Award",
    "Bid",
    "BidAnswer",
    "BidAttachment",
    "BidStatus",
    "Call",
    "CallKind",
    "CallStatus",
    "Criterion",
    "CriterionKind",
    "DeclaredInterest",
    "Evaluation",
    "EvaluatorScore",
    "InterestDeclaration",
    "ModeratedScore",
    "Moderation",
    "SpecificationComment",
    "SpecificationVersion",
]

MAX_SCORE = 5

# The common UK 0 to 5 descriptors (domain.md 1.7); a call keeps its own copy, so a later change
# to this default never rewrites the scale bidders were shown.
SCORE_SCALE: tuple[Promise, ...] = (
    _("Unacceptable: no response, or the response fails the requirement."),
    _("Poor: major concerns about the response."),
    _("Acceptable: meets the minimum requirement."),
    _("Good: shows clear capability."),
    _("Excellent: exceeds the requirement."),
    _("Exceptional: significant added value."),
)


class SpecificationVersion(models.Model):
    """One draft of the programme's service specification. The panel comments; one version is agreed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="specification_versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    change_note = models.CharField(max_length=300, blank=True)
    drafted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_specification_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def permission_parent(self) -> models.Model | None:
        return self.programme


class SpecificationComment(models.Model):
    """A panel member's comment on a draft of the specification."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="specification_comments")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.version}"


class CallKind(models.TextChoices):
    TENDER = "tender", _("Tender")
    GRANT = "grant", _("Grant round")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for bids")
    CLOSED = "closed", _("Closed: bids are being evaluated")
    AWARDED = "awarded", _("Awarded")
    NO_AWARD = "no_award", _("Closed without an award")


class Call(models.Model):
    """A tender or grant round for the programme, or for one lot of it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CallKind.choices)
    lot = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    specification = models.ForeignKey(
        SpecificationVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    value_limit_pence = models.PositiveBigIntegerField(help_text=_("The most the council will pay, in pence."))
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    # Descriptors of scores 0 to MAX_SCORE, as published with the call.
    scale = models.JSONField(default=list)
    opened_at = models.DateTimeField(null=True, blank=True)
    # Bids are opened when the call closes: from then on weights are fixed and evaluators may read bids.
    bids_opened_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="one_call_slug_per_programme")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:call_detail", args=[self.programme.slug, self.slug])

    def permission_parent(self) -> models.Model | None:
        return self.programme


class CriterionKind(models.TextChoices):
    QUALITY = "quality", _("Quality")
    SOCIAL_VALUE = "social_value", _("Social value (including local employment and skills)")
    PRICE = "price", _("Price")


class Criterion(models.Model):
    """A question bidders answer, its weight in the call, and which seat types score it.

    Price is a criterion too, so the weights of a call add up to 100; it is scored by formula.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=20, choices=CriterionKind.choices)
    title = models.CharField(max_length=200)
    question = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(help_text=_("Percentage points of the total."))
    # The programme's rule of which seat types score this criterion (SeatType values).
    seat_types = models.JSONField(default=list)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(kind="price"), name="at_most_one_price_criterion_per_call"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_price(self) -> bool:
        return self.kind == CriterionKind.PRICE

    def scored_by(self, seat_type: str) -> bool:
        return seat_type in self.seat_types

    @property
    def seat_type_labels(self) -> list[str]:
        return [str(SeatType(value).label) for value in self.seat_types if value in SeatType.values]


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Bid(models.Model):
    """An organisation's bid for a call. Seen only by the bidder, the officers and cleared evaluators."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="bids")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=10, choices=BidStatus.choices, default=BidStatus.DRAFT)
    price_pence = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The officers' compliance check after the call closes: None until checked.
    compliant = models.BooleanField(null=True, blank=True)
    compliance_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["call", "organisation__name", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "organisation"], name="one_bid_per_organisation")]

    def __str__(self) -> str:
        return f"Bid {self.pk}: {self.organisation} for {self.call}"

    def permission_parent(self) -> models.Model | None:
        return self.call


class BidAnswer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    answer = models.TextField()

    class Meta:
        ordering = ["bid", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["bid", "criterion"], name="one_answer_per_criterion")]

    def __str__(self) -> str:
        return f"Answer to {self.criterion} in bid {self.bid_id}"


class BidAttachment(models.Model):
    """A file a bidder attached, kept in private storage (attached to the bid for the download check)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.OneToOneField(PrivateFile, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["bid", "id"]

    def __str__(self) -> str:
        return self.label


class InterestDeclaration(models.Model):
    """An evaluator's declaration of interests for a call, made before they may see any bid."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interest_declarations")
    seat_type = models.CharField(max_length=20, choices=SeatType.choices)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "declared_at", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "person"], name="one_declaration_per_evaluator")]

    def __str__(self) -> str:
        return f"Declaration {self.pk} for {self.call}"


class DeclaredInterest(models.Model):
    """A personal, professional or financial interest in one bidder: the evaluator is kept off that bid."""

    declaration = models.ForeignKey(InterestDeclaration, on_delete=models.CASCADE, related_name="interests")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="declared_interests")
    nature = models.CharField(max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["declaration", "bid"], name="one_interest_per_bid")]

    def __str__(self) -> str:
        return f"Interest {self.pk} in bid {self.bid_id}"


class Evaluation(models.Model):
    """One evaluator's independent scores of one bid, submitted once and then fixed."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="evaluations")
    seat_type = models.CharField(max_length=20, choices=SeatType.choices)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bid", "seat_type", "submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["bid", "evaluator"], name="one_evaluation_per_evaluator")]

    def __str__(self) -> str:
        return f"Evaluation {self.pk} of bid {self.bid_id}"


class EvaluatorScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()

    class Meta:
        ordering = ["evaluation", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="evaluator_score_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Moderation(models.Model):
    """A seat type agreed its scores for one bid: one per criterion it scores."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderations")
    seat_type = models.CharField(max_length=20, choices=SeatType.choices)
    finished_at = models.DateTimeField(auto_now_add=True)
    finished_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evaluations_counted = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["bid", "seat_type"]
        constraints = [models.UniqueConstraint(fields=["bid", "seat_type"], name="one_moderation_per_seat_type")]

    def __str__(self) -> str:
        return f"Moderation of bid {self.bid_id} by {self.seat_type}"


class ModeratedScore(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    # Needed wherever the agreed score differs from an individual evaluator's score.
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["moderation", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "criterion"], name="one_moderated_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="moderated_score_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Award(models.Model):
    """The award of a call: the panel's recommendation, the decision, the notice and the standstill."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="award")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(auto_now_add=True)
    recommended_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recommendation = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # A co-operative that commissions has its board ratify the panel's recommendation (domain.md 7.3).
    ratified_by = models.OneToOneField(
        "meetings.MeetingDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_published_on = models.DateField(null=True, blank=True)
    standstill_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["call"]

    def __str__(self) -> str:
        return f"Award of {self.call}"

    @property
    def is_decided(self) -> bool:
        return self.decision_id is not None


class AssessmentSummary(models.Model):
    """What each assessed bidder was told: the winner, the criteria, their scores and the winner's."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="summaries")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="assessment_summaries")
    body = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["award", "bid__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["award", "bid"], name="one_summary_per_bidder")]

    def __str__(self) -> str:
        return f"Assessment summary for bid {self.bid_id}"
