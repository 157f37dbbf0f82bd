"""Writes for co-operative governance: general meetings with notice, resolutions with one member one
vote, declared interests, board elections with ties settled by lot, retirement by rotation, and income.

The meeting itself (time, place, registration, attendance) is a ``meetings.Meeting``; a general meeting adds
the notice and quorum the rules ask for. Who is present is the meeting's attendance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import AgeAnswer, age_between
from coopcouncil.cooperatives import selectors
from coopcouncil.cooperatives.models import (
    BoardElection,
    BoardMember,
    BoardSeatEnd,
    Candidate,
    Cooperative,
    ElectionBallot,
    ElectionStatus,
    GeneralMeeting,
    IncomeRecord,
    InterestDeclared,
    Member,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVote,
    VoteChoice,
)
from coopcouncil.cooperatives.permissions import current_membership
from coopcouncil.cooperatives.rules import clear_days_between, resolution_passed
from coopcouncil.cooperatives.services.membership import require_manager
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.services import audit_record, decision_record
from coopcouncil.meetings import services as meeting_services
from coopcouncil.meetings.models import MeetingKind
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.services import people_notify


@transaction.atomic
def general_meeting_call(
    *,
    actor: Actor,
    cooperative: Cooperative,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: meeting_services.Venue,
    is_annual: bool = False,
    agenda: Sequence[tuple[str, str]] = (),
    notice_given_on: date | None = None,
) -> GeneralMeeting:
    """Give notice of a general meeting: at least the rules' clear days (14 by default) before it."""
    require_manager(actor, cooperative)
    notice_on = notice_given_on or timezone.localdate()
    meeting_on = timezone.localdate(starts_at)
    if clear_days_between(notice_on, meeting_on) < cooperative.notice_clear_days:
        raise ValidationError(
            {
                "starts_at": _(
                    "A general meeting needs %(days)d clear days' notice: the earliest date is %(earliest)s."
                )
                % {
                    "days": cooperative.notice_clear_days,
                    "earliest": (notice_on + timedelta(days=cooperative.notice_clear_days + 1)).isoformat(),
                }
            }
        )
    meeting = meeting_services.meeting_schedule(
        actor=actor,
        owner=cooperative.organisation,
        title=title,
        kind=MeetingKind.ANNUAL_GENERAL_MEETING if is_annual else MeetingKind.GENERAL_MEETING,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        is_public=False,
        agenda=agenda,
    )
    members = selectors.register_of(cooperative=cooperative)
    general_meeting = GeneralMeeting.objects.create(
        cooperative=cooperative,
        meeting=meeting,
        is_annual=is_annual,
        notice_given_on=notice_on,
        notice_given_by=actor.person,
        members_at_notice=members.count(),
    )
    audit_record(actor=actor, action="cooperative.meeting_called", target=cooperative, details={"meeting": meeting.pk})
    # The notice goes to every member: it is about their own membership, so it is not a "following" message.
    people_notify(
        about_their_own=[member.person for member in members],
        topic=Topic.MEETINGS,
        subject=_("Notice of %(meeting)s") % {"meeting": meeting.title},
        body=_(
            "%(coop)s gives notice of %(meeting)s on %(when)s. Register to come, and say what you need to take part."
        )
        % {
            "coop": cooperative.name,
            "meeting": meeting.title,
            "when": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
        },
        link=meeting.get_absolute_url(),
    )
    return general_meeting


@transaction.atomic
def resolution_propose(
    *,
    actor: Actor,
    general_meeting: GeneralMeeting,
    title: str,
    text: str,
    kind: ResolutionKind,
    concerns_award_to_providers: bool = False,
) -> Resolution:
    require_manager(actor, general_meeting.cooperative)
    if not title.strip() or not text.strip():
        raise ValidationError(_("Give the resolution a title and its wording."))
    cooperative = general_meeting.cooperative
    meeting_on = timezone.localdate(general_meeting.meeting.starts_at)
    if (
        kind == ResolutionKind.SPECIAL
        and clear_days_between(timezone.localdate(), meeting_on) < cooperative.notice_clear_days
    ):
        # Members must have the wording of a special resolution with the notice, not on the day.
        raise ValidationError(
            {
                "kind": _("A special resolution needs %(days)d clear days' notice before the meeting.")
                % {"days": cooperative.notice_clear_days}
            }
        )
    number = general_meeting.resolutions.count() + 1
    resolution = Resolution.objects.create(
        general_meeting=general_meeting,
        number=number,
        title=title.strip(),
        text=text.strip(),
        kind=kind,
        concerns_award_to_providers=concerns_award_to_providers,
    )
    audit_record(
        actor=actor,
        action="cooperative.resolution_proposed",
        target=general_meeting.cooperative,
        details={"kind": kind},
    )
    return resolution


@transaction.atomic
def resolution_voting_open(*, actor: Actor, resolution: Resolution) -> Resolution:
    """Voting opens once the meeting is quorate: enough members present, in person or online."""
    general_meeting = resolution.general_meeting
    require_manager(actor, general_meeting.cooperative)
    if resolution.status != ResolutionStatus.PROPOSED:
        raise ValidationError(_("Voting on this resolution has already opened."))
    quorum = selectors.quorum_of(general_meeting=general_meeting)
    if not quorum.is_quorate:
        raise ValidationError(
            _("The meeting is not quorate: %(present)d members present, %(needed)d needed.")
            % {"present": quorum.present, "needed": quorum.needed}
        )
    resolution.status = ResolutionStatus.VOTING
    resolution.save(update_fields=["status"])
    audit_record(actor=actor, action="cooperative.voting_opened", target=general_meeting.cooperative)
    return resolution


def _voter(actor: Actor, general_meeting: GeneralMeeting) -> Member:
    member = current_membership(actor.subject, general_meeting.cooperative)
    if member is None:
        raise PermissionDenied(_("Only members of the co-operative vote at its general meetings."))
    if not general_meeting.meeting.attendances.filter(person=member.person).exists():
        raise ValidationError(_("Check in to the meeting first, in the room or online, to vote."))
    return member


@transaction.atomic
def resolution_vote(*, actor: Actor, resolution: Resolution, choice: VoteChoice) -> ResolutionVote:
    """One member, one vote: a second vote is refused by the database, whatever the channel."""
    # Locked, so a vote and the close cannot pass each other: a vote is counted or refused, never lost.
    resolution = (
        Resolution.objects.select_for_update().select_related("general_meeting__cooperative").get(pk=resolution.pk)
    )
    if resolution.status != ResolutionStatus.VOTING:
        raise ValidationError(_("Voting on this resolution is not open."))
    member = _voter(actor, resolution.general_meeting)
    if resolution.concerns_award_to_providers and member.membership_class.is_provider_class:
        raise PermissionDenied(_("Members in a provider class do not vote on awards to providers."))
    if resolution.interests.filter(member=member).exists():
        raise PermissionDenied(_("You declared an interest in this resolution, so you do not vote on it."))
    # Someone who left and rejoined has a new line in the register, but is the same person: one vote.
    if resolution.votes.filter(member__person=member.person).exists():
        raise ValidationError(_("You have already voted on this resolution."))
    try:
        with transaction.atomic():
            vote = ResolutionVote.objects.create(
                resolution=resolution, member=member, choice=choice, recorded_by=actor.person
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already voted on this resolution.")) from error
    # The audit keeps that a member voted, never how.
    audit_record(actor=actor, action="cooperative.voted", target=resolution.general_meeting.cooperative)
    return vote


@transaction.atomic
def interest_declare(*, actor: Actor, resolution: Resolution, description: str) -> InterestDeclared:
    member = current_membership(actor.subject, resolution.general_meeting.cooperative)
    if member is None:
        raise PermissionDenied(_("Only members declare interests here."))
    if not description.strip():
        raise ValidationError({"description": _("Say what the interest is.")})
    if resolution.votes.filter(member=member).exists():
        raise ValidationError(_("Declare an interest before voting, not after."))
    try:
        with transaction.atomic():
            declared = InterestDeclared.objects.create(
                resolution=resolution, member=member, description=description.strip()
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already declared an interest in this resolution.")) from error
    audit_record(actor=actor, action="cooperative.interest_declared", target=resolution.general_meeting.cooperative)
    return declared


@transaction.atomic
def resolution_close(*, actor: Actor, resolution: Resolution) -> Resolution:
    """Count the votes cast, decide by the resolution's kind, and publish the result."""
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    general_meeting = resolution.general_meeting
    cooperative = general_meeting.cooperative
    require_manager(actor, cooperative)
    if resolution.status != ResolutionStatus.VOTING:
        raise ValidationError(_("Only a resolution being voted on can be closed."))
    counts = {choice: resolution.votes.filter(choice=choice).count() for choice in VoteChoice.values}
    votes_for, votes_against, abstentions = counts["for"], counts["against"], counts["abstain"]
    passed = resolution_passed(ResolutionKind(resolution.kind), votes_for, votes_against)
    resolution.votes_for, resolution.votes_against, resolution.abstentions = votes_for, votes_against, abstentions
    resolution.status = ResolutionStatus.PASSED if passed else ResolutionStatus.NOT_PASSED
    resolution.decided_at = timezone.now()
    needed = (
        _("three quarters of the votes cast") if resolution.kind == ResolutionKind.SPECIAL else _("a simple majority")
    )
    resolution.decision = decision_record(
        actor=actor,
        decided_at=resolution.decided_at,
        decided_by=_("Members of %(coop)s at %(meeting)s")
        % {"coop": cooperative.name, "meeting": general_meeting.meeting.title},
        method=DecisionMethod.VOTE,
        title=_("Resolution %(number)d: %(title)s") % {"number": resolution.number, "title": resolution.title},
        outcome=(_("Passed: %(text)s") if passed else _("Not passed: %(text)s")) % {"text": resolution.text},
        reasons=_("%(for)d for, %(against)d against, %(abstain)d abstaining; it needed %(needed)s.")
        % {"for": votes_for, "against": votes_against, "abstain": abstentions, "needed": needed},
        counts={"for": votes_for, "against": votes_against, "abstain": abstentions},
        evidence=[general_meeting.meeting.get_absolute_url()],
        subject=resolution,
        scope=cooperative.organisation,
    )
    resolution.save()
    audit_record(
        actor=actor,
        action="cooperative.resolution_decided",
        target=cooperative,
        details={"resolution": resolution.pk, "passed": passed},
    )
    return resolution


# The board ------------------------------------------------------------------------------------


def _board_age_refusal(cooperative: Cooperative, member: Member, on: date) -> str | None:
    check = age_between(member.person, minimum=cooperative.board_minimum_age, maximum=None, on=on)
    if check.answer is AgeAnswer.YES:
        return None
    if check.answer is AgeAnswer.CANNOT_CONFIRM:
        return _("Confirm the member's age first: board members are %(age)d or over.") % {
            "age": cooperative.board_minimum_age
        }
    return _("Board members are %(age)d or over.") % {"age": cooperative.board_minimum_age}


@transaction.atomic
def board_election_open(*, actor: Actor, general_meeting: GeneralMeeting, seats: int) -> BoardElection:
    require_manager(actor, general_meeting.cooperative)
    if seats <= 0:
        raise ValidationError({"seats": _("Say how many seats are to be filled.")})
    election = BoardElection.objects.create(general_meeting=general_meeting, seats=seats)
    audit_record(actor=actor, action="cooperative.election_opened", target=general_meeting.cooperative)
    return election


@transaction.atomic
def candidate_nominate(*, actor: Actor, election: BoardElection, member: Member, statement: str = "") -> Candidate:
    cooperative = election.general_meeting.cooperative
    if actor.subject != member.person:
        require_manager(actor, cooperative)
    if election.status != ElectionStatus.NOMINATIONS:
        raise ValidationError(_("Nominations have closed."))
    if not member.is_current or member.cooperative_id != cooperative.pk:
        raise ValidationError(_("Only current members can stand for the board."))
    refusal = _board_age_refusal(cooperative, member, timezone.localdate(election.general_meeting.meeting.starts_at))
    if refusal:
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(election=election, member=member, statement=statement.strip())
    except IntegrityError as error:
        raise ValidationError(_("They are already standing.")) from error
    audit_record(actor=actor, action="cooperative.candidate_nominated", target=cooperative)
    return candidate


@transaction.atomic
def election_voting_open(*, actor: Actor, election: BoardElection) -> BoardElection:
    require_manager(actor, election.general_meeting.cooperative)
    if election.status != ElectionStatus.NOMINATIONS:
        raise ValidationError(_("Voting has already opened."))
    if election.candidates.count() == 0:
        raise ValidationError(_("Nobody is standing yet."))
    quorum = selectors.quorum_of(general_meeting=election.general_meeting)
    if not quorum.is_quorate:
        raise ValidationError(
            _("The meeting is not quorate: %(present)d members present, %(needed)d needed.")
            % {"present": quorum.present, "needed": quorum.needed}
        )
    election.status = ElectionStatus.VOTING
    election.save(update_fields=["status"])
    audit_record(actor=actor, action="cooperative.election_voting_opened", target=election.general_meeting.cooperative)
    return election


@transaction.atomic
def election_ballot_cast(*, actor: Actor, election: BoardElection, candidates: Sequence[Candidate]) -> ElectionBallot:
    """A member votes for up to as many candidates as there are seats, once."""
    election = (
        BoardElection.objects.select_for_update().select_related("general_meeting__cooperative").get(pk=election.pk)
    )
    if election.status != ElectionStatus.VOTING:
        raise ValidationError(_("Voting in this election is not open."))
    member = _voter(actor, election.general_meeting)
    if election.ballots.filter(member__person=member.person).exists():
        raise ValidationError(_("You have already voted in this election."))
    chosen = {candidate.pk for candidate in candidates}
    if not chosen:
        raise ValidationError(_("Choose at least one candidate."))
    if len(chosen) > election.seats:
        raise ValidationError(
            _("Choose up to %(seats)d candidates: you chose %(chosen)d.")
            % {"seats": election.seats, "chosen": len(chosen)}
        )
    if election.candidates.filter(pk__in=chosen).count() != len(chosen):
        raise ValidationError(_("Choose from the candidates in this election."))
    try:
        with transaction.atomic():
            ballot = ElectionBallot.objects.create(election=election, member=member)
    except IntegrityError as error:
        raise ValidationError(_("You have already voted in this election.")) from error
    ballot.choices.set(election.candidates.filter(pk__in=chosen))
    audit_record(actor=actor, action="cooperative.election_voted", target=election.general_meeting.cooperative)
    return ballot


def _declare(actor: Actor, election: BoardElection, elected: list[Candidate], tally: dict[int, int]) -> BoardElection:
    cooperative = election.general_meeting.cooperative
    on = timezone.localdate(election.general_meeting.meeting.starts_at)
    for candidate in elected:
        candidate.is_elected = True
        candidate.save(update_fields=["is_elected"])
        BoardMember.objects.create(cooperative=cooperative, member=candidate.member, elected_on=on, election=election)
    election.status = ElectionStatus.DECLARED
    election.declared_at = timezone.now()
    election.decision = decision_record(
        actor=actor,
        decided_at=election.declared_at,
        decided_by=_("Members of %(coop)s") % {"coop": cooperative.name},
        method=DecisionMethod.VOTE,
        title=_("Board election at %(meeting)s") % {"meeting": election.general_meeting.meeting.title},
        outcome=_("%(count)d elected to %(seats)d seats, by member number: %(numbers)s.")
        % {
            "count": len(elected),
            "seats": election.seats,
            "numbers": ", ".join(str(candidate.member.member_number) for candidate in elected),
        },
        reasons=_("The candidates with the most votes fill the seats.")
        + (
            " " + _("A tie for the last seat was settled by lot: %(how)s") % {"how": election.lot_how}
            if election.lot_how
            else ""
        ),
        counts={f"member {c.member.member_number}": tally[c.pk] for c in election.candidates.select_related("member")},
        evidence=[election.general_meeting.meeting.get_absolute_url()],
        subject=election,
        scope=cooperative.organisation,
    )
    election.save(update_fields=["status", "declared_at", "decision"])
    audit_record(
        actor=actor, action="cooperative.election_declared", target=cooperative, details={"elected": len(elected)}
    )
    return election


@transaction.atomic
def election_close(*, actor: Actor, election: BoardElection) -> BoardElection:
    """The most votes fill the seats. A tie for the last seat stops the count until lots are drawn."""
    election = BoardElection.objects.select_for_update().get(pk=election.pk)
    require_manager(actor, election.general_meeting.cooperative)
    if election.status != ElectionStatus.VOTING:
        raise ValidationError(_("Only an election being voted on can be closed."))
    standing = selectors.election_standing(election=election)
    if standing.tied_for_last:
        election.status = ElectionStatus.NEEDS_LOTS
        election.save(update_fields=["status"])
        audit_record(actor=actor, action="cooperative.election_tied", target=election.general_meeting.cooperative)
        return election
    return _declare(actor, election, standing.elected, standing.tally)


@transaction.atomic
def election_lots_record(
    *, actor: Actor, election: BoardElection, order: Sequence[Candidate], how: str
) -> BoardElection:
    """Record the order in which the tied candidates were drawn, and declare the result with it."""
    election = BoardElection.objects.select_for_update().get(pk=election.pk)
    require_manager(actor, election.general_meeting.cooperative)
    if election.status != ElectionStatus.NEEDS_LOTS:
        raise ValidationError(_("There is no tie to settle."))
    standing = selectors.election_standing(election=election)
    if {c.pk for c in order} != {c.pk for c in standing.tied_for_last}:
        raise ValidationError(_("Draw lots between exactly the candidates who tied."))
    if not how.strip():
        raise ValidationError({"how": _("Say how the lots were drawn and who saw it.")})
    election.lot_order = [c.pk for c in order]
    election.lot_drawn_by = actor.person
    election.lot_how = how.strip()
    election.save(update_fields=["lot_order", "lot_drawn_by", "lot_how"])
    audit_record(actor=actor, action="cooperative.lots_drawn", target=election.general_meeting.cooperative)
    places_left = election.seats - len(standing.elected)
    return _declare(actor, election, standing.elected + list(order)[:places_left], standing.tally)


@transaction.atomic
def board_seat_end(*, actor: Actor, director: BoardMember, reason: BoardSeatEnd, on: date) -> BoardMember:
    require_manager(actor, director.cooperative)
    if director.ended_on is not None:
        raise ValidationError(_("They are no longer on the board."))
    director.ended_on = on
    director.end_reason = reason
    director.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor, action="cooperative.director_left", target=director.cooperative, details={"reason": reason}
    )
    return director


@transaction.atomic
def income_record(
    *, actor: Actor, cooperative: Cooperative, source: str, amount_pence: int, received_on: date, description: str = ""
) -> IncomeRecord:
    """Money raised besides the council's (domain.md 5.5: YLC raised £1.6m)."""
    require_manager(actor, cooperative)
    if amount_pence <= 0:
        raise ValidationError({"amount_pence": _("Enter the amount received.")})
    if not source.strip():
        raise ValidationError({"source": _("Say where the money came from.")})
    record = IncomeRecord.objects.create(
        cooperative=cooperative,
        source=source.strip(),
        amount_pence=amount_pence,
        received_on=received_on,
        description=description.strip(),
        recorded_by=actor.person,
    )
    audit_record(actor=actor, action="cooperative.income_recorded", target=cooperative, details={"pence": amount_pence})
    return record
