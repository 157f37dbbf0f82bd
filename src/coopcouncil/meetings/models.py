"""Meetings of a community or an organisation: area forums, weekly group meetings, panel meetings,
co-operatives' general meetings. Who is coming and what they need, who came, the minutes, the
actions and the decisions, which go to the public decision log.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopcouncil.accounts.models import AccessNeed, Person
from coopcouncil.places.models import OwnedByCommunityOrOrganisation


class MeetingKind(models.TextChoices):
    AREA_FORUM = "area_forum", _("Area forum")
    GROUP_MEETING = "group_meeting", _("Group meeting")
    PANEL_MEETING = "panel_meeting", _("Panel meeting")
    GENERAL_MEETING = "general_meeting", _("General meeting")
    ANNUAL_GENERAL_MEETING = "annual_general_meeting", _("Annual general meeting")
    BOARD_MEETING = "board_meeting", _("Board meeting")
    PUBLIC_EVENT = "public_event", _("Public event")


class VenueFeature(models.TextChoices):
    """What the venue has, so people can tell before they come."""

    STEP_FREE = "step_free", _("Step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    BSL = "bsl", _("British Sign Language interpreter booked")
    CHILDCARE = "childcare", _("Childcare")
    QUIET_ROOM = "quiet_room", _("Quiet room")


def meeting_code_new() -> str:
    """Six characters read out or shown at the venue for self check-in; no 0/O or 1/I to confuse."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Meeting(OwnedByCommunityOrOrganisation):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    summary = models.CharField(max_length=300, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    venue_features = models.JSONField(default=list, blank=True)
    accessibility_notes = models.TextField(
        blank=True, help_text=_("How to get in, where the lift is, the nearest step-free station.")
    )
    online_link = models.URLField(blank=True)
    is_public = models.BooleanField(default=True, help_text=_("Anyone may come; otherwise only members or the panel."))
    check_in_code = models.CharField(max_length=6, default=meeting_code_new)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=300, blank=True)

    class Meta(OwnedByCommunityOrOrganisation.Meta):
        ordering = ["starts_at", "id"]
        constraints = [
            *OwnedByCommunityOrOrganisation.Meta.constraints,
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_it_starts"),
            models.CheckConstraint(
                condition=~Q(venue_name="") | ~Q(online_link=""), name="meeting_has_a_place_or_a_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def venue_feature_labels(self) -> list[str]:
        return [str(VenueFeature(value).label) for value in self.venue_features]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    paper_url = models.URLField(blank=True, help_text=_("A link to the paper for this item, if there is one."))

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Registration(models.Model):
    """Someone says they are coming, and what they need to take part. Organisers see the needs."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_registrations")
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    joining_online = models.BooleanField(default=False)
    # Special-category data: shown only to the meeting's organisers, erased with the person.
    access_needs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=100, blank=True)
    other_needs = models.CharField(max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(cancelled_at__isnull=True), name="one_registration_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Registration #{self.pk}"

    @property
    def access_need_labels(self) -> list[str]:
        return [str(AccessNeed(value).label) for value in self.access_needs]


class AttendanceHow(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in with the meeting code")
    RECORDED = "recorded", _("Recorded by an organiser")
    ONLINE = "online", _("Joined online")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_attendances")
    how = models.CharField(max_length=20, choices=AttendanceHow.choices)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "recorded_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"Attendance #{self.pk}"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    written_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner_name = models.CharField(max_length=200, help_text=_("Who will do it: a person or a group."))
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "due_on", "id"]

    def __str__(self) -> str:
        return self.description


class DecisionWay(models.TextChoices):
    MAJORITY = "majority", _("Majority vote")
    CONSENT = "consent", _("Consent")


class ConsentAnswer(models.TextChoices):
    AGREE = "agree", pgettext_lazy("decision", "Agree")
    ABSTAIN = "abstain", _("Stand aside")
    OBJECT = "object", _("Object (but will not block)")
    BLOCK = "block", _("Block")


class MeetingDecision(models.Model):
    """A decision taken at the meeting, with who took part. Published to the decision log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=200)
    proposal = models.TextField(help_text=_("What was put to the meeting."))
    way = models.CharField(max_length=10, choices=DecisionWay.choices)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    carried = models.BooleanField()
    reasons = models.TextField()
    participants = models.ManyToManyField(Person, related_name="+")
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    decision = models.OneToOneField("core.Decision", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["meeting", "recorded_at"]

    def __str__(self) -> str:
        return self.title


class ConsentResponse(models.Model):
    """One participant's answer in a consent decision. Objections and blocks give a reason."""

    meeting_decision = models.ForeignKey(MeetingDecision, on_delete=models.CASCADE, related_name="consent_responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=ConsentAnswer.choices)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting_decision", "person"], name="one_consent_answer_per_person"),
            models.CheckConstraint(
                condition=Q(answer__in=["agree", "abstain"]) | ~Q(reason=""), name="objections_give_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer} on {self.meeting_decision}"
