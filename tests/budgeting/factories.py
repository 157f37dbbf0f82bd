"""Rounds set up as an officer would, for tests that start at a given phase.

``round_in_phase`` goes through the services for the set-up and then places the round in the
phase the test needs: tests of the phase machine itself move it with ``round_phase_advance``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting import services
from coopcouncil.budgeting.models import PHASE_ORDER, Category, Phase, Pot, Proposal, ProposalStatus, Round
from coopcouncil.core.actors import Actor
from coopcouncil.places.models import Community
from tests.places.factories import CommunityFactory

_rounds = 0


def round_in_phase(
    officer: Person,
    phase: Phase = Phase.DRAFT,
    *,
    owner: Community | None = None,
    projects: Sequence[tuple[str, int]] = (),
    pot_budgets: Sequence[tuple[str, int]] = (),
    rules: Sequence[dict[str, Any]] = (),
    **settings: Any,
) -> Round:
    """A round owned by ``owner`` (a new community by default) with ``projects`` on its ballot.

    ``projects`` are (title, cost in pence); they go in the first pot, shortlisted and numbered
    1, 2, 3... when ``phase`` is the shortlist or later. ``rules`` are eligibility rules
    (``eligibility_rule_add`` arguments), added while the round is a draft.
    """
    global _rounds
    _rounds += 1
    owner = owner or CommunityFactory()
    settings.setdefault("budget_pence", sum(b for _, b in pot_budgets) or 2_000_000)
    settings.setdefault("max_choices", 3)
    round = services.round_create(
        actor=Actor(person=officer),
        owner=owner,
        slug=f"round-{_rounds}",
        title=settings.pop("title", f"Round {_rounds}"),
        summary="How should we spend it?",
        pots=[services.PotPlan(name, budget) for name, budget in pot_budgets],
        **settings,
    )
    for rule in rules:
        services.eligibility_rule_add(actor=Actor(person=officer), round=round, **rule)
    pot = round.pots.first()
    on_ballot = PHASE_ORDER.index(phase) >= PHASE_ORDER.index(Phase.SHORTLIST_PUBLISHED)
    for number, (title, cost) in enumerate(projects, start=1):
        Proposal.objects.create(
            round=round,
            pot=pot,
            title=title,
            description=f"{title}, for everyone.",
            estimated_cost_pence=cost,
            costed_pence=cost,
            category=Category.COMMUNITY,
            status=ProposalStatus.SHORTLISTED if on_ballot else ProposalStatus.FEASIBLE,
            ballot_number=number if on_ballot else None,
        )
    Round.objects.filter(pk=round.pk).update(phase=phase)
    round.refresh_from_db()
    return round


def proposals_by_title(round: Round) -> dict[str, Proposal]:
    return {p.title: p for p in round.proposals.all()}


def only_pot(round: Round) -> Pot:
    return round.pots.get()
