"""Printable ballot papers: one A4 page each, with its serial and a tear-off receipt slip.

The paper lists the projects of every pot with a box to mark, the rules of the ballot in plain
words, and, below a cut line, the receipt the voter keeps to look up their ballot online.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from coopcouncil.budgeting.codes import paper_receipt
from coopcouncil.budgeting.models import BallotType, PaperBatch, Pot, Proposal
from coopcouncil.budgeting.presenters import money

MARGIN = 18 * mm
LINE = 7.5 * mm


def _instructions(batch: PaperBatch) -> str:
    round = batch.round
    kind = BallotType(round.ballot_type)
    if kind == BallotType.APPROVAL:
        return _("Put a cross (X) in the box of up to %(limit)d projects in each section.") % {
            "limit": round.max_choices or 0
        }
    if kind == BallotType.KNAPSACK:
        return _("Put a cross (X) by the projects you want. Together they must not cost more than the money shown.")
    if kind == BallotType.CUMULATIVE:
        return _("Write how many points you give each project. You have %(points)d points in each section.") % {
            "points": round.points_per_voter or 0
        }
    return _("Write 1 by your first choice, 2 by your second, and so on.")


def ballot_papers_pdf(batch: PaperBatch, pots: Mapping[Pot, Sequence[Proposal]]) -> bytes:
    """Every paper of the batch, numbered from its first serial to its last."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{batch.round.title}: {batch.label}")
    width, height = A4
    instructions = _instructions(batch)
    for serial in range(batch.first_serial, batch.last_serial + 1):
        y = height - MARGIN
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(MARGIN, y, batch.round.title)
        canvas.setFont("Helvetica", 11)
        canvas.drawRightString(width - MARGIN, y, _("Paper %(serial)d") % {"serial": serial})
        y -= LINE * 1.3
        canvas.drawString(MARGIN, y, instructions)
        for pot, proposals in pots.items():
            y -= LINE * 1.5
            canvas.setFont("Helvetica-Bold", 13)
            canvas.drawString(MARGIN, y, f"{pot.name} ({money(pot.budget_pence)})")
            canvas.setFont("Helvetica", 11)
            for proposal in proposals:
                y -= LINE
                canvas.rect(MARGIN, y - 1.5 * mm, 6 * mm, 6 * mm)
                canvas.drawString(
                    MARGIN + 10 * mm, y, f"{proposal.ballot_number}. {proposal.title} ({money(proposal.cost_pence)})"
                )
        # The tear-off slip: the only place the receipt is written.
        slip = MARGIN + 28 * mm
        canvas.setDash(3, 3)
        canvas.line(MARGIN, slip, width - MARGIN, slip)
        canvas.setDash()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(
            MARGIN, slip + 2 * mm, _("Tear off and keep the slip below. Put the paper in the ballot box.")
        )
        canvas.setFont("Helvetica", 11)
        canvas.drawString(MARGIN, slip - 8 * mm, _("Your receipt for %(round)s:") % {"round": batch.round.title})
        canvas.setFont("Courier-Bold", 16)
        canvas.drawString(MARGIN, slip - 16 * mm, paper_receipt(batch.round_id, serial))
        canvas.setFont("Helvetica", 9)
        canvas.drawString(
            MARGIN, slip - 23 * mm, _("Use it at the round's web page to see your ballot and how it was used.")
        )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def voting_code_cards_pdf(round_title: str, vote_address: str, codes: Sequence[tuple[int, str]]) -> bytes:
    """Cut-out cards, ten to an A4 page: where to vote, the code, and the card's number."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Voting codes: %(round)s") % {"round": round_title})
    width, height = A4
    columns, rows = 2, 5
    card_width, card_height = (width - 2 * MARGIN) / columns, (height - 2 * MARGIN) / rows
    for index, (serial, code) in enumerate(codes):
        if index and index % (columns * rows) == 0:
            canvas.showPage()
        slot = index % (columns * rows)
        x = MARGIN + (slot % columns) * card_width
        y = height - MARGIN - (slot // columns + 1) * card_height
        canvas.setDash(3, 3)
        canvas.rect(x, y, card_width, card_height)
        canvas.setDash()
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(x + 5 * mm, y + card_height - 10 * mm, round_title[:45])
        canvas.setFont("Helvetica", 10)
        canvas.drawString(x + 5 * mm, y + card_height - 17 * mm, _("Vote online at:"))
        canvas.drawString(x + 5 * mm, y + card_height - 23 * mm, vote_address)
        canvas.drawString(x + 5 * mm, y + card_height - 31 * mm, _("Your voting code (it works once):"))
        canvas.setFont("Courier-Bold", 15)
        canvas.drawString(x + 5 * mm, y + card_height - 39 * mm, code)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(x + 5 * mm, y + 4 * mm, _("Card %(serial)d") % {"serial": serial})
    canvas.save()
    return buffer.getvalue()
