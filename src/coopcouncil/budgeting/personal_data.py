"""What participatory budgeting holds about a person, how it is exported, erased and expired.

A ballot is never linked to its voter (ADR 0009), so there is no ballot to export or erase: the
register says only that the person voted, in which round and how. Erasure keeps the proposals
(they are part of a published decision) without their proposers, removes the person's comments'
words, and unlinks their register entries; the ballots stay in the count. What officers did in
their role (reviews, keying, counts) is kept with the officer's anonymised name, as the record
of a public decision.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting.models import Comment, CommentReport, Proposal, Proposer, VoterMark
from coopcouncil.core.personal_data import PersonalDataArea

REMOVED = "[removed at the author's request]"


def budgeting_export(person: Person) -> dict[str, Any]:
    return {
        "proposals": [
            {
                "round": p.proposal.round.title,
                "title": p.proposal.title,
                "lead_proposer": p.is_lead,
                "status": p.proposal.status,
                "added_at": p.added_at.isoformat(),
            }
            for p in Proposer.objects.filter(person=person).select_related("proposal__round")
        ],
        "comments": [
            {
                "proposal": c.proposal.title,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "hidden": c.is_hidden,
            }
            for c in Comment.objects.filter(author=person).select_related("proposal")
        ],
        "comment_reports": [
            {"reason": r.reason, "reported_at": r.reported_at.isoformat()}
            for r in CommentReport.objects.filter(reported_by=person)
        ],
        # Which rounds the person voted in and how; what they chose is not linked to them.
        "voted_in": [
            {"round": m.round.title, "channel": m.channel, "marked_at": m.marked_at.isoformat()}
            for m in VoterMark.objects.filter(person=person).select_related("round")
        ],
    }


def budgeting_erase(person: Person) -> None:
    Proposer.objects.filter(person=person).delete()
    Proposal.objects.filter(created_by=person).update(created_by=None)
    Comment.objects.filter(author=person).update(author=None, body=REMOVED)
    CommentReport.objects.filter(reported_by=person).update(reported_by=None)
    VoterMark.objects.filter(person=person).update(person=None)


def budgeting_expire(now: datetime) -> dict[str, int]:
    """Unlink people from the register a year after they voted: the marks (and ballots) stay."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["budgeting_register"])
    unlinked = VoterMark.objects.filter(marked_at__lt=cutoff, person__isnull=False).update(person=None)
    return {"budgeting_register": unlinked}


BUDGETING_PERSONAL_DATA = PersonalDataArea(
    name="budgeting",
    export=budgeting_export,
    erase=budgeting_erase,
    kept_after_erasure=_(
        "Your ballots stay in the counts, as they were never linked to you. Proposals you made stay, without "
        "your name, because they are part of a published decision; the words of your comments are removed."
    ),
    models=(
        "budgeting.Round",
        "budgeting.PhaseChange",
        "budgeting.Proposal",
        "budgeting.Proposer",
        "budgeting.FeasibilityReview",
        "budgeting.Comment",
        "budgeting.CommentReport",
        "budgeting.VoterMark",
        "budgeting.VotingCodeBatch",
        "budgeting.PaperBatch",
        "budgeting.PaperEntry",
        "budgeting.Count",
        "budgeting.TieDraw",
        "budgeting.DeliveryUpdate",
    ),
    expire=budgeting_expire,
)
