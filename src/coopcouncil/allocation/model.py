"""Plain, frozen data types: an election, its projects and ballots, and a result.

Costs and budgets are exact: ``int`` where the file has whole units (as Pabulib files do),
``fractions.Fraction`` otherwise. Nothing here is a float.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

Money = int | Fraction
Points = int | Fraction

_EMPTY: Mapping[str, str] = MappingProxyType({})


class VoteType(enum.StrEnum):
    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"

    @property
    def has_points(self) -> bool:
        return self in {VoteType.CUMULATIVE, VoteType.SCORING}


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot. ``id`` is the Pabulib project id, a string ("10" sorts before "9")."""

    id: str
    cost: Money
    name: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    # Every other column of the PROJECTS section (votes, score, selected, latitude, ...), as text.
    extra: Mapping[str, str] = field(default=_EMPTY, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot.

    ``projects`` are in the order the voter gave them: for ordinal ballots that is the ranking,
    first choice first. ``points`` (cumulative and scoring ballots only) line up with ``projects``.
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Points, ...] | None = None
    # Other columns of the VOTES section (age, sex, voting_method, ...), as text.
    extra: Mapping[str, str] = field(default=_EMPTY, compare=False, hash=False)

    def points_for(self, project_id: str) -> Points:
        if project_id not in self.projects:
            return 0
        if self.points is None:
            return 1
        return self.points[self.projects.index(project_id)]


@dataclass(frozen=True)
class Election:
    """A participatory budgeting election: the money, the projects and the ballots."""

    budget: Money
    vote_type: VoteType
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    # Every META key as written in the file (description, country, unit, currency, rule, ...).
    meta: Mapping[str, str] = field(default=_EMPTY, compare=False)

    @cached_property
    def project_by_id(self) -> Mapping[str, Project]:
        return MappingProxyType({project.id: project for project in self.projects})

    @property
    def voter_count(self) -> int:
        return len(self.ballots)

    @cached_property
    def ballot_groups(self) -> Mapping[object, BallotGroup]:
        """Identical ballots counted once: every rule here treats two identical ballots alike.

        Keys are ``ballot_group_key``. The Pabulib reader fills this as it reads, so a count after
        parsing starts from the groups; an election built in code groups its ballots on first use.
        """
        groups: dict[object, BallotGroup] = {}
        for ballot in self.ballots:
            key = ballot_group_key(self.vote_type, ballot.projects, ballot.points)
            group = groups.get(key)
            if group is None:
                groups[key] = BallotGroup(ballot.projects, ballot.points, [ballot.voter_id])
            else:
                group.voter_ids.append(ballot.voter_id)
        return MappingProxyType(groups)

    @cached_property
    def votes(self) -> Mapping[str, int]:
        """How many ballots name each project (0 for projects nobody named)."""
        counts = dict.fromkeys(self.project_by_id, 0)
        for group in self.ballot_groups.values():
            for project_id in set(group.projects):
                counts[project_id] += len(group.voter_ids)
        return MappingProxyType(counts)


@dataclass(frozen=True, slots=True)
class BallotGroup:
    """Voters whose ballots are the same: the first such ballot's projects (and points), and who they are."""

    projects: tuple[str, ...]
    points: tuple[Points, ...] | None
    voter_ids: list[str]


def ballot_group_key(vote_type: VoteType, projects: tuple[str, ...], points: tuple[Points, ...] | None) -> object:
    """Ballots with the same key are the same vote: the same set of projects (with the same points,
    for points ballots; in the same order, for ranked ballots)."""
    if vote_type is VoteType.ORDINAL:
        return projects
    if points is None or not vote_type.has_points:
        return frozenset(projects)
    return tuple(sorted(zip(projects, points, strict=True)))


class NotFundedReason(enum.StrEnum):
    """Why a project was not funded, in terms a resident can be told."""

    DID_NOT_FIT = "did_not_fit"  # not enough money was left when its turn came
    SUPPORTERS_RAN_OUT = "supporters_ran_out"  # Equal Shares: its supporters' shares could not cover it
    BELOW_THRESHOLD = "below_threshold"  # fewer votes than the minimum the rules set
    NO_SUPPORTERS = "no_supporters"  # nobody voted for it
    STOPPED = "stopped"  # greedy without skipping stopped at an earlier project that did not fit
    UNDECIDED = "undecided"  # the count stopped at a tie that must be settled by lot


@dataclass(frozen=True)
class Tie:
    """Projects that were equally good at one step, and how the tie was settled (if it was)."""

    step: int
    project_ids: tuple[str, ...]
    chosen: str | None
    settled_by: str


@dataclass(frozen=True)
class ProjectOutcome:
    project_id: str
    funded: bool
    # 1-based step of the count at which the project was bought (None when not funded).
    step: int | None = None
    # Equal Shares: what each supporter was asked to pay for one unit of satisfaction (rho), and the
    # most any one supporter paid. Greedy: None.
    price_per_satisfaction: Fraction | None = None
    largest_payment: Fraction | None = None
    reason: NotFundedReason | None = None
    # For DID_NOT_FIT: the money left when the project's turn came. For SUPPORTERS_RAN_OUT: the money
    # its supporters had left between them. For BELOW_THRESHOLD: its votes.
    detail: Money | None = None
    # Its score under the rule: votes, points, or votes per unit of money.
    score: Fraction | None = None


@dataclass(frozen=True)
class VoterAccount:
    """Equal Shares: one voter's share and what it paid for."""

    starting_share: Fraction
    payments: tuple[tuple[str, Fraction], ...]

    @property
    def left(self) -> Fraction:
        return self.starting_share - sum((amount for _, amount in self.payments), Fraction(0))


@dataclass(frozen=True)
class Allocation:
    """The result of a count: what was funded, in the order it was bought, and why."""

    rule: str
    parameters: Mapping[str, object]
    selected: tuple[str, ...]
    total_cost: Money
    budget: Money
    ties: tuple[Tie, ...] = ()
    projects: Mapping[str, ProjectOutcome] = field(default_factory=dict, compare=False)
    # Equal Shares only: the account of each voter, keyed by voter id.
    voters: Mapping[str, VoterAccount] = field(default_factory=dict, compare=False)
    # Set when the tie-breaking refused to choose: the count is incomplete until lots are drawn.
    unresolved_tie: Tie | None = None

    @property
    def complete(self) -> bool:
        return self.unresolved_tie is None


class ElectionError(ValueError):
    """An election a rule cannot count (wrong ballot type, no projects); the message says why."""
