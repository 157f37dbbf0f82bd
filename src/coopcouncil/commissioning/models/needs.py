"""Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options.

Stage 1 gathers evidence, maps what already exists and states the needs and the outcomes sought.
Stage 2 has the panel spread dots over the outcomes, splits the budget envelope across them, and
records the panel's recommendation and the decision-maker's decision after an equality impact
assessment. Stage 3 notes what the market said and compares the ways of delivering, then a route is chosen.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models.programmes import PanelMember, Programme
from coopcouncil.core.models import Decision, PrivateFile
from coopcouncil.places.models import Ward

__all__ = [
    "STATUTORY_CHARACTERISTICS",
    "Asset",
    "AssetKind",
    "DecisionMaker",
    "DeliveryRoute",
    "DotPlacement",
    "DotSet",
    "DotVote",
    "EiaOutcome",
    "EqualityImpact",
    "EqualityImpactAssessment",
    "EvidenceItem",
    "EvidenceKind",
    "Impact",
    "Indicator",
    "MarketEngagement",
    "MarketEventKind",
    "NeedStatement",
    "OptionAppraisal",
    "Outcome",
    "OutcomeBudget",
    "PrioritiesDecision",
    "ProtectedCharacteristic",
    "RouteChoice",
]


# Stage 1: understanding assets and needs; outcomes determined


class EvidenceKind(models.TextChoices):
    DATA = "data", _("Data")
    DOCUMENT = "document", _("Document")
    LIVED_EXPERIENCE = "lived_experience", _("Notes from a lived-experience session")
    DROP_IN = "drop_in", _("Drop-in feedback")
    OTHER = "other", _("Other")


class EvidenceItem(models.Model):
    """Something learnt about the area's needs: data, a report, what people said at a session."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    source = models.CharField(max_length=300, help_text=_("Where it comes from, e.g. Census 2021 or a youth forum."))
    gathered_on = models.DateField()
    file = models.ForeignKey(PrivateFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_public = models.BooleanField(default=False)
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # A new cycle starts with the evidence of the one before; the link says where it came from.
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )

    class Meta:
        ordering = ["programme", "-gathered_on", "id"]

    def __str__(self) -> str:
        return self.title

    def permission_parent(self) -> models.Model | None:
        return self.programme


class AssetKind(models.TextChoices):
    COMMUNITY_GROUP = "community_group", _("Community group")
    VENUE = "venue", _("Venue")
    SERVICE = "service", _("Service")
    OTHER = "other", _("Other")


class Asset(models.Model):
    """Something that already exists and can be built on: a group, a venue, a service."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assets")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AssetKind.choices)
    description = models.TextField(blank=True)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    place = models.CharField(max_length=200, blank=True, help_text=_("A place name when it is not one ward."))
    run_by = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )

    class Meta:
        ordering = ["programme", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class NeedStatement(models.Model):
    """A need, in plain words, and the evidence that shows it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="need_statements")
    statement = models.TextField()
    evidence = models.ManyToManyField(EvidenceItem, related_name="needs")
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "added_at", "id"]

    def __str__(self) -> str:
        return self.statement[:80]


class Outcome(models.Model):
    """A change the programme is meant to bring about, e.g. "Young people feel safe in their area"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "title"], name="one_outcome_per_title")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """How progress on an outcome is told: what is measured, from what baseline, and how."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    measure = models.CharField(max_length=300)
    baseline = models.CharField(max_length=200)
    method = models.CharField(max_length=300)

    class Meta:
        ordering = ["outcome", "id"]

    def __str__(self) -> str:
        return self.measure


# Stage 2: outcomes prioritised and resources allocated


class DotVote(models.Model):
    """The panel's dot vote on the outcomes: each current member spreads ``dots_per_member`` dots."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="dot_vote")
    dots_per_member = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(dots_per_member__gte=1), name="dot_vote_has_dots")]

    def __str__(self) -> str:
        return f"{self.programme}: dot vote"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DotSet(models.Model):
    """One panel member's dots. Replaced whole when they change them; one per member per vote."""

    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="dot_sets")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="dot_sets")
    # The seat they voted in, kept so results by seat type hold after they step down.
    seat_type = models.CharField(max_length=20)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="one_dot_set_per_member")]

    def __str__(self) -> str:
        return f"{self.member} on {self.vote}"


class DotPlacement(models.Model):
    dot_set = models.ForeignKey(DotSet, on_delete=models.CASCADE, related_name="placements")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="dot_placements")
    dots = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dot_set", "outcome"], name="one_placement_per_outcome"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="placement_has_dots"),
        ]

    def __str__(self) -> str:
        return f"{self.dots} on {self.outcome}"


class OutcomeBudget(models.Model):
    """The share of the budget envelope set against one outcome, in pence."""

    outcome = models.OneToOneField(Outcome, on_delete=models.CASCADE, related_name="budget")
    amount_pence = models.PositiveBigIntegerField()
    set_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.outcome}: {self.amount_pence}"


class ProtectedCharacteristic(models.TextChoices):
    """The Equality Act 2010's nine, then those Lambeth also considers (domain.md 4.3)."""

    AGE = "age", _("Age")
    DISABILITY = "disability", _("Disability")
    GENDER_REASSIGNMENT = "gender_reassignment", _("Gender reassignment")
    MARRIAGE = "marriage", _("Marriage and civil partnership")
    PREGNANCY = "pregnancy", _("Pregnancy and maternity")
    RACE = "race", _("Race")
    RELIGION = "religion", _("Religion or belief")
    SEX = "sex", _("Sex")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic disadvantage")
    CARERS = "carers", _("Carers")
    CARE_LEAVERS = "care_leavers", _("Care leavers")


STATUTORY_CHARACTERISTICS: tuple[ProtectedCharacteristic, ...] = tuple(ProtectedCharacteristic)[:9]


class Impact(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class EiaOutcome(models.TextChoices):
    """The four outcomes of an equality impact assessment."""

    NO_MAJOR_CHANGE = "no_major_change", _("No major change")
    ADJUST = "adjust", _("Adjust the proposal")
    CONTINUE = "continue", _("Continue despite adverse impact (justified)")
    STOP = "stop", _("Stop and remove the proposal")


class EqualityImpactAssessment(models.Model):
    """The programme's equality impact assessment, needed before its priorities are decided."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="equality_assessment")
    evidence_used = models.TextField()
    outcome = models.CharField(max_length=20, choices=EiaOutcome.choices)
    completed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    completed_on = models.DateField()
    file = models.ForeignKey(PrivateFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.programme}: equality impact assessment"

    def permission_parent(self) -> models.Model | None:
        return self.programme


class EqualityImpact(models.Model):
    assessment = models.ForeignKey(EqualityImpactAssessment, on_delete=models.CASCADE, related_name="impacts")
    characteristic = models.CharField(max_length=30, choices=ProtectedCharacteristic.choices)
    impact = models.CharField(max_length=10, choices=Impact.choices)
    mitigation = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "characteristic"], name="one_impact_per_characteristic")
        ]

    def __str__(self) -> str:
        return f"{self.get_characteristic_display()}: {self.get_impact_display()}"


class DecisionMaker(models.TextChoices):
    CABINET = "cabinet", _("Cabinet")
    DELEGATED_OFFICER = "delegated_officer", _("A named officer under delegated authority")


class PrioritiesDecision(models.Model):
    """Which published decisions settled the priorities: the panel's recommendation, then the decision."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="priorities_decision")
    recommendation = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_maker = models.CharField(max_length=20, choices=DecisionMaker.choices, blank=True)

    def __str__(self) -> str:
        return f"{self.programme}: priorities"


# Stage 3: marketplace understanding and options appraisal


class MarketEventKind(models.TextChoices):
    MARKET_WARMING = "market_warming", _("Market warming event")
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    OTHER = "other", _("Other")


class MarketEngagement(models.Model):
    """What was learnt from providers and groups who might deliver."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="market_engagements")
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=MarketEventKind.choices)
    organisations = models.TextField(help_text=_("The organisations that took part."))
    notes = models.TextField()
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class DeliveryRoute(models.TextChoices):
    GRANT = "grant", _("Grant")
    CONTRACT = "contract", _("Contract")
    IN_HOUSE = "in_house", _("In-house")
    MUTUAL = "mutual", _("Co-operative or staff mutual")
    ASSET_TRANSFER = "asset_transfer", _("Community asset transfer")
    PARTICIPATORY_BUDGETING = "participatory_budgeting", _("Participatory budgeting")


class OptionAppraisal(models.Model):
    """One way of delivering, weighed: benefits, risks, what it would cost, and whether it is viable."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="option_appraisals")
    route = models.CharField(max_length=30, choices=DeliveryRoute.choices)
    benefits = models.TextField()
    risks = models.TextField()
    cost_estimate_pence = models.PositiveBigIntegerField()
    is_viable = models.BooleanField()
    appraised_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    appraised_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "route"]
        constraints = [models.UniqueConstraint(fields=["programme", "route"], name="one_appraisal_per_route")]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_route_display()}"


class RouteChoice(models.Model):
    """The delivery route chosen after the appraisal, and the published decision that chose it."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="route_choice")
    option = models.ForeignKey(OptionAppraisal, on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.programme}: {self.option.get_route_display()}"
