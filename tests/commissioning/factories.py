"""Programmes set up as an officer would, with a mixed panel."""

from __future__ import annotations

from typing import Any

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import Programme, SeatType, Stage
from coopcouncil.core.actors import Actor
from tests.places.factories import CommunityFactory

_count = 0

YOUTH_PANEL = [
    services.SeatPlan(SeatType.YOUNG_COMMISSIONER, seats=6, quorum=3, score_weight=1),
    services.SeatPlan(SeatType.RESIDENT, seats=2, quorum=1, score_weight=1),
    services.SeatPlan(SeatType.OFFICER, seats=2, quorum=1, score_weight=1),
    services.SeatPlan(SeatType.PROFESSIONAL, seats=1, quorum=0, score_weight=1),
]


def programme_at(officer: Person, stage: Stage = Stage.NEEDS, **fields: Any) -> Programme:
    """A programme led by ``officer``, with the youth panel's seats, placed at ``stage``."""
    global _count
    _count += 1
    programme = services.programme_create(
        actor=Actor(person=officer),
        owner=fields.pop("owner", None) or CommunityFactory(),
        slug=f"programme-{_count}",
        title=fields.pop("title", f"Programme {_count}"),
        summary="Commissioned with residents.",
        lead_officer=officer,
        budget_envelope_pence=fields.pop("budget_envelope_pence", 300_000_000),
        seats=fields.pop("seats", YOUTH_PANEL),
    )
    Programme.objects.filter(pk=programme.pk).update(stage=stage)
    programme.refresh_from_db()
    return programme
