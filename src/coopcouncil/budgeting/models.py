"""Participatory budgeting: rounds and their pots, proposals, ballots, counts and delivery.

Ballot secrecy is built into the tables. ``VoterMark`` (the marked register: who has voted, by
which credential) and ``Ballot`` (what was voted) have no link between them. A ballot carries only
the hash of the receipt its voter was given; its id is random, and it keeps the day it was cast,
not the time, so neither the order of rows nor a timestamp ties it to a mark.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import AreaClaimKind, Person
from coopcouncil.places.models import OwnedByCommunityOrOrganisation, Ward


class Phase(models.TextChoices):
    """The life of a round (domain.md 2.2). A round moves forward one phase at a time."""

    DRAFT = "draft", _("Draft")
    IDEAS_OPEN = "ideas_open", _("Ideas open")
    PROPOSAL_DEVELOPMENT = "proposal_development", _("Proposal development")
    FEASIBILITY_REVIEW = "feasibility_review", _("Feasibility review")
    SHORTLIST_PUBLISHED = "shortlist_published", _("Shortlist published")
    VOTING_OPEN = "voting_open", _("Voting open")
    VOTING_CLOSED = "voting_closed", _("Voting closed")
    COUNTING = "counting", _("Counting")
    RESULTS_PUBLISHED = "results_published", _("Results published")
    DELIVERY = "delivery", _("Delivery")
    CLOSED = "closed", _("Closed")


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Choose up to a number of projects")
    KNAPSACK = "knapsack", _("Choose projects within the budget")
    CUMULATIVE = "cumulative", _("Share out points between projects")
    RANKED = "ranked", _("Rank your favourite projects")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, while the money lasts")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares, completed by raising each share £1 at a time")


class BallotsPerPerson(models.TextChoices):
    ONE = "one", _("One ballot per person, online or in person")
    ONE_PER_CHANNEL = "one_per_channel", _("One online and one in person, by declaration")


class Round(OwnedByCommunityOrOrganisation):
    """A pot of money residents decide how to spend, owned by a community or a co-operative."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    budget_pence = models.PositiveBigIntegerField()
    phase = models.CharField(max_length=30, choices=Phase.choices, default=Phase.DRAFT)
    ballot_type = models.CharField(max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL)
    # Approval: the most projects a voter may choose in each pot. Ranked: how many they may rank.
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    # Cumulative: the points each voter shares out in each pot.
    points_per_voter = models.PositiveSmallIntegerField(null=True, blank=True)
    # Knapsack: a ballot must spend at least this share of the pot (0 to 100), if set.
    minimum_spend_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    counting_rule = models.CharField(max_length=20, choices=CountingRule.choices, default=CountingRule.GREEDY)
    ballots_per_person = models.CharField(max_length=20, choices=BallotsPerPerson.choices, default=BallotsPerPerson.ONE)
    allow_ballot_change = models.BooleanField(
        default=True, help_text=_("Voters may change their ballot with their receipt until voting closes.")
    )
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(OwnedByCommunityOrOrganisation.Meta):
        ordering = ["-created_at"]
        constraints = [
            *OwnedByCommunityOrOrganisation.Meta.constraints,
            models.CheckConstraint(
                condition=Q(minimum_spend_percent__isnull=True) | Q(minimum_spend_percent__lte=100),
                name="round_minimum_spend_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:round_detail", args=[self.slug])

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(Phase(self.phase))

    @property
    def takes_part_now(self) -> bool:
        """Residents can act now: put forward ideas, or vote."""
        return self.phase in (Phase.IDEAS_OPEN, Phase.VOTING_OPEN)

    @property
    def voting_has_opened(self) -> bool:
        return self.phase_index >= PHASE_ORDER.index(Phase.VOTING_OPEN)

    @property
    def results_are_public(self) -> bool:
        return self.phase_index >= PHASE_ORDER.index(Phase.RESULTS_PUBLISHED)


class Pot(models.Model):
    """Part of a round's money with its own ballot and count, e.g. small and large projects.

    Every round has at least one pot; a round with one pot shows no pots to residents.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pots")
    name = models.CharField(max_length=100)
    budget_pence = models.PositiveBigIntegerField()
    # Projects costing more than this belong in another pot.
    max_project_cost_pence = models.PositiveBigIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="pot_name_unique_in_round")]

    def __str__(self) -> str:
        return self.name

    def permission_parent(self) -> models.Model | None:
        return self.round


class PhaseWindow(models.Model):
    """When a phase is planned to start and end: the timeline residents see."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phase_windows")
    phase = models.CharField(max_length=30, choices=Phase.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["round", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["round", "phase"], name="one_window_per_phase"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="phase_window_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_phase_display()}"


class PhaseChange(models.Model):
    """A round moved from one phase to the next: who moved it, when and why. Never changed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=30, choices=Phase.choices)
    to_phase = models.CharField(max_length=30, choices=Phase.choices)
    changed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["round", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.round}: {self.from_phase} → {self.to_phase}"


class EligibilityKind(models.TextChoices):
    AGE = "age", _("Age on a date")
    AREA = "area", _("Lives, works, studies or volunteers in an area")
    MEMBERSHIP = "membership", _("Is a member of a co-operative")


class EligibilityRule(models.Model):
    """Who may propose and vote: every rule of a round must be met.

    An age rule gives a range on a date. An area rule names wards (and, for places outside the
    lookup, postcode districts) and the connections that count: living there (by the person's
    postcode) or a verified claim to work, study or volunteer there.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="eligibility_rules")
    kind = models.CharField(max_length=10, choices=EligibilityKind.choices)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_on = models.DateField(null=True, blank=True, help_text=_("The date ages are worked out on."))
    wards = models.ManyToManyField(Ward, blank=True, related_name="+")
    postcode_districts = models.CharField(
        max_length=200, blank=True, help_text=_("Comma-separated postcode districts, e.g. 'SW2, SW9'.")
    )
    connections = models.JSONField(
        default=list, blank=True, help_text=_("Which of live, work, study and volunteer count.")
    )
    # A membership rule: current members of this co-operative, or of one of its classes.
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    membership_class = models.ForeignKey(
        "cooperatives.MembershipClass", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="age")
                | (Q(age_on__isnull=False) & (Q(minimum_age__isnull=False) | Q(maximum_age__isnull=False))),
                name="age_rule_has_a_range_and_a_date",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="age_rule_minimum_not_above_maximum",
            ),
            models.CheckConstraint(
                condition=~Q(kind="membership") | Q(cooperative__isnull=False),
                name="membership_rule_names_a_cooperative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()}"

    @property
    def district_list(self) -> list[str]:
        return [part.strip().upper() for part in self.postcode_districts.split(",") if part.strip()]

    @property
    def connection_kinds(self) -> list[AreaClaimKind]:
        return [AreaClaimKind(value) for value in self.connections]

    @property
    def area_wards(self) -> list[Ward]:
        return list(self.wards.all())


class Category(models.TextChoices):
    ENVIRONMENT = "environment", _("Parks, trees and the environment")
    YOUTH = "youth", _("Children and young people")
    COMMUNITY = "community", _("Community spaces and events")
    SAFETY = "safety", _("Community safety")
    HEALTH = "health", _("Health and wellbeing")
    STREETS = "streets", _("Streets and transport")
    CULTURE = "culture", _("Arts, culture and sport")
    SKILLS = "skills", _("Learning, skills and jobs")
    OTHER = "other", _("Something else")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    SHORTLISTED = "shortlisted", _("On the ballot")
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")
    IN_DELIVERY = "in_delivery", _("Being delivered")
    COMPLETED = "completed", _("Completed")
    MERGED = "merged", _("Merged with another proposal")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    """An idea for how to spend some of a round's money, by one or more residents."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="proposals")
    pot = models.ForeignKey(Pot, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=120)
    description = models.TextField()
    estimated_cost_pence = models.PositiveBigIntegerField()
    place_name = models.CharField(max_length=200, blank=True, help_text=_("Where it would happen."))
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    # Set by the feasibility review: the cost voters see on the ballot.
    costed_pence = models.PositiveBigIntegerField(null=True, blank=True)
    # Its number on the ballot paper, given when the shortlist is published; also its Pabulib id.
    ballot_number = models.PositiveIntegerField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "ballot_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "ballot_number"],
                condition=Q(ballot_number__isnull=False),
                name="ballot_number_unique_in_round",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:proposal_detail", args=[self.round.slug, self.pk])

    def permission_parent(self) -> models.Model | None:
        return self.round

    @property
    def is_funded(self) -> bool:
        return self.status in (ProposalStatus.FUNDED, ProposalStatus.IN_DELIVERY, ProposalStatus.COMPLETED)

    @property
    def cost_pence(self) -> int:
        """What the project costs on the ballot: the officers' costing, or the proposers' estimate."""
        return self.costed_pence if self.costed_pence is not None else self.estimated_cost_pence


class Proposer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="proposers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposals_made")
    is_lead = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="one_proposer_row_per_person")]

    def __str__(self) -> str:
        return f"{self.person} on {self.proposal}"


class FeasibilityOutcome(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible: it can go on the ballot")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class FeasibilityReview(models.Model):
    """An officer's review: can the council deliver it, at what cost, and the reason, published."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(max_length=20, choices=FeasibilityOutcome.choices)
    published_reason = models.TextField(help_text=_("Shown to everyone with the proposal."))
    costed_pence = models.PositiveBigIntegerField(null=True, blank=True)
    notes_for_proposer = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "-reviewed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="feasible") | Q(costed_pence__isnull=False),
                name="feasible_review_has_a_cost",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="budgeting_comments")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"Comment #{self.pk} on {self.proposal}"

    def permission_parent(self) -> models.Model | None:
        return self.proposal

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentReport(models.Model):
    """Someone thinks a comment breaks the rules; a moderator decides."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300)
    reported_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["reported_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reported_by"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_report_per_person_per_comment",
            )
        ]

    def __str__(self) -> str:
        return f"Report on comment #{self.comment_id}"


# --------------------------------------------------------------------------------------------------
# Voting: the marked register and the ballot box, kept apart


class Channel(models.TextChoices):
    ONLINE = "online", _("Online, signed in")
    CODE = "code", _("Online, with a voting code")
    ASSISTED = "assisted", _("With an officer's help")
    PAPER = "paper", _("On paper")


class RegisterSlot(models.TextChoices):
    """Which of a person's allowed ballots a mark uses (see ``Round.ballots_per_person``)."""

    ANY = "any", _("Their one ballot")
    ONLINE = "online", _("Their online ballot")
    IN_PERSON = "in_person", _("Their ballot in person")


class VoterMark(models.Model):
    """The marked register: this credential (and, where known, this person) has voted.

    The database allows one mark per credential (an account, a voting code, a paper ballot handed
    out at a desk) and one per person and slot, so a second ballot fails however it arrives.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="marks")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    credential = models.CharField(max_length=80, help_text=_("e.g. account:12, code:345, desk:12"))
    slot = models.CharField(max_length=10, choices=RegisterSlot.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The id of the confirmation form that cast it, so a double click or a retry is recognised.
    submission = models.UUIDField(null=True, blank=True)
    declared_other_channel = models.BooleanField(
        default=False, help_text=_("Declared they vote once online and once in person, as the round allows.")
    )
    marked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "credential"], name="one_mark_per_credential"),
            models.UniqueConstraint(
                fields=["round", "person", "slot"], condition=Q(person__isnull=False), name="one_mark_per_person_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.credential}"


class Ballot(models.Model):
    """What one voter chose, with no link to who they are.

    ``receipt_hash`` is the SHA-256 of the receipt the voter holds: with it they (and only they)
    can find their ballot again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    receipt_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Paper ballots keep their serial, so one paper cannot be entered twice.
    paper_serial = models.CharField(max_length=20, blank=True)
    cast_on = models.DateField()
    changed_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "paper_serial"], condition=~Q(paper_serial=""), name="one_ballot_per_paper_serial"
            )
        ]

    def __str__(self) -> str:
        return f"Ballot in {self.round}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    # Cumulative ballots: the points given. Ranked ballots: 1 for the first choice.
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="one_choice_per_proposal"),
            models.UniqueConstraint(
                fields=["ballot", "rank"], condition=Q(rank__isnull=False), name="one_proposal_per_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"Choice of {self.proposal_id}"


class VotingCodeBatch(models.Model):
    """Single-use voting codes printed together, for a library or an event. Only hashes are kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="code_batches")
    label = models.CharField(max_length=100, help_text=_("Where they are handed out, e.g. 'Brixton Library'."))
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label


class VotingCode(models.Model):
    batch = models.ForeignKey(VotingCodeBatch, on_delete=models.CASCADE, related_name="codes")
    serial = models.PositiveIntegerField(help_text=_("Printed on the card, so a lost card can be cancelled."))
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "serial"]
        constraints = [models.UniqueConstraint(fields=["batch", "serial"], name="code_serial_unique_in_batch")]

    def __str__(self) -> str:
        return f"{self.batch} #{self.serial}"


class PaperBatch(models.Model):
    """Numbered ballot papers printed for an event or a place, and the count that reconciles them.

    Before counting, every batch must add up: of the papers returned, each was entered (as a
    ballot) or set aside as spoilt, and no two keyings of a paper disagree.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_batches")
    label = models.CharField(max_length=100, help_text=_("e.g. 'Brixton Recreation Centre, 14 March'."))
    first_serial = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField()
    issued = models.PositiveIntegerField(null=True, blank=True, help_text=_("Papers handed to voters."))
    returned = models.PositiveIntegerField(null=True, blank=True, help_text=_("Papers back in the ballot box."))
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "first_serial"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_serial__gte=models.F("first_serial")), name="paper_batch_serials_in_order"
            ),
            models.CheckConstraint(
                condition=Q(issued__isnull=True) | Q(returned__isnull=True) | Q(returned__lte=models.F("issued")),
                name="paper_batch_returns_at_most_issued",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def permission_parent(self) -> models.Model | None:
        return self.round

    @property
    def size(self) -> int:
        return self.last_serial - self.first_serial + 1


class PaperEntry(models.Model):
    """One officer's keying of one paper. Two officers key each paper; agreeing keyings make a ballot."""

    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="entries")
    serial = models.PositiveIntegerField()
    # [{"proposal": <ballot number>, "points": n, "rank": n}, ...], as read off the paper.
    choices = models.JSONField(default=list, blank=True)
    spoilt = models.BooleanField(default=False)
    spoilt_reason = models.CharField(max_length=200, blank=True)
    keyed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    keyed_at = models.DateTimeField(auto_now_add=True)
    # A third reading, by an officer with the paper in hand, settles a discrepancy.
    is_resolution = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True, help_text=_("A resolution: what the paper shows."))

    class Meta:
        ordering = ["batch", "serial", "keyed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "serial", "keyed_by"],
                condition=Q(is_resolution=False),
                name="one_keying_per_officer_per_paper",
            ),
            models.UniqueConstraint(
                fields=["batch", "serial"], condition=Q(is_resolution=True), name="one_resolution_per_paper"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.serial}"


class SpoiltPaper(models.Model):
    """A returned paper that cannot be counted (too many choices, unreadable), agreed by two keyings."""

    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="spoilt")
    serial = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "serial"], name="spoilt_once")]

    def __str__(self) -> str:
        return f"{self.batch} #{self.serial} (spoilt)"


class CountStatus(models.TextChoices):
    COMPLETE = "complete", _("Counted")
    NEEDS_LOTS = "needs_lots", _("Stopped at a tie: lots must be drawn")


class Count(models.Model):
    """One count of one pot by ``coopcouncil.allocation``, with all anyone needs to recount it.

    ``pabulib`` is the anonymised input as published; ``input_sha256`` its hash. A recount after
    lots are drawn is a new row; the newest row of a pot is its result.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="counts")
    pot = models.ForeignKey(Pot, on_delete=models.CASCADE, related_name="counts")
    rule = models.CharField(max_length=40)
    parameters: models.JSONField[dict[str, object]] = models.JSONField(default=dict)
    library_version = models.CharField(max_length=20)
    input_sha256 = models.CharField(max_length=64)
    pabulib = models.TextField()
    result: models.JSONField[dict[str, object]] = models.JSONField(default=dict)
    # Equal Shares: each ballot's share and payments, keyed by the ballot's id in the Pabulib file.
    voter_accounts: models.JSONField[dict[str, object]] = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=CountStatus.choices)
    # Project ids (ballot numbers) in the order drawn by lot, when a tie was settled that way.
    tie_order = models.JSONField(default=list, blank=True)
    counted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    counted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "pot", "-counted_at", "-id"]
        get_latest_by = "counted_at"

    def __str__(self) -> str:
        return f"Count of {self.pot} ({self.get_status_display()})"


class TieDraw(models.Model):
    """Officials drew lots to settle a tie the rule would not break: the order, who, and who saw it."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="tie_draws")
    order = models.JSONField(help_text=_("Ballot numbers, first drawn first."))
    drawn_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    witnesses = models.CharField(max_length=300)
    method = models.CharField(max_length=300, help_text=_("How the lots were drawn, e.g. names from a hat."))
    drawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Lots drawn for {self.count}"


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")


class DeliveryUpdate(models.Model):
    """Progress on a funded project, published to everyone and sent to its followers."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="delivery_updates")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    note = models.TextField()
    spent_pence = models.PositiveBigIntegerField(null=True, blank=True)
    posted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    posted_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[DeliveryUpdate]] = models.Manager()

    class Meta:
        ordering = ["proposal", "-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="delivery_percent_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_status_display()}"
