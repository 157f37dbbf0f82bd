"""Reads for co-operatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives.models import (
    ApplicationStatus,
    BoardElection,
    BoardMember,
    BoardSeatEnd,
    Candidate,
    Cooperative,
    GeneralMeeting,
    IncomeRecord,
    Member,
    MembershipApplication,
    MembershipClass,
    Resolution,
    ResolutionVote,
)
from coopcouncil.cooperatives.rules import quorum_for, retiring_by_rotation


def cooperatives_list() -> QuerySet[Cooperative]:
    return Cooperative.objects.select_related("organisation").annotate(
        current_members=Count("members", filter=Q(members__left_on__isnull=True))
    )


def cooperative_get(*, slug: str) -> Cooperative:
    return cooperatives_list().get(slug=slug)


def classes_of(*, cooperative: Cooperative) -> QuerySet[MembershipClass]:
    return cooperative.classes.prefetch_related("wards").annotate(
        current_members=Count("members", filter=Q(members__left_on__isnull=True))
    )


def applications_pending(*, cooperative: Cooperative) -> QuerySet[MembershipApplication]:
    return cooperative.applications.filter(status=ApplicationStatus.PENDING).select_related(
        "person", "membership_class"
    )


def application_pending_of(*, cooperative: Cooperative, person: Person) -> MembershipApplication | None:
    return cooperative.applications.filter(status=ApplicationStatus.PENDING, person=person).first()


def register_of(*, cooperative: Cooperative, include_former: bool = False) -> QuerySet[Member]:
    members = cooperative.members.select_related("person", "membership_class")
    return members if include_former else members.filter(left_on__isnull=True)


def memberships_of(*, person: Person) -> QuerySet[Member]:
    return person.cooperative_memberships.filter(left_on__isnull=True).select_related(
        "cooperative__organisation", "membership_class"
    )


@dataclass(frozen=True)
class GrowthPoint:
    month: date  # the first of the month
    members: int  # members at the end of that month


def membership_growth(*, cooperative: Cooperative, until: date) -> list[GrowthPoint]:
    """Members at the end of each month from the first joining to ``until``."""
    spans = list(cooperative.members.values_list("joined_on", "left_on"))
    if not spans:
        return []
    first = min(joined for joined, _left in spans)
    month = date(first.year, first.month, 1)
    points: list[GrowthPoint] = []
    while month <= until:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        count = sum(1 for joined, left in spans if joined < following and (left is None or left >= following))
        points.append(GrowthPoint(month, count))
        month = following
    return points


# Governance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    present: int
    needed: int

    @property
    def is_quorate(self) -> bool:
        return self.present >= self.needed


def quorum_of(*, general_meeting: GeneralMeeting) -> Quorum:
    """Members present (in person or online) against the quorum worked out from the membership at notice."""
    cooperative = general_meeting.cooperative
    present = (
        cooperative.members.filter(left_on__isnull=True, person__meeting_attendances__meeting=general_meeting.meeting)
        .distinct()
        .count()
    )
    return Quorum(present=present, needed=quorum_for(cooperative, general_meeting.members_at_notice))


def general_meetings_of(*, cooperative: Cooperative) -> QuerySet[GeneralMeeting]:
    return cooperative.general_meetings.select_related("meeting").order_by("-meeting__starts_at")


def general_meeting_for(*, meeting_id: int) -> GeneralMeeting | None:
    return GeneralMeeting.objects.filter(meeting_id=meeting_id).select_related("cooperative__organisation").first()


def resolution_get(*, cooperative: Cooperative, pk: int) -> Resolution:
    return Resolution.objects.select_related("general_meeting__meeting", "general_meeting__cooperative").get(
        pk=pk, general_meeting__cooperative=cooperative
    )


def vote_of(*, resolution: Resolution, member: Member | None) -> ResolutionVote | None:
    return resolution.votes.filter(member=member).first() if member is not None else None


@dataclass(frozen=True)
class ElectionStanding:
    tally: dict[int, int]  # candidate pk -> votes
    elected: list[Candidate]  # certain of a seat
    tied_for_last: list[Candidate]  # tied for the remaining seats: lots decide


def election_standing(*, election: BoardElection) -> ElectionStanding:
    candidates = list(election.candidates.select_related("member"))
    tally = {c.pk: 0 for c in candidates}
    for ballot in election.ballots.prefetch_related("choices"):
        for choice in ballot.choices.all():
            tally[choice.pk] += 1
    ranked = sorted(candidates, key=lambda c: -tally[c.pk])
    if len(ranked) <= election.seats:
        return ElectionStanding(tally, ranked, [])
    cut = tally[ranked[election.seats - 1].pk]
    above = [c for c in ranked if tally[c.pk] > cut]
    at_cut = [c for c in ranked if tally[c.pk] == cut]
    if len(above) + len(at_cut) <= election.seats:
        return ElectionStanding(tally, above + at_cut, [])
    return ElectionStanding(tally, above, at_cut)


def directors_current(*, cooperative: Cooperative) -> QuerySet[BoardMember]:
    return cooperative.board.filter(ended_on__isnull=True).select_related("member__person")


@dataclass(frozen=True)
class Rotation:
    retiring: list[BoardMember]  # longest-serving first
    tied: list[BoardMember]  # elected on the same day as the last to retire: lots decide among them
    places_for_tied: int


def retiring_by_rotation_at(*, cooperative: Cooperative, on: date | None = None) -> Rotation:
    """Who retires by rotation at the AGM held ``on``: one third of the elected directors, longest-serving first.

    Those already recorded as retiring that day count towards the third, so recording one does not
    call up the next.
    """
    elected = [d for d in directors_current(cooperative=cooperative) if not d.is_co_opted]
    already = (
        cooperative.board.filter(ended_on=on, end_reason=BoardSeatEnd.RETIRED_BY_ROTATION, is_co_opted=False).count()
        if on is not None
        else 0
    )
    count = max(0, retiring_by_rotation(len(elected) + already) - already)
    if count == 0:
        return Rotation([], [], 0)
    ordered = sorted(elected, key=lambda d: d.elected_on)
    boundary = ordered[count - 1].elected_on
    certain = [d for d in ordered if d.elected_on < boundary]
    same_day = [d for d in ordered if d.elected_on == boundary]
    if len(certain) + len(same_day) == count:
        return Rotation(certain + same_day, [], 0)
    return Rotation(certain, same_day, count - len(certain))


def income_of(*, cooperative: Cooperative) -> QuerySet[IncomeRecord]:
    return cooperative.income.all()


def income_total(*, cooperative: Cooperative) -> int:
    return int(cooperative.income.aggregate(total=Sum("amount_pence"))["total"] or 0)
