"""Reads for participatory budgeting."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count as CountOf
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting.codes import code_hash
from coopcouncil.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    Count,
    PaperBatch,
    PaperEntry,
    Phase,
    PhaseWindow,
    Pot,
    Proposal,
    ProposalStatus,
    RegisterSlot,
    Round,
    VoterMark,
)
from coopcouncil.budgeting.permissions import can_manage_round

# Proposals that were, or are, on a ballot.
ON_BALLOT = (
    ProposalStatus.SHORTLISTED,
    ProposalStatus.FUNDED,
    ProposalStatus.NOT_FUNDED,
    ProposalStatus.IN_DELIVERY,
    ProposalStatus.COMPLETED,
)
# Proposals anyone may see: everything but what proposers withdrew.
PUBLIC_STATUSES = tuple(s for s in ProposalStatus if s != ProposalStatus.WITHDRAWN)


def rounds_visible_to(person: Person | None) -> QuerySet[Round]:
    """Every round past its draft, and the drafts this person helps run."""
    rounds = Round.objects.select_related("owner_community", "owner_organisation")
    visible = [r.pk for r in rounds.filter(phase=Phase.DRAFT) if can_manage_round(person, r)]
    return rounds.filter(~Q(phase=Phase.DRAFT) | Q(pk__in=visible))


def rounds_taking_part() -> QuerySet[Round]:
    """Rounds open for ideas or votes now, for the home page."""
    return Round.objects.filter(phase__in=[Phase.IDEAS_OPEN, Phase.VOTING_OPEN]).select_related(
        "owner_community", "owner_organisation"
    )


def round_get(*, slug: str) -> Round:
    return Round.objects.select_related("owner_community", "owner_organisation").get(slug=slug)


def rounds_owned_by(*, owner_community_id: int) -> QuerySet[Round]:
    return Round.objects.filter(owner_community_id=owner_community_id).exclude(phase=Phase.DRAFT)


@dataclass(frozen=True)
class TimelineStep:
    phase: Phase
    window: PhaseWindow | None
    state: str  # "done", "current" or "to come"


def round_timeline(*, round: Round) -> list[TimelineStep]:
    windows = {w.phase: w for w in round.phase_windows.all()}
    current = round.phase_index
    steps = []
    for index, phase in enumerate(PHASE_ORDER[1:], start=1):
        state = "done" if index < current else "current" if index == current else "to come"
        steps.append(TimelineStep(phase, windows.get(phase), state))
    return steps


def proposals_public(*, round: Round) -> QuerySet[Proposal]:
    return (
        round.proposals.filter(status__in=PUBLIC_STATUSES)
        .select_related("pot", "ward")
        .order_by("ballot_number", "-created_at", "id")
    )


def proposals_for_review(*, round: Round) -> QuerySet[Proposal]:
    return round.proposals.select_related("pot").annotate(review_count=CountOf("reviews")).order_by("status", "id")


def proposals_on_ballot(*, pot: Pot) -> QuerySet[Proposal]:
    return pot.proposals.filter(status__in=ON_BALLOT, ballot_number__isnull=False).order_by("ballot_number")


def ballot_pots(*, round: Round) -> dict[Pot, list[Proposal]]:
    """Each pot with the proposals on its ballot, in ballot-number order."""
    pots = list(round.pots.all())
    proposals = list(
        Proposal.objects.filter(round=round, status__in=ON_BALLOT, ballot_number__isnull=False).order_by(
            "ballot_number"
        )
    )
    return {pot: [p for p in proposals if p.pot_id == pot.pk] for pot in pots}


def ballot_choices_of(*, round: Round) -> QuerySet[BallotChoice]:
    """Every choice on every ballot of the round: only what counting needs."""
    return BallotChoice.objects.filter(ballot__round=round).only("ballot_id", "proposal_id", "points", "rank")


def ballot_for_receipt(*, round: Round, receipt: str) -> Ballot | None:
    return (
        Ballot.objects.filter(round=round, receipt_hash=code_hash(receipt))
        .prefetch_related("choices__proposal")
        .first()
    )


def voter_mark_for(*, round: Round, person: Person | None) -> VoterMark | None:
    """The register entry of this person's online (or only) ballot."""
    if person is None:
        return None
    return (
        VoterMark.objects.filter(round=round, person=person, slot__in=[RegisterSlot.ANY, RegisterSlot.ONLINE])
        .order_by("marked_at")
        .first()
    )


def person_with_login(*, email: str) -> Person | None:
    """Someone with an account, found by its email address (to add them as a co-proposer)."""
    return Person.objects.filter(user__email__iexact=email.strip(), anonymised_at__isnull=True).first()


def voter_marks_for(*, round: Round, people: list[Person]) -> dict[int, VoterMark]:
    """The register entry of each of these people who has voted in the round (any channel)."""
    marks = VoterMark.objects.filter(round=round, person__in=people).order_by("marked_at")
    return {mark.person_id: mark for mark in marks if mark.person_id is not None}


def voting_code_exists(*, round: Round, code: str) -> bool:
    return round.code_batches.filter(codes__code_hash=code_hash(code), codes__cancelled_at__isnull=True).exists()


# --------------------------------------------------------------------------------------------------
# Paper ballots


def paper_state(*, batch: PaperBatch, serial: int) -> str:
    """'new', 'waiting' (keyed once), 'discrepancy', 'entered' or 'spoilt'."""
    if Ballot.objects.filter(round_id=batch.round_id, paper_serial=str(serial)).exists():
        return "entered"
    if batch.spoilt.filter(serial=serial).exists():
        return "spoilt"
    keyings = list(batch.entries.filter(serial=serial, is_resolution=False))
    if not keyings:
        return "new"
    if len(keyings) == 1:
        return "waiting"
    return "discrepancy"


@dataclass(frozen=True)
class Discrepancy:
    batch: PaperBatch
    serial: int
    keyings: list[PaperEntry]


def paper_discrepancies(*, round: Round) -> list[Discrepancy]:
    """Papers whose two keyings disagree and that nobody has resolved yet."""
    found: list[Discrepancy] = []
    entered = set(round.ballots.exclude(paper_serial="").values_list("paper_serial", flat=True))
    for batch in round.paper_batches.prefetch_related("entries__keyed_by", "spoilt"):
        spoilt = {s.serial for s in batch.spoilt.all()}
        by_serial: dict[int, list[PaperEntry]] = {}
        for entry in batch.entries.all():
            by_serial.setdefault(entry.serial, []).append(entry)
        for serial, entries in sorted(by_serial.items()):
            keyings = [e for e in entries if not e.is_resolution]
            if len(keyings) >= 2 and str(serial) not in entered and serial not in spoilt:
                found.append(Discrepancy(batch, serial, keyings))
    return found


@dataclass(frozen=True)
class BatchReconciliation:
    batch: PaperBatch
    entered: int
    spoilt: int
    keyed_once: int
    discrepancies: int

    @property
    def unaccounted(self) -> int | None:
        """Returned papers neither entered nor spoilt (None until the returns are recorded)."""
        if self.batch.returned is None:
            return None
        return self.batch.returned - self.entered - self.spoilt


@dataclass(frozen=True)
class Reconciliation:
    batches: list[BatchReconciliation]
    problems: list[str]


def paper_reconciliation(*, round: Round) -> Reconciliation:
    """Issued, returned, spoilt and entered for each batch, and what stops the count starting."""
    rows: list[BatchReconciliation] = []
    problems: list[str] = []
    serials = [int(s) for s in round.ballots.exclude(paper_serial="").values_list("paper_serial", flat=True)]
    discrepancies = paper_discrepancies(round=round)
    for batch in round.paper_batches.prefetch_related("entries", "spoilt"):
        entered = sum(1 for s in serials if batch.first_serial <= s <= batch.last_serial)
        spoilt = batch.spoilt.count()
        settled = {s.serial for s in batch.spoilt.all()} | {
            s for s in serials if batch.first_serial <= s <= batch.last_serial
        }
        keyed: dict[int, int] = {}
        for entry in batch.entries.all():
            if not entry.is_resolution:
                keyed[entry.serial] = keyed.get(entry.serial, 0) + 1
        keyed_once = sum(1 for serial, times in keyed.items() if times == 1 and serial not in settled)
        in_queue = sum(1 for d in discrepancies if d.batch.pk == batch.pk)
        row = BatchReconciliation(batch, entered, spoilt, keyed_once, in_queue)
        rows.append(row)
        if batch.issued is None or batch.returned is None:
            problems.append(
                _("Record how many papers were handed out and returned for “%(batch)s”.") % {"batch": batch.label}
            )
        elif row.unaccounted:
            problems.append(
                _("“%(batch)s”: %(returned)d papers returned, but %(entered)d entered and %(spoilt)d spoilt.")
                % {"batch": batch.label, "returned": batch.returned, "entered": entered, "spoilt": spoilt}
            )
        if keyed_once:
            problems.append(
                _("“%(batch)s”: %(count)d papers still need their second keying.")
                % {"batch": batch.label, "count": keyed_once}
            )
        if in_queue:
            problems.append(
                _("“%(batch)s”: %(count)d papers are in the discrepancy queue.")
                % {"batch": batch.label, "count": in_queue}
            )
    return Reconciliation(rows, problems)


# --------------------------------------------------------------------------------------------------
# Counts and results


def count_latest(*, pot: Pot) -> Count | None:
    return pot.counts.order_by("-counted_at", "-id").first()


def counts_latest(*, round: Round) -> dict[Pot, Count | None]:
    return {pot: count_latest(pot=pot) for pot in round.pots.all()}


def delivery_projects(*, round: Round) -> QuerySet[Proposal]:
    return (
        round.proposals.filter(status__in=[ProposalStatus.FUNDED, ProposalStatus.IN_DELIVERY, ProposalStatus.COMPLETED])
        .prefetch_related("delivery_updates")
        .order_by("ballot_number")
    )
