"""Paper ballots: numbered batches, double keying by two officers, discrepancies, reconciliation.

Each returned paper is keyed twice, by two different officers. When the two keyings agree, the
paper becomes a ballot (or, if both say so, a spoilt paper). When they disagree, the paper waits in
the discrepancy queue until an officer with the paper in hand records the right reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting import selectors
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.codes import paper_receipt
from coopcouncil.budgeting.models import Channel, PaperBatch, PaperEntry, Phase, Round, SpoiltPaper
from coopcouncil.budgeting.permissions import can_key_paper, can_manage_round
from coopcouncil.budgeting.services.voting import ballot_choices_check, ballot_store
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record

KEYING_PHASES = (Phase.VOTING_OPEN, Phase.VOTING_CLOSED)


@transaction.atomic
def paper_batch_create(*, actor: Actor, round: Round, label: str, how_many: int) -> PaperBatch:
    """Number the next ``how_many`` papers for an event; the serials follow on from the last batch."""
    if not can_manage_round(actor.person, round):
        raise PermissionDenied(_("Only officers running this round can print ballot papers."))
    if not 1 <= how_many <= 10000:
        raise ValidationError({"how_many": _("Print between 1 and 10,000 papers at a time.")})
    if not label.strip():
        raise ValidationError({"label": _("Say where the papers will be used.")})
    Round.objects.select_for_update().filter(pk=round.pk).first()  # serials are handed out one batch at a time
    first = (round.paper_batches.aggregate(top=Max("last_serial"))["top"] or 0) + 1
    batch = PaperBatch.objects.create(
        round=round, label=label.strip(), first_serial=first, last_serial=first + how_many - 1, created_by=actor.person
    )
    audit_record(
        actor=actor, action="paper_batch.created", target=batch, details={"serials": [first, batch.last_serial]}
    )
    return batch


def _keying_officer(actor: Actor, batch: PaperBatch) -> Person:
    if actor.person is None or not can_key_paper(actor.person, batch):
        raise PermissionDenied(_("Only officers running this round can enter paper ballots."))
    return actor.person


def _normalised(choices: Sequence[Choice]) -> list[dict[str, int | None]]:
    return sorted(
        ({"proposal": c.proposal_id, "points": c.points, "rank": c.rank} for c in choices),
        key=lambda item: item["proposal"] or 0,
    )


def _from_stored(stored: list[dict[str, int | None]]) -> list[Choice]:
    return [Choice(int(item["proposal"] or 0), item.get("points"), item.get("rank")) for item in stored]


def _settle(batch: PaperBatch, serial: int, *, choices: list[dict[str, int | None]], spoilt: bool, reason: str) -> str:
    """Turn an agreed reading into a ballot or a spoilt paper. Returns what happened."""
    if spoilt:
        SpoiltPaper.objects.create(batch=batch, serial=serial, reason=reason or _("Agreed spoilt"))
        return "spoilt"
    ballot_store(
        batch.round,
        _from_stored(choices),
        channel=Channel.PAPER,
        receipt=paper_receipt(batch.round_id, serial),
        paper_serial=str(serial),
    )
    return "entered"


@transaction.atomic
def paper_entry_key(
    *,
    actor: Actor,
    batch: PaperBatch,
    serial: int,
    choices: Sequence[Choice] = (),
    spoilt: bool = False,
    spoilt_reason: str = "",
) -> str:
    """One officer keys one paper. Returns "waiting" (for the second keying), "entered",
    "spoilt" or "discrepancy".

    The choices are checked against the ballot's rules as they are keyed, unless the paper is
    marked spoilt (a paper that breaks the rules is spoilt, not corrected).
    """
    officer = _keying_officer(actor, batch)
    if batch.round.phase not in KEYING_PHASES:
        raise ValidationError(_("Paper ballots are entered while voting is open or just after it closes."))
    if not batch.first_serial <= serial <= batch.last_serial:
        raise ValidationError(
            {
                "serial": _("Paper %(serial)d is not in this batch (%(first)d to %(last)d).")
                % {"serial": serial, "first": batch.first_serial, "last": batch.last_serial}
            }
        )
    if spoilt and not spoilt_reason.strip():
        raise ValidationError({"spoilt_reason": _("Say why the paper cannot be counted.")})
    if not spoilt:
        ballot_choices_check(batch.round, choices)
    state = selectors.paper_state(batch=batch, serial=serial)
    if state in ("entered", "spoilt"):
        raise ValidationError({"serial": _("Paper %(serial)d has already been entered.") % {"serial": serial}})
    if state == "discrepancy":
        raise ValidationError(
            {"serial": _("Paper %(serial)d is in the discrepancy queue. Resolve it there.") % {"serial": serial}}
        )
    normalised = [] if spoilt else _normalised(choices)
    try:
        with transaction.atomic():
            PaperEntry.objects.create(
                batch=batch,
                serial=serial,
                choices=normalised,
                spoilt=spoilt,
                spoilt_reason=spoilt_reason.strip(),
                keyed_by=officer,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"serial": _("You have keyed paper %(serial)d already. A second officer must key it.") % {"serial": serial}}
        ) from error
    entries = list(batch.entries.filter(serial=serial, is_resolution=False))
    audit_record(actor=actor, action="paper.keyed", target=batch, details={"serial": serial})
    if len(entries) < 2:
        return "waiting"
    first, second = entries[0], entries[1]
    if (first.spoilt, first.choices) != (second.spoilt, second.choices):
        return "discrepancy"
    return _settle(batch, serial, choices=first.choices, spoilt=first.spoilt, reason=first.spoilt_reason)


@transaction.atomic
def paper_discrepancy_resolve(
    *,
    actor: Actor,
    batch: PaperBatch,
    serial: int,
    choices: Sequence[Choice] = (),
    spoilt: bool = False,
    spoilt_reason: str = "",
    note: str = "",
) -> str:
    """An officer looks at the paper itself and records what it says. Returns "entered" or "spoilt"."""
    officer = _keying_officer(actor, batch)
    if selectors.paper_state(batch=batch, serial=serial) != "discrepancy":
        raise ValidationError(_("Paper %(serial)d is not waiting for a resolution.") % {"serial": serial})
    if not note.strip():
        raise ValidationError({"note": _("Say what the paper shows and why the keyings differed.")})
    if spoilt and not spoilt_reason.strip():
        raise ValidationError({"spoilt_reason": _("Say why the paper cannot be counted.")})
    if not spoilt:
        ballot_choices_check(batch.round, choices)
    normalised = [] if spoilt else _normalised(choices)
    PaperEntry.objects.create(
        batch=batch,
        serial=serial,
        choices=normalised,
        spoilt=spoilt,
        spoilt_reason=spoilt_reason.strip(),
        keyed_by=officer,
        is_resolution=True,
        note=note.strip(),
    )
    outcome = _settle(batch, serial, choices=normalised, spoilt=spoilt, reason=spoilt_reason.strip())
    audit_record(actor=actor, action="paper.discrepancy_resolved", target=batch, details={"serial": serial})
    return outcome


@transaction.atomic
def paper_batch_reconcile(*, actor: Actor, batch: PaperBatch, issued: int, returned: int) -> PaperBatch:
    """Record how many papers were handed out and how many came back in the ballot box."""
    if not can_manage_round(actor.person, batch.round):
        raise PermissionDenied(_("Only officers running this round can reconcile paper ballots."))
    errors: dict[str, str] = {}
    if issued < 0 or issued > batch.size:
        errors["issued"] = _("Enter a number from 0 to %(size)d, the papers in this batch.") % {"size": batch.size}
    if returned < 0 or returned > issued:
        errors["returned"] = _("Papers returned cannot be more than papers handed out.")
    if errors:
        raise ValidationError(errors)
    batch.issued, batch.returned = issued, returned
    batch.save(update_fields=["issued", "returned"])
    audit_record(
        actor=actor, action="paper_batch.reconciled", target=batch, details={"issued": issued, "returned": returned}
    )
    return batch
