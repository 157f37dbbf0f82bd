"""Reads for commissioning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from coopcouncil.commissioning.models import STAGE_ORDER, PanelMember, Programme, Stage
from coopcouncil.core.models import Decision


def programmes_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("owner_community", "owner_organisation", "lead_officer")


def programme_get(*, slug: str) -> Programme:
    return programmes_list().get(slug=slug)


def panel_current(*, programme: Programme) -> QuerySet[PanelMember]:
    return programme.panel_members.filter(stepped_down_at__isnull=True).select_related("person")


def panel_history(*, programme: Programme) -> QuerySet[PanelMember]:
    return programme.panel_members.select_related("person", "appointed_by").order_by("appointed_at", "id")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a programme's public timeline: a stage change or a published decision."""

    at: datetime
    kind: str  # "stage" or "decision"
    title: str
    detail: str
    stage: Stage | None = None
    decision: Decision | None = None


def decisions_about(*, programme: Programme, public_only: bool = True) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(
        subject_type=ContentType.objects.get_for_model(Programme), subject_id=str(programme.pk)
    )
    return decisions.filter(is_public=True) if public_only else decisions


def programme_timeline(*, programme: Programme) -> list[TimelineEntry]:
    """Every stage change and every published decision, oldest first."""
    entries: list[TimelineEntry] = [
        TimelineEntry(
            at=change.changed_at,
            kind="stage",
            title=str(Stage(change.to_stage).label),
            detail=change.reason,
            stage=Stage(change.to_stage),
        )
        for change in programme.stage_changes.all()
    ]
    entries += [
        TimelineEntry(at=d.decided_at, kind="decision", title=d.title, detail=d.outcome, decision=d)
        for d in decisions_about(programme=programme)
    ]
    return sorted(entries, key=lambda entry: entry.at)


def stages_with_state(*, programme: Programme) -> list[tuple[Stage, str]]:
    """The six stages, each "done", "current" or "to come"."""
    current = programme.stage_index
    return [
        (stage, "done" if index < current else "current" if index == current else "to come")
        for index, stage in enumerate(STAGE_ORDER)
        if stage != Stage.CLOSED
    ]


def seat_counts(*, programme: Programme) -> dict[str, Any]:
    """Seats by type: the rule and how many are filled now."""
    filled: dict[str, int] = {}
    for member in panel_current(programme=programme):
        filled[member.seat_type] = filled.get(member.seat_type, 0) + 1
    return {rule.seat_type: (rule, filled.get(rule.seat_type, 0)) for rule in programme.seat_rules.all()}
