"""Commissioning programmes, their panels, and the six stages of Lambeth's co-operative cycle.

A programme belongs to a community (the borough, a neighbourhood or an issue) or an organisation.
Its panel seats residents, young commissioners and service users beside officers, professionals
and councillors; the programme's rules say how each kind of seat counts. Every stage change is
kept, and with the decisions recorded in ``core.Decision`` it makes the programme's public timeline.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopcouncil.accounts.models import Person
from coopcouncil.places.models import OwnedByCommunityOrOrganisation


class Stage(models.TextChoices):
    """Lambeth's co-operative commissioning cycle (domain.md 1.2), in order."""

    NEEDS = "needs", _("1. Understanding assets and needs; outcomes determined")
    PRIORITIES = "priorities", _("2. Outcomes prioritised and resources allocated")
    OPTIONS = "options", _("3. Marketplace understanding and options appraisal")
    ACQUISITION = "acquisition", _("4. Acquisition of services and activities")
    DELIVERY = "delivery", _("5. Activity and service delivery")
    REVIEW = "review", _("6. Monitoring and review")
    CLOSED = "closed", pgettext_lazy("programme stage", "Closed")


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class SeatType(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    YOUNG_COMMISSIONER = "young_commissioner", _("Young commissioner")
    SERVICE_USER = "service_user", _("Service user")
    OFFICER = "officer", _("Council officer")
    PROFESSIONAL = "professional", _("Professional")
    COUNCILLOR = "councillor", _("Councillor")


class Programme(OwnedByCommunityOrOrganisation):
    """A cycle of commissioning one service or outcome area, e.g. "Youth services 2027 to 2030"."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_officer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="programmes_led")
    budget_envelope_pence = models.PositiveBigIntegerField()
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NEEDS)
    # A review that decides to recommission starts a new cycle, carrying the evidence over.
    cycle = models.PositiveSmallIntegerField(default=1)
    previous_cycle = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_cycle"
    )
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(OwnedByCommunityOrOrganisation.Meta):
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:programme_detail", args=[self.slug])

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(Stage(self.stage))

    def stage_reached(self, stage: Stage) -> bool:
        return self.stage_index >= STAGE_ORDER.index(stage)


class StageChange(models.Model):
    """A programme moved on to its next stage: who moved it, when and why. Never changed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["programme", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.from_stage} → {self.to_stage}"


class SeatRule(models.Model):
    """How one kind of seat works on a programme's panel: how many, the quorum, and its weight.

    ``score_weight`` combines the seat types' moderated scores in evaluation: residents and officers
    at 1 and 1 count equally, whatever the number of people in each.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="seat_rules")
    seat_type = models.CharField(max_length=20, choices=SeatType.choices)
    seats = models.PositiveSmallIntegerField(help_text=_("How many seats of this kind the panel has."))
    quorum = models.PositiveSmallIntegerField(
        default=0, help_text=_("How many of them must take part for a panel decision.")
    )
    score_weight = models.PositiveSmallIntegerField(
        default=1, help_text=_("This seat type's share when seat types' scores are combined.")
    )

    class Meta:
        ordering = ["programme", "seat_type"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "seat_type"], name="one_rule_per_seat_type"),
            models.CheckConstraint(condition=Q(quorum__lte=models.F("seats")), name="quorum_at_most_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_seat_type_display()}"


class PanelMember(models.Model):
    """Someone sitting on a programme's panel in a seat of one type. Stepping down ends the row."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="panel_members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="panel_seats")
    seat_type = models.CharField(max_length=20, choices=SeatType.choices)
    appointed_at = models.DateTimeField(auto_now_add=True)
    appointed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    appointment_note = models.CharField(max_length=300, blank=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)
    stepped_down_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "seat_type", "appointed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(stepped_down_at__isnull=True),
                name="one_current_seat_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_seat_type_display()}) on {self.programme}"

    def permission_parent(self) -> models.Model | None:
        return self.programme

    @property
    def is_current(self) -> bool:
        return self.stepped_down_at is None
