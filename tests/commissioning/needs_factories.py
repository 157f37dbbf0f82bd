"""Stages 1 to 3 worked through as an officer and a panel would, for tests further on in the cycle."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import (
    STATUTORY_CHARACTERISTICS,
    DecisionMaker,
    EiaOutcome,
    EvidenceItem,
    EvidenceKind,
    Impact,
    Outcome,
    PanelMember,
    Programme,
    SeatType,
    Stage,
)
from coopcouncil.commissioning.services import needs
from coopcouncil.core.actors import Actor
from tests.accounts.factories import PersonFactory

OUTCOMES = ("Young people feel safe", "More places to go after school", "Help into work")


def evidence_add(
    officer: Person, programme: Programme, title: str = "Youth survey 2026", **fields: object
) -> EvidenceItem:
    values: dict[str, object] = {
        "kind": EvidenceKind.DATA,
        "title": title,
        "summary": "Four in ten young people said they had nowhere to go after school.",
        "source": "Lambeth youth survey",
        "gathered_on": date(2026, 3, 1),
        "is_public": True,
    }
    values.update(fields)
    return needs.evidence_item_add(actor=Actor(person=officer), programme=programme, **values)  # type: ignore[arg-type]


def outcome_add(officer: Person, programme: Programme, title: str) -> Outcome:
    return needs.outcome_add(
        actor=Actor(person=officer),
        programme=programme,
        title=title,
        measure=f"Share of young people saying: {title.lower()}",
        baseline="41% in 2026",
        method="Annual youth survey",
    )


def panel_of(officer: Person, programme: Programme, young: int = 2, residents: int = 1) -> list[PanelMember]:
    actor = Actor(person=officer)
    return [
        services.panel_member_appoint(actor=actor, programme=programme, person=PersonFactory(), seat_type=seat)
        for seat in [SeatType.YOUNG_COMMISSIONER] * young + [SeatType.RESIDENT] * residents
    ]


def programme_with_needs(officer: Person) -> Programme:
    """At stage 1 with a need, its evidence and three outcomes with indicators."""
    from tests.commissioning.factories import programme_at

    programme = programme_at(officer)
    item = evidence_add(officer, programme)
    needs.need_statement_add(
        actor=Actor(person=officer), programme=programme, statement="Nowhere to go after school", evidence=[item]
    )
    for title in OUTCOMES:
        outcome_add(officer, programme, title)
    return programme


def all_neutral() -> dict[object, tuple[Impact, str]]:
    return {characteristic: (Impact.NEUTRAL, "") for characteristic in STATUTORY_CHARACTERISTICS}


def programme_with_priorities_decided(officer: Person) -> Programme:
    """Moved through stage 2: dots placed, the vote closed, the budget split, the EIA and both decisions."""
    programme = programme_with_needs(officer)
    members = panel_of(officer, programme)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES, reason="Needs mapped")
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    outcomes = list(Outcome.objects.filter(programme=programme).order_by("pk"))
    for member in members:
        needs.dots_place(
            actor=Actor(person=member.person), programme=programme, dots={outcomes[0].pk: 3, outcomes[1].pk: 2}
        )
    needs.dot_vote_close(actor=actor, programme=programme)
    needs.budget_split_set(
        actor=actor, programme=programme, amounts={outcomes[0].pk: 200_000_000, outcomes[1].pk: 100_000_000}
    )
    needs.equality_assessment_record(
        actor=actor,
        programme=programme,
        evidence_used="Youth survey, census by ward",
        outcome=EiaOutcome.NO_MAJOR_CHANGE,
        completed_on=timezone.localdate(),
        impacts=all_neutral(),  # type: ignore[arg-type]
    )
    needs.priorities_recommend(actor=actor, programme=programme, reasons="Most dots from young commissioners")
    needs.priorities_decide(
        actor=actor,
        programme=programme,
        decision_maker=DecisionMaker.CABINET,
        decided_by="",
        decided_at=timezone.now(),
        rationale="The panel's priorities follow the evidence.",
    )
    return programme
