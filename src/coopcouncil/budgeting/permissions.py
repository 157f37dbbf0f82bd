"""Who may do what in participatory budgeting. The one permission path for this area.

Officers and administrators run a round when they hold the role on the round itself or on
anything above it: the community or co-operative that owns it, and that community's parents.
Residents take part when the round's phase and its eligibility rules let them.
"""

from __future__ import annotations

from coopcouncil.accounts.models import Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.budgeting.models import Comment, PaperBatch, Phase, Proposal, Round

RUNS_ROUNDS = (Role.OFFICER, Role.ADMINISTRATOR)


def can_manage_round(person: Person | None, round: Round) -> bool:
    """Move phases, review proposals, hand out codes and papers, count and publish."""
    return has_role(person, RUNS_ROUNDS, on=round)


def can_see_round(person: Person | None, round: Round) -> bool:
    """Draft rounds are seen only by the people setting them up."""
    return round.phase != Phase.DRAFT or can_manage_round(person, round)


def can_edit_proposal(person: Person | None, proposal: Proposal) -> bool:
    """Its proposers may change it while ideas are still being developed."""
    if person is None or proposal.round.phase not in (Phase.IDEAS_OPEN, Phase.PROPOSAL_DEVELOPMENT):
        return False
    return proposal.proposers.filter(person=person).exists()


def can_moderate(person: Person | None, subject: Comment | Proposal | Round) -> bool:
    return has_role(person, RUNS_ROUNDS, on=subject)


def can_key_paper(person: Person | None, batch: PaperBatch) -> bool:
    return has_role(person, RUNS_ROUNDS, on=batch)
