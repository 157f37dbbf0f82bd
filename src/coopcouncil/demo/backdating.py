"""Moving what the demo writes now back to the day it happens in the demo's story.

The demo goes through the services, which stamp their rows with the present moment. A programme
whose cabinet decision, award and a year of returns all carry today's date would look wrong, so
the loader does each step inside ``backdated(when)``: every stamp the step wrote is then moved to
``when``. The audit log is left as it is, since it records when the rows were really written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.apps import apps
from django.db import models
from django.utils import timezone

# (app label, model, its fields that services set to "now").
STAMPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("core", "Decision", ("decided_at",)),
    ("commissioning", "Programme", ("created_at",)),
    ("commissioning", "StageChange", ("changed_at",)),
    ("commissioning", "PanelMember", ("appointed_at",)),
    ("commissioning", "EvidenceItem", ("added_at",)),
    ("commissioning", "Asset", ("added_at",)),
    ("commissioning", "NeedStatement", ("added_at",)),
    ("commissioning", "Outcome", ("added_at",)),
    ("commissioning", "DotVote", ("opened_at", "closed_at")),
    ("commissioning", "DotSet", ("submitted_at",)),
    ("commissioning", "OutcomeBudget", ("set_at",)),
    ("commissioning", "EqualityImpactAssessment", ("recorded_at",)),
    ("commissioning", "MarketEngagement", ("added_at",)),
    ("commissioning", "OptionAppraisal", ("appraised_at",)),
    ("commissioning", "SpecificationVersion", ("drafted_at", "agreed_at")),
    ("commissioning", "SpecificationComment", ("created_at",)),
    ("commissioning", "Call", ("created_at", "opened_at", "bids_opened_at")),
    ("commissioning", "Bid", ("created_at", "submitted_at")),
    ("commissioning", "InterestDeclaration", ("declared_at",)),
    ("commissioning", "Evaluation", ("submitted_at",)),
    ("commissioning", "Moderation", ("finished_at",)),
    ("commissioning", "Award", ("recommended_at",)),
    ("commissioning", "AssessmentSummary", ("sent_at",)),
    ("commissioning", "Contract", ("created_at",)),
    ("commissioning", "KPI", ("created_at",)),
    ("commissioning", "KPIReturn", ("submitted_at", "reviewed_at")),
    ("commissioning", "KPIReturnEvent", ("at",)),
    ("commissioning", "ServiceFeedback", ("created_at", "moderated_at")),
    ("commissioning", "PerformanceRating", ("recorded_at",)),
    ("cooperatives", "MembershipApplication", ("submitted_at", "decided_at")),
    ("meetings", "Meeting", ("created_at",)),
    ("meetings", "Registration", ("registered_at",)),
    ("meetings", "Attendance", ("recorded_at",)),
    ("meetings", "Minutes", ("updated_at", "published_at")),
    ("meetings", "ActionItem", ("done_at",)),
    ("meetings", "MeetingDecision", ("recorded_at",)),
)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on ``day`` in the borough's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _stamped() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    return [(apps.get_model(label, name), fields) for label, name, fields in STAMPS]


@contextmanager
def backdated(when: datetime) -> Iterator[None]:
    """Every stamp written inside the block is moved to ``when`` (never later than now)."""
    started = timezone.now()
    when = min(when, started)
    yield
    for model, fields in _stamped():
        for field in fields:
            model._default_manager.filter(**{f"{field}__gte": started}).update(**{field: when})
