"""Membership co-operatives: their classes of member, applications and the register of members.

A co-operative is an organisation (``accounts.Organisation`` of kind co-operative) with members in
classes (young people, community, providers, staff), each with its own eligibility. People apply,
the co-operative approves, and the register keeps everyone who ever joined: when, their member
number, and when and why they left. Nobody is deleted from the register.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopcouncil.accounts.models import AreaClaimKind, Organisation, Person
from coopcouncil.places.models import Ward


class QuorumRule(models.TextChoices):
    LOWER = "lower", _("Whichever is lower")
    GREATER = "greater", _("Whichever is greater")


class Cooperative(models.Model):
    """A co-operative run by its members, e.g. Young Lambeth Co-operative."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="cooperative")
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # General meetings (domain.md 7.2): notice in clear days, and the quorum as a share of members
    # and a number, whichever is lower (large community memberships) or greater (small co-ops).
    notice_clear_days = models.PositiveSmallIntegerField(default=14)
    quorum_percent = models.PositiveSmallIntegerField(default=10)
    quorum_members = models.PositiveIntegerField(default=20)
    quorum_rule = models.CharField(max_length=10, choices=QuorumRule.choices, default=QuorumRule.LOWER)
    board_minimum_age = models.PositiveSmallIntegerField(default=16)
    membership_target = models.PositiveIntegerField(null=True, blank=True)
    membership_target_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="quorum_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(membership_target__isnull=True) | Q(membership_target_on__isnull=False),
                name="membership_target_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("cooperatives:cooperative_detail", args=[self.slug])

    @property
    def name(self) -> str:
        return self.organisation.name

    def permission_parent(self) -> models.Model | None:
        return self.organisation


class MembershipClass(models.Model):
    """A class of member with its own eligibility: age on a date (or on the day someone applies) and area."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_on = models.DateField(
        null=True, blank=True, help_text=_("The date ages are worked out on; empty means the day someone applies.")
    )
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    postcode_districts = models.CharField(max_length=200, blank=True)
    connections = models.JSONField(
        default=list, blank=True, help_text=_("Which of live, work, study and volunteer count.")
    )
    # Members of a provider class never vote on awards to providers (domain.md 7.1).
    is_provider_class = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cooperative", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "name"], name="unique_class_name_per_cooperative"),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="class_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative}: {self.name}"

    @property
    def area_wards(self) -> list[Ward]:
        return list(self.wards.all())

    @property
    def district_list(self) -> list[str]:
        return [part.strip().upper() for part in self.postcode_districts.split(",") if part.strip()]

    @property
    def connection_kinds(self) -> list[AreaClaimKind]:
        return [AreaClaimKind(value) for value in self.connections]

    @property
    def has_area_rule(self) -> bool:
        return bool(self.postcode_districts.strip()) or self.wards.exists()

    def age_date(self, applied_on: date) -> date:
        return self.age_on or applied_on


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


class MembershipApplication(models.Model):
    """Someone asks to join in a class; the co-operative approves or refuses, with a reason."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="applications")
    membership_class = models.ForeignKey(MembershipClass, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="membership_applications")
    supports_aims = models.BooleanField(default=False)
    statement = models.TextField(blank=True, help_text=_("Why they want to join, in their words."))
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "person"],
                condition=Q(status="pending"),
                name="one_pending_application_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.membership_class}"


class LeavingReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible")
    EXPELLED = "expelled", _("Expelled")
    DIED = "died", _("Died")


class Member(models.Model):
    """A line of the register of members. Leaving ends the line; it is never deleted."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cooperative_memberships")
    membership_class = models.ForeignKey(MembershipClass, on_delete=models.PROTECT, related_name="members")
    member_number = models.PositiveIntegerField()
    application = models.OneToOneField(
        MembershipApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=20, choices=LeavingReason.choices, blank=True)
    leaving_note = models.CharField(max_length=500, blank=True)
    left_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["cooperative", "member_number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "member_number"], name="unique_member_number"),
            models.UniqueConstraint(
                fields=["cooperative", "person"], condition=Q(left_on__isnull=True), name="one_current_membership"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, leaving_reason="")
                | (Q(left_on__isnull=False) & ~Q(leaving_reason="")),
                name="leaving_has_a_date_and_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} member {self.member_number}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class ExpulsionStatus(models.TextChoices):
    NOTICE_GIVEN = "notice_given", _("Notice given")
    EXPELLED = "expelled", _("Expelled")
    NOT_EXPELLED = "not_expelled", _("Not expelled")


class ExpulsionCase(models.Model):
    """Expelling a member: written notice with reasons at least 21 days before the meeting, the
    member's representations, and a special resolution (75% of votes cast) at that meeting."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="expulsion_cases")
    reasons = models.TextField()
    notice_given_on = models.DateField()
    meeting_on = models.DateField()
    notice_given_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=15, choices=ExpulsionStatus.choices, default=ExpulsionStatus.NOTICE_GIVEN)
    representations = models.TextField(blank=True, help_text=_("What the member (or their representative) said."))
    heard_on = models.DateField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["notice_given_on", "id"]

    def __str__(self) -> str:
        return f"Expulsion case for {self.member}"


# Governance: general meetings, resolutions, the board and its elections (domain.md 7.2) --------------


class GeneralMeeting(models.Model):
    """A general meeting of the members: a meeting (time, place, registration, attendance) with the
    notice the rules ask for, its quorum, and the resolutions and elections put to it."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="general_meetings")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="general_meeting")
    is_annual = models.BooleanField(default=False)
    notice_given_on = models.DateField()
    notice_given_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The number of current members when notice was given: the quorum is worked out from it.
    members_at_notice = models.PositiveIntegerField()

    class Meta:
        ordering = ["cooperative", "notice_given_on"]

    def __str__(self) -> str:
        return str(self.meeting)


class ResolutionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary resolution (simple majority of votes cast)")
    SPECIAL = "special", _("Special resolution (three quarters of votes cast)")


class ResolutionStatus(models.TextChoices):
    PROPOSED = "proposed", _("On the agenda")
    VOTING = "voting", _("Voting open")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")


class Resolution(models.Model):
    general_meeting = models.ForeignKey(GeneralMeeting, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(help_text=_("The resolution as it will be put to the members."))
    kind = models.CharField(max_length=10, choices=ResolutionKind.choices)
    # Members of a provider class never vote on awards to providers (domain.md 7.1).
    concerns_award_to_providers = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=ResolutionStatus.choices, default=ResolutionStatus.PROPOSED)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField("core.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["general_meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["general_meeting", "number"], name="one_resolution_per_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cooperatives:resolution_detail", args=[self.general_meeting.cooperative.slug, self.pk])


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class ResolutionVote(models.Model):
    """One member, one vote: the database holds at most one vote per member per resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="resolution_votes")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="one_member_one_vote")]

    def __str__(self) -> str:
        return f"Vote on {self.resolution}"


class InterestDeclared(models.Model):
    """A member declares a conflict of interest on a resolution: they do not vote on it."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="interests")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="interests_declared")
    description = models.CharField(max_length=500)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resolution", "member"], name="one_declaration_per_member")]

    def __str__(self) -> str:
        return f"Interest declared on {self.resolution}"


class BoardSeatEnd(models.TextChoices):
    RETIRED_BY_ROTATION = "rotation", _("Retired by rotation")
    RESIGNED = "resigned", _("Resigned")
    REMOVED = "removed", _("Removed by the members")
    LEFT_MEMBERSHIP = "left", _("Left the co-operative")


class BoardMember(models.Model):
    """A director: a member aged 16 or over, elected by the members (or co-opted by the board)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="board")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="board_seats")
    elected_on = models.DateField()
    election = models.ForeignKey("BoardElection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_co_opted = models.BooleanField(default=False)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=BoardSeatEnd.choices, blank=True)

    class Meta:
        ordering = ["cooperative", "elected_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "member"], condition=Q(ended_on__isnull=True), name="one_current_board_seat"
            )
        ]

    def __str__(self) -> str:
        return f"Director of {self.cooperative}"


class ElectionStatus(models.TextChoices):
    NOMINATIONS = "nominations", _("Taking nominations")
    VOTING = "voting", _("Voting open")
    NEEDS_LOTS = "needs_lots", _("Tied: lots to be drawn")
    DECLARED = "declared", _("Result declared")


class BoardElection(models.Model):
    """Members vote for up to as many candidates as there are seats; the most votes win; ties by lot."""

    general_meeting = models.ForeignKey(GeneralMeeting, on_delete=models.CASCADE, related_name="elections")
    seats = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=ElectionStatus.choices, default=ElectionStatus.NOMINATIONS)
    # Set when a tie for the last seat is settled by lot: the order drawn, who drew, and how.
    lot_order = models.JSONField(default=list, blank=True)
    lot_drawn_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lot_how = models.CharField(max_length=300, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField("core.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["general_meeting", "id"]

    def __str__(self) -> str:
        return f"Board election at {self.general_meeting}"


class Candidate(models.Model):
    election = models.ForeignKey(BoardElection, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="candidacies")
    statement = models.TextField(blank=True)
    is_elected = models.BooleanField(default=False)

    class Meta:
        ordering = ["election", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="one_candidacy_per_member")]

    def __str__(self) -> str:
        return f"Candidate in {self.election}"


class ElectionBallot(models.Model):
    """A member's ballot in a board election: one per member, choosing up to the number of seats."""

    election = models.ForeignKey(BoardElection, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="election_ballots")
    choices = models.ManyToManyField(Candidate, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="one_ballot_per_member")]

    def __str__(self) -> str:
        return f"Ballot in {self.election}"


class IncomeRecord(models.Model):
    """Money the co-operative raises besides the council's: grants, donations, trading."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="income")
    source = models.CharField(max_length=200)
    amount_pence = models.PositiveBigIntegerField()
    received_on = models.DateField()
    description = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["cooperative", "-received_on"]
        constraints = [models.CheckConstraint(condition=Q(amount_pence__gt=0), name="income_has_an_amount")]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount_pence}p"
