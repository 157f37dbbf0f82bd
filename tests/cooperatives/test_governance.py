"""General meetings, resolutions, the board and its elections (domain.md 7.2)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives import rules, selectors, services
from coopcouncil.cooperatives.models import (
    BoardMember,
    Cooperative,
    ElectionStatus,
    GeneralMeeting,
    Member,
    ResolutionKind,
    ResolutionStatus,
    VoteChoice,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision
from coopcouncil.meetings import services as meeting_services
from tests.accounts.factories import PersonFactory
from tests.cooperatives.factories import born, class_named, youth_cooperative

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _members(
    cooperative: Cooperative, secretary: Person, count: int, *, age: int = 17, class_name: str = "Young people"
) -> list[Member]:
    today = timezone.localdate()
    members = []
    for _ in range(count):
        person = PersonFactory(date_of_birth=born(age, today), birth_year=None)
        application = services.application_submit(
            actor=Actor(person=person), membership_class=class_named(cooperative, class_name), supports_aims=True
        )
        services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
        members.append(Member.objects.get(application=application))
    return members


def _agm(cooperative: Cooperative, secretary: Person, *, days_ahead: int = 20) -> GeneralMeeting:
    starts = timezone.now() + timedelta(days=days_ahead)
    return services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="Annual general meeting 2027",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Recreation Centre", online_link="https://meet.example.org/agm"),
        is_annual=True,
    )


def _present(general_meeting: GeneralMeeting, secretary: Person, members: list[Member]) -> None:
    for member in members:
        meeting_services.attendance_record(
            actor=Actor(person=secretary), meeting=general_meeting.meeting, person=member.person
        )


@pytest.mark.parametrize(
    ("notice", "meeting", "clear"),
    [(date(2027, 3, 1), date(2027, 3, 16), 14), (date(2027, 3, 1), date(2027, 3, 15), 13)],
)
def test_clear_days_count_neither_the_notice_day_nor_the_meeting_day(notice: date, meeting: date, clear: int) -> None:
    assert rules.clear_days_between(notice, meeting) == clear


@pytest.mark.parametrize(
    ("directors", "retire"), [(0, 0), (1, 0), (2, 1), (3, 1), (4, 1), (5, 2), (7, 2), (8, 3), (9, 3)]
)
def test_one_third_retire_by_rotation_to_the_nearest_number(directors: int, retire: int) -> None:
    assert rules.retiring_by_rotation(directors) == retire


def test_a_general_meeting_needs_14_clear_days_notice_and_tells_every_member() -> None:
    cooperative, secretary = youth_cooperative()
    members = _members(cooperative, secretary, 2)
    with pytest.raises(ValidationError, match="14 clear days"):
        _agm(cooperative, secretary, days_ahead=14)
    agm = _agm(cooperative, secretary, days_ahead=16)
    assert agm.members_at_notice == 2 and not agm.meeting.is_public
    assert all(m.person.notifications.filter(subject__startswith="Notice of").exists() for m in members)


def test_the_quorum_follows_the_rules_whichever_is_lower_or_greater() -> None:
    cooperative, _secretary = youth_cooperative()
    cooperative.quorum_percent, cooperative.quorum_members = 10, 20
    assert rules.quorum_for(cooperative, 7000) == 20 and rules.quorum_for(cooperative, 90) == 9
    cooperative.quorum_rule = "greater"
    assert rules.quorum_for(cooperative, 7000) == 700 and rules.quorum_for(cooperative, 90) == 20


def test_a_special_resolution_needs_a_quorate_meeting_present_members_and_three_quarters() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_percent=50, quorum_members=4)
    cooperative.refresh_from_db()
    members = _members(cooperative, secretary, 8)
    agm = _agm(cooperative, secretary)
    officer = Actor(person=secretary)
    resolution = services.resolution_propose(
        actor=officer,
        general_meeting=agm,
        title="New rules",
        text="Adopt the revised rules.",
        kind=ResolutionKind.SPECIAL,
    )
    _present(agm, secretary, members[:3])
    with pytest.raises(ValidationError, match="not quorate: 3 members present, 4 needed"):
        services.resolution_voting_open(actor=officer, resolution=resolution)
    _present(agm, secretary, members[3:7])
    services.resolution_voting_open(actor=officer, resolution=resolution)
    with pytest.raises(ValidationError, match="Check in to the meeting first"):
        services.resolution_vote(actor=Actor(person=members[7].person), resolution=resolution, choice=VoteChoice.FOR)
    for member, choice in zip(members[:7], ["for", "for", "for", "for", "against", "against", "abstain"], strict=True):
        services.resolution_vote(actor=Actor(person=member.person), resolution=resolution, choice=VoteChoice(choice))
    with pytest.raises(ValidationError, match="already voted"):
        services.resolution_vote(
            actor=Actor(person=members[0].person), resolution=resolution, choice=VoteChoice.AGAINST
        )
    closed = services.resolution_close(actor=officer, resolution=resolution)
    # 4 of 6 votes cast is 67%: short of three quarters, though a majority.
    assert closed.status == ResolutionStatus.NOT_PASSED
    decision = Decision.objects.get(pk=closed.decision_id)
    assert decision.counts == {"for": 4, "against": 2, "abstain": 1} and decision.is_public
    assert decision.scope == cooperative.organisation and "three quarters" in decision.reasons


def test_an_ordinary_resolution_passes_by_simple_majority_and_interests_keep_members_out() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_percent=10, quorum_members=1)
    members = _members(cooperative, secretary, 3)
    agm = _agm(cooperative, secretary)
    officer = Actor(person=secretary)
    resolution = services.resolution_propose(
        actor=officer, general_meeting=agm, title="Accounts", text="Receive the accounts.", kind=ResolutionKind.ORDINARY
    )
    _present(agm, secretary, members)
    services.interest_declare(actor=Actor(person=members[2].person), resolution=resolution, description="I audit them.")
    services.resolution_voting_open(actor=officer, resolution=resolution)
    with pytest.raises(PermissionDenied, match="declared an interest"):
        services.resolution_vote(actor=Actor(person=members[2].person), resolution=resolution, choice=VoteChoice.FOR)
    services.resolution_vote(actor=Actor(person=members[0].person), resolution=resolution, choice=VoteChoice.FOR)
    services.resolution_vote(actor=Actor(person=members[1].person), resolution=resolution, choice=VoteChoice.ABSTAIN)
    assert services.resolution_close(actor=officer, resolution=resolution).status == ResolutionStatus.PASSED


def test_provider_members_never_vote_on_awards_to_providers() -> None:
    cooperative, secretary = youth_cooperative()
    services.membership_class_add(
        actor=Actor(person=secretary), cooperative=cooperative, name="Providers", minimum_age=18, is_provider_class=True
    )
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    provider = _members(cooperative, secretary, 1, age=40, class_name="Providers")[0]
    agm = _agm(cooperative, secretary)
    award = services.resolution_propose(
        actor=Actor(person=secretary),
        general_meeting=agm,
        title="Ratify the youth clubs award",
        text="Ratify the panel's recommendation to award the youth clubs contract.",
        kind=ResolutionKind.ORDINARY,
        concerns_award_to_providers=True,
    )
    _present(agm, secretary, [provider])
    services.resolution_voting_open(actor=Actor(person=secretary), resolution=award)
    with pytest.raises(PermissionDenied, match="provider class"):
        services.resolution_vote(actor=Actor(person=provider.person), resolution=award, choice=VoteChoice.FOR)


def test_board_candidates_are_16_or_over_and_a_tie_for_the_last_seat_is_settled_by_lot() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    voters = _members(cooperative, secretary, 5)
    young = _members(cooperative, secretary, 1, age=14)[0]
    agm = _agm(cooperative, secretary)
    officer = Actor(person=secretary)
    election = services.board_election_open(actor=officer, general_meeting=agm, seats=2)
    with pytest.raises(ValidationError, match="16 or over"):
        services.candidate_nominate(actor=Actor(person=young.person), election=election, member=young)
    a, b, c = (
        services.candidate_nominate(actor=Actor(person=m.person), election=election, member=m, statement="Vote for me")
        for m in voters[:3]
    )
    _present(agm, secretary, voters)
    services.election_voting_open(actor=officer, election=election)
    with pytest.raises(ValidationError, match="up to 2 candidates"):
        services.election_ballot_cast(actor=Actor(person=voters[0].person), election=election, candidates=[a, b, c])
    services.election_ballot_cast(actor=Actor(person=voters[0].person), election=election, candidates=[a, b])
    services.election_ballot_cast(actor=Actor(person=voters[1].person), election=election, candidates=[a, c])
    services.election_ballot_cast(actor=Actor(person=voters[2].person), election=election, candidates=[a])
    with pytest.raises(ValidationError, match="already voted"):
        services.election_ballot_cast(actor=Actor(person=voters[2].person), election=election, candidates=[b])
    tied = services.election_close(actor=officer, election=election)
    assert tied.status == ElectionStatus.NEEDS_LOTS
    with pytest.raises(ValidationError, match="exactly the candidates who tied"):
        services.election_lots_record(actor=officer, election=election, order=[a, b], how="Names drawn from a hat")
    declared = services.election_lots_record(
        actor=officer, election=election, order=[c, b], how="Names drawn from a hat by the chair, before the meeting"
    )
    assert declared.status == ElectionStatus.DECLARED
    assert set(BoardMember.objects.filter(cooperative=cooperative).values_list("member", flat=True)) == {
        a.member_id,
        c.member_id,
    }
    decision = Decision.objects.get(pk=declared.decision_id)
    assert "settled by lot" in decision.reasons


def test_longest_serving_directors_retire_by_rotation_with_ties_left_to_lot() -> None:
    cooperative, secretary = youth_cooperative()
    directors = _members(cooperative, secretary, 6, age=30, class_name="Community")
    for member, elected_on in zip(
        directors,
        [date(2024, 5, 1), date(2025, 5, 1), date(2025, 5, 1), date(2025, 5, 1), date(2026, 5, 1), date(2026, 5, 1)],
        strict=True,
    ):
        BoardMember.objects.create(cooperative=cooperative, member=member, elected_on=elected_on)
    rotation = selectors.retiring_by_rotation_at(cooperative=cooperative)
    # Two of six retire: the 2024 director surely, and one of the three from 2025 by lot.
    assert [d.member for d in rotation.retiring] == [directors[0]]
    assert {d.member for d in rotation.tied} == set(directors[1:4]) and rotation.places_for_tied == 1


def test_income_is_recorded_in_pence_by_the_people_who_run_the_co_operative() -> None:
    cooperative, secretary = youth_cooperative()
    record = services.income_record(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        source="Big Lottery Fund",
        amount_pence=25_000_000,
        received_on=date(2027, 2, 1),
    )
    assert list(selectors.income_of(cooperative=cooperative)) == [record]
    with pytest.raises(PermissionDenied):
        services.income_record(
            actor=Actor(person=PersonFactory()),
            cooperative=cooperative,
            source="X",
            amount_pence=1,
            received_on=date(2027, 2, 1),
        )


def test_members_and_only_members_come_to_their_co_operatives_closed_meetings() -> None:
    from coopcouncil.meetings.permissions import can_come_to, can_see_meeting

    cooperative, secretary = youth_cooperative()
    member = _members(cooperative, secretary, 1)[0]
    agm = _agm(cooperative, secretary)
    outsider = PersonFactory()
    assert can_come_to(member.person, agm.meeting) and can_see_meeting(member.person, agm.meeting)
    assert not can_come_to(outsider, agm.meeting) and not can_see_meeting(outsider, agm.meeting)


def test_someone_who_left_and_rejoined_still_has_one_vote_and_leaving_ends_a_board_seat() -> None:
    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    member = _members(cooperative, secretary, 1)[0]
    BoardMember.objects.create(cooperative=cooperative, member=member, elected_on=date(2026, 6, 1))
    agm = _agm(cooperative, secretary)
    resolution = services.resolution_propose(
        actor=Actor(person=secretary),
        general_meeting=agm,
        title="Accounts",
        text="Receive them.",
        kind=ResolutionKind.ORDINARY,
    )
    _present(agm, secretary, [member])
    services.resolution_voting_open(actor=Actor(person=secretary), resolution=resolution)
    services.resolution_vote(actor=Actor(person=member.person), resolution=resolution, choice=VoteChoice.FOR)
    services.member_resign(actor=Actor(person=member.person), member=member)
    assert not selectors.directors_current(cooperative=cooperative).exists()
    again = services.application_submit(
        actor=Actor(person=member.person), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=again, approve=True)
    with pytest.raises(ValidationError, match="already voted"):
        services.resolution_vote(actor=Actor(person=member.person), resolution=resolution, choice=VoteChoice.AGAINST)


def test_a_special_resolution_comes_with_the_notice() -> None:
    cooperative, secretary = youth_cooperative()
    agm = _agm(cooperative, secretary, days_ahead=20)
    GeneralMeeting.objects.filter(pk=agm.pk)
    from coopcouncil.meetings.models import Meeting

    Meeting.objects.filter(pk=agm.meeting_id).update(
        starts_at=timezone.now() + timedelta(days=5), ends_at=timezone.now() + timedelta(days=5, hours=2)
    )
    agm.refresh_from_db()
    with pytest.raises(ValidationError, match="special resolution needs 14 clear days"):
        services.resolution_propose(
            actor=Actor(person=secretary),
            general_meeting=agm,
            title="Rules",
            text="New rules.",
            kind=ResolutionKind.SPECIAL,
        )
