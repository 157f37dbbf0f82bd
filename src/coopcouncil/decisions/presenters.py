"""A decision as the log shows it: the same words on the page, in the feed and in the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from coopcouncil.core.models import Decision, DecisionMethod
from coopcouncil.decisions.kinds import kind_label
from coopcouncil.decisions.selectors import decision_kind, decision_scope_name, decision_subject_url


@dataclass(frozen=True)
class DecisionEntry:
    reference: str
    url: str
    title: str
    decided_at: datetime
    decided_by: str
    method: str
    method_label: str
    kind: str
    kind_label: str
    scope: str
    subject_url: str
    outcome: str
    reasons: str
    counts: dict[str, int]
    evidence: list[str]


def decision_present(decision: Decision) -> DecisionEntry:
    kind = decision_kind(decision)
    return DecisionEntry(
        reference=str(decision.reference),
        url=reverse("decisions:decision_detail", args=[decision.reference]),
        title=decision.title,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by,
        method=decision.method,
        method_label=str(DecisionMethod(decision.method).label),
        kind=kind,
        kind_label=kind_label(kind),
        scope=decision_scope_name(decision),
        subject_url=decision_subject_url(decision),
        outcome=decision.outcome,
        reasons=decision.reasons,
        counts={str(key): int(value) for key, value in decision.counts.items()},
        evidence=[str(link) for link in decision.evidence],
    )
