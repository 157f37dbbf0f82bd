"""Meetings: registration with access needs, attendance, minutes, actions and decisions (issue 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coopcouncil.accounts.models import AccessNeed, Person
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, Decision, DecisionMethod
from coopcouncil.meetings import selectors, services
from coopcouncil.meetings.ical import meetings_ical
from coopcouncil.meetings.models import AttendanceHow, ConsentAnswer, Meeting, MeetingKind
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben
from tests.meetings.factories import meeting_for

pytestmark = pytest.mark.django_db


def test_registrations_tell_organisers_what_to_arrange_but_the_audit_does_not_say() -> None:
    meeting = meeting_for(ben())
    resident = amara()
    services.registration_make(
        actor=Actor(person=resident), meeting=meeting, access_needs=[AccessNeed.BSL, AccessNeed.STEP_FREE]
    )
    services.registration_make(
        actor=Actor(person=PersonFactory()),
        meeting=meeting,
        joining_online=True,
        access_needs=[AccessNeed.TRANSLATION],
        language="Portuguese",
    )
    summary = selectors.needs_summary(meeting=meeting)
    assert summary.coming == 2 and summary.online == 1
    assert ("British Sign Language interpreter", 1) in summary.by_need
    assert summary.languages == [("Portuguese", 1)]
    entry = AuditEntry.objects.filter(action="meeting.registered").first()
    assert entry is not None and entry.details == {"with_access_needs": True}
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_make(actor=Actor(person=resident), meeting=meeting)


def test_registration_explains_what_is_missing() -> None:
    meeting = meeting_for(ben(), venue=services.Venue(name="Brixton Library"))
    resident = amara()
    with pytest.raises(ValidationError, match="Say which language"):
        services.registration_make(actor=Actor(person=resident), meeting=meeting, access_needs=[AccessNeed.TRANSLATION])
    with pytest.raises(ValidationError, match="cannot be joined online"):
        services.registration_make(actor=Actor(person=resident), meeting=meeting, joining_online=True)
    past = meeting_for(meeting.created_by, starts_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError, match="already happened"):
        services.registration_make(actor=Actor(person=resident), meeting=past)


def test_check_in_needs_the_code_and_the_day_and_counts_once() -> None:
    officer = ben()
    today = meeting_for(officer, starts_at=timezone.now() + timedelta(minutes=5))
    resident = amara()
    with pytest.raises(ValidationError, match="not this meeting's code"):
        services.check_in(actor=Actor(person=resident), meeting=today, code="WRONG1")
    services.check_in(actor=Actor(person=resident), meeting=today, code=today.check_in_code.lower())
    with pytest.raises(ValidationError, match="Already recorded"):
        services.check_in(actor=Actor(person=resident), meeting=today, code=today.check_in_code)
    next_week = meeting_for(officer)
    with pytest.raises(ValidationError, match="only on the day"):
        services.check_in(actor=Actor(person=resident), meeting=next_week, code=next_week.check_in_code)
    # An officer records someone registered at a hub, who has no phone.
    assisted = PersonFactory(user=None)
    services.attendance_record(actor=Actor(person=officer), meeting=today, person=assisted)
    assert sorted(today.attendances.values_list("how", flat=True)) == [AttendanceHow.CHECKED_IN, AttendanceHow.RECORDED]
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=Actor(person=resident), meeting=today, person=PersonFactory())


def _meeting_with_people(officer: Person, count: int) -> tuple[Meeting, list[Person]]:
    meeting = meeting_for(officer, starts_at=timezone.now() - timedelta(hours=1))
    people = [PersonFactory() for _ in range(count)]
    for person in people:
        services.attendance_record(actor=Actor(person=officer), meeting=meeting, person=person)
    return meeting, people


def test_a_majority_vote_is_published_with_its_counts_and_who_took_part() -> None:
    officer = ben()
    meeting, people = _meeting_with_people(officer, 7)
    decided = services.decision_by_vote(
        actor=Actor(person=officer),
        meeting=meeting,
        title="Summer trips",
        proposal="Spend £6,000 on two coach trips to the coast.",
        votes_for=4,
        votes_against=2,
        abstentions=1,
        participants=people,
        reasons="Most of the group had never been to the sea.",
    )
    assert decided.carried and decided.participants.count() == 7
    decision = Decision.objects.get(pk=decided.decision_id)
    assert decision.method == DecisionMethod.VOTE and decision.counts == {"for": 4, "against": 2, "abstain": 1}
    assert decision.scope == meeting.owner and "7 taking part" in decision.decided_by
    tie = services.decision_by_vote(
        actor=Actor(person=officer),
        meeting=meeting,
        title="Radio show",
        proposal="A youth radio show.",
        votes_for=3,
        votes_against=3,
        abstentions=1,
        participants=people,
        reasons="Split evenly; to come back next week.",
    )
    assert not tie.carried
    with pytest.raises(ValidationError, match="more votes than people"):
        services.decision_by_vote(
            actor=Actor(person=officer),
            meeting=meeting,
            title="X",
            proposal="X",
            votes_for=8,
            votes_against=0,
            abstentions=0,
            participants=people,
            reasons="X",
        )
    with pytest.raises(ValidationError, match="Only people recorded as at the meeting"):
        services.decision_by_vote(
            actor=Actor(person=officer),
            meeting=meeting,
            title="X",
            proposal="X",
            votes_for=1,
            votes_against=0,
            abstentions=0,
            participants=[PersonFactory()],
            reasons="X",
        )


def test_consent_is_blocked_by_one_block_and_objections_keep_their_reasons() -> None:
    officer = ben()
    meeting, people = _meeting_with_people(officer, 4)
    given = services.ConsentGiven
    agreed = services.decision_by_consent(
        actor=Actor(person=officer),
        meeting=meeting,
        title="Meet fortnightly over the summer",
        proposal="Meet every two weeks in July and August.",
        answers=[
            given(people[0], ConsentAnswer.AGREE),
            given(people[1], ConsentAnswer.ABSTAIN),
            given(people[2], ConsentAnswer.OBJECT, "I work Saturdays, but I can live with it."),
        ],
        reasons="Fewer people are around in the holidays.",
    )
    assert agreed.carried
    assert Decision.objects.get(pk=agreed.decision_id).counts == {"agree": 1, "abstain": 1, "object": 1, "block": 0}
    blocked = services.decision_by_consent(
        actor=Actor(person=officer),
        meeting=meeting,
        title="Move to the library",
        proposal="Meet at the library instead of the café.",
        answers=[given(p, ConsentAnswer.AGREE) for p in people[:3]]
        + [given(people[3], ConsentAnswer.BLOCK, "The library has no step-free entrance.")],
        reasons="One block: the venue would shut out a member.",
    )
    assert not blocked.carried
    with pytest.raises(ValidationError, match="needs its reason"):
        services.decision_by_consent(
            actor=Actor(person=officer),
            meeting=meeting,
            title="X",
            proposal="X",
            answers=[given(people[0], ConsentAnswer.BLOCK)],
            reasons="X",
        )


def test_minutes_and_actions_are_kept_by_the_organisers() -> None:
    officer = ben()
    meeting = meeting_for(officer)
    minutes = services.minutes_save(actor=Actor(person=officer), meeting=meeting, text="We met.", publish=False)
    assert minutes.published_at is None
    minutes = services.minutes_save(
        actor=Actor(person=officer), meeting=meeting, text="We met and agreed.", publish=True
    )
    assert minutes.published_at is not None and minutes.text == "We met and agreed."
    action = services.action_add(
        actor=Actor(person=officer), meeting=meeting, description="Book the coach", owner_name="Femi", due_on=None
    )
    services.action_done(actor=Actor(person=officer), action=action, note="Booked for 3 August.")
    with pytest.raises(ValidationError, match="already done"):
        services.action_done(actor=Actor(person=officer), action=action)
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=Actor(person=amara()), meeting=meeting, text="Mine", publish=True)


def test_cancelling_tells_the_people_coming_and_needs_a_reason() -> None:
    officer = ben()
    meeting = meeting_for(officer)
    services.registration_make(actor=Actor(person=amara()), meeting=meeting)
    with pytest.raises(ValidationError, match="Say why"):
        services.meeting_cancel(actor=Actor(person=officer), meeting=meeting, reason=" ")
    services.meeting_cancel(actor=Actor(person=officer), meeting=meeting, reason="The café is closed for repairs.")
    with pytest.raises(ValidationError, match="cancelled"):
        services.registration_make(actor=Actor(person=PersonFactory()), meeting=meeting)


def test_closed_meetings_are_for_the_people_the_owner_lets_in() -> None:
    officer = ben()
    board = meeting_for(officer, kind=MeetingKind.BOARD_MEETING, is_public=False)
    with pytest.raises(PermissionDenied, match="members only"):
        services.registration_make(actor=Actor(person=amara()), meeting=board)


def test_the_calendar_feed_is_valid_icalendar() -> None:
    meeting = meeting_for(ben(), title="Area forum; Brixton, Stockwell and Clapham " * 2)
    feed = meetings_ical([meeting], calendar_name="Meetings of Brixton")
    lines = feed.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and feed.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = feed.replace("\r\n ", "")
    assert "SUMMARY:Area forum\\; Brixton\\, Stockwell and Clapham" in unfolded
    assert f"DTSTART:{meeting.starts_at.astimezone(timezone.UTC).strftime('%Y%m%dT%H%M%SZ')}" in unfolded
    assert "Step-free access\\, Hearing loop" in unfolded
