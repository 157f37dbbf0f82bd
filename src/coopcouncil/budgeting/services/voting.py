"""Casting ballots online, with a voting code, with an officer's help, and at a paper desk.

Each ballot writes two unlinked rows in one transaction: a ``VoterMark`` in the marked register,
whose unique constraints allow one per credential and one per person and slot, and a ``Ballot``
holding only the choices and the hash of the receipt the voter is given. A retry of the same
confirmation form (a double click, a reload) finds its own mark and stores nothing more.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.permissions import CannotTakePart, can_take_part
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.ballot_rules import Choice, ballot_check
from coopcouncil.budgeting.codes import code_hash, code_new
from coopcouncil.budgeting.eligibility import Answer, eligibility_for
from coopcouncil.budgeting.models import (
    Ballot,
    BallotChoice,
    BallotsPerPerson,
    Channel,
    Phase,
    RegisterSlot,
    Round,
    VoterMark,
    VotingCode,
    VotingCodeBatch,
)
from coopcouncil.budgeting.permissions import can_manage_round
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record


class AlreadyVotedError(ValidationError):
    """This person or credential has voted in the round already."""


@dataclass(frozen=True)
class BallotCast:
    """The outcome of a submission. ``receipt`` is shown to the voter once; None for a repeat."""

    ballot_id: uuid.UUID | None
    receipt: str | None
    repeat: bool = False


def _slot(round: Round, *, in_person: bool) -> RegisterSlot:
    if round.ballots_per_person == BallotsPerPerson.ONE:
        return RegisterSlot.ANY
    return RegisterSlot.IN_PERSON if in_person else RegisterSlot.ONLINE


def _check_open(round: Round) -> None:
    if round.phase != Phase.VOTING_OPEN:
        raise ValidationError(_("Voting in this round is not open."))


def _check_eligible(person: Person, round: Round) -> None:
    eligibility = eligibility_for(person, round, on=timezone.localdate())
    if eligibility.answer is Answer.YES:
        return
    raise PermissionDenied(" ".join(eligibility.reasons))


def ballot_choices_check(round: Round, choices: Sequence[Choice]) -> None:
    ballot_check(round, selectors.ballot_pots(round=round), choices)


def ballot_store(
    round: Round, choices: Sequence[Choice], *, channel: Channel, receipt: str, paper_serial: str = ""
) -> Ballot:
    ballot = Ballot.objects.create(
        round=round,
        receipt_hash=code_hash(receipt),
        channel=channel,
        paper_serial=paper_serial,
        cast_on=timezone.localdate(),
    )
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal_id=c.proposal_id, points=c.points, rank=c.rank) for c in choices]
    )
    return ballot


def _already_voted_message(mark: VoterMark | None) -> str:
    if mark is not None and mark.channel == Channel.PAPER:
        return _("You have already voted in this round, on paper.")
    return _("You have already voted in this round. Use your receipt to see or change your ballot.")


@transaction.atomic
def ballot_submit(
    *,
    actor: Actor,
    round: Round,
    choices: Sequence[Choice],
    submission: uuid.UUID,
    declared_other_channel: bool = False,
) -> BallotCast:
    """A signed-in voter (or an officer acting for one) casts their ballot.

    ``submission`` identifies the confirmation form: sending the same form twice gives back
    ``repeat=True`` and stores nothing more.
    """
    voter = actor.subject
    if voter is None:
        raise PermissionDenied(_("Sign in, or use a voting code, to vote."))
    _check_open(round)
    if not can_take_part(voter):
        raise CannotTakePart
    assisted = actor.on_behalf_of is not None
    slot = _slot(round, in_person=assisted)
    existing = VoterMark.objects.filter(round=round, person=voter, slot=slot).first()
    if existing is not None:
        if existing.submission == submission:
            return BallotCast(ballot_id=None, receipt=None, repeat=True)
        raise AlreadyVotedError(_already_voted_message(existing))
    _check_eligible(voter, round)
    ballot_choices_check(round, choices)
    channel = Channel.ASSISTED if assisted else Channel.ONLINE
    receipt = code_new()
    try:
        with transaction.atomic():
            VoterMark.objects.create(
                round=round,
                person=voter,
                credential=f"{'assisted' if assisted else 'account'}:{voter.pk}",
                slot=slot,
                channel=channel,
                submission=submission,
                declared_other_channel=declared_other_channel,
                marked_by=actor.person if assisted else None,
            )
            ballot = ballot_store(round, choices, channel=channel, receipt=receipt)
    except IntegrityError:
        # Another request for the same voter committed first (a double click on a slow line).
        mark = VoterMark.objects.filter(round=round, person=voter, slot=slot).first()
        if mark is not None and mark.submission == submission:
            return BallotCast(ballot_id=None, receipt=None, repeat=True)
        raise AlreadyVotedError(_already_voted_message(mark)) from None
    audit_record(actor=actor, action="ballot.cast", target=round, details={"channel": channel.value})
    return BallotCast(ballot_id=ballot.pk, receipt=receipt)


@transaction.atomic
def ballot_submit_with_code(*, round: Round, code: str, choices: Sequence[Choice], submission: uuid.UUID) -> BallotCast:
    """Someone without an account votes with a single-use code from a library or an event."""
    _check_open(round)
    found = (
        VotingCode.objects.select_for_update()
        .filter(code_hash=code_hash(code), batch__round=round, cancelled_at__isnull=True)
        .first()
    )
    if found is None:
        raise ValidationError({"code": _("That voting code is not right. Check it and try again.")})
    credential = f"code:{found.pk}"
    if found.used_at is not None:
        mark = VoterMark.objects.filter(round=round, credential=credential).first()
        if mark is not None and mark.submission == submission:
            return BallotCast(ballot_id=None, receipt=None, repeat=True)
        raise AlreadyVotedError({"code": _("That voting code has been used already.")})
    ballot_choices_check(round, choices)
    receipt = code_new()
    VoterMark.objects.create(
        round=round, credential=credential, slot=RegisterSlot.ANY, channel=Channel.CODE, submission=submission
    )
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    ballot = ballot_store(round, choices, channel=Channel.CODE, receipt=receipt)
    audit_record(actor=Actor.system(), action="ballot.cast", target=round, details={"channel": Channel.CODE.value})
    return BallotCast(ballot_id=ballot.pk, receipt=receipt)


@transaction.atomic
def ballot_change(*, round: Round, receipt: str, choices: Sequence[Choice]) -> Ballot:
    """With their receipt, a voter changes their ballot while voting is open (where the round allows)."""
    _check_open(round)
    if not round.allow_ballot_change:
        raise ValidationError(_("Ballots in this round cannot be changed once cast."))
    ballot = Ballot.objects.select_for_update().filter(round=round, receipt_hash=code_hash(receipt)).first()
    if ballot is None:
        raise ValidationError({"receipt": _("We cannot find a ballot with that receipt in this round.")})
    if ballot.channel == Channel.PAPER:
        raise ValidationError(_("Paper ballots cannot be changed online."))
    ballot_choices_check(round, choices)
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal_id=c.proposal_id, points=c.points, rank=c.rank) for c in choices]
    )
    ballot.changed_count += 1
    ballot.save(update_fields=["changed_count"])
    audit_record(actor=Actor.system(), action="ballot.changed", target=round)
    return ballot


@transaction.atomic
def voting_codes_issue(*, actor: Actor, round: Round, label: str, how_many: int) -> list[tuple[int, str]]:
    """Print a batch of single-use codes. Returns (serial, code) pairs: the codes are never stored."""
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can issue voting codes."))
    if not 1 <= how_many <= 5000:
        raise ValidationError({"how_many": _("Issue between 1 and 5,000 codes at a time.")})
    if not label.strip():
        raise ValidationError({"label": _("Say where the codes will be handed out.")})
    batch = VotingCodeBatch.objects.create(round=round, label=label.strip(), created_by=actor.person)
    issued = [(serial, code_new()) for serial in range(1, how_many + 1)]
    VotingCode.objects.bulk_create(
        [VotingCode(batch=batch, serial=serial, code_hash=code_hash(code)) for serial, code in issued]
    )
    audit_record(actor=actor, action="voting_codes.issued", target=batch, details={"how_many": how_many})
    return issued


@transaction.atomic
def voting_code_cancel(*, actor: Actor, code: VotingCode) -> None:
    """A lost card: its code no longer works."""
    if not can_manage_round(actor.person, code.batch.round):
        raise PermissionDenied(_("Only officers running this round can cancel voting codes."))
    if code.used_at is not None:
        raise ValidationError(_("That code has been used already, so the ballot stands."))
    code.cancelled_at = timezone.now()
    code.save(update_fields=["cancelled_at"])
    audit_record(actor=actor, action="voting_code.cancelled", target=code)


@transaction.atomic
def paper_ballot_issue(*, actor: Actor, round: Round, voter: Person, declared_other_channel: bool = False) -> VoterMark:
    """At the desk of an event: mark the register before handing a voter a ballot paper.

    The paper's serial is not written down against the voter, so the register cannot say which
    paper was theirs.
    """
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can hand out ballot papers."))
    _check_open(round)
    if not voter.is_anonymised and not can_take_part(voter):
        raise PermissionDenied(
            _("%(name)s cannot vote yet: they are under 13 and a parent or carer has not agreed.")
            % {"name": voter.display_name}
        )
    slot = _slot(round, in_person=True)
    existing = VoterMark.objects.filter(round=round, person=voter, slot=slot).first()
    if existing is not None:
        raise AlreadyVotedError(
            _("%(name)s has already voted in this round (%(channel)s).")
            % {"name": voter.display_name, "channel": existing.get_channel_display()}
        )
    _check_eligible(voter, round)
    try:
        with transaction.atomic():
            mark = VoterMark.objects.create(
                round=round,
                person=voter,
                credential=f"desk:{voter.pk}",
                slot=slot,
                channel=Channel.PAPER,
                declared_other_channel=declared_other_channel,
                marked_by=actor.person,
            )
    except IntegrityError as error:
        raise AlreadyVotedError(_("%(name)s has just been marked as voting.") % {"name": voter.display_name}) from error
    audit_record(actor=Actor(person=actor.person, on_behalf_of=voter), action="ballot.paper_issued", target=round)
    return mark
