"""Reads for the public decision log: published decisions, filtered as residents ask for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from coopcouncil.accounts.models import Organisation
from coopcouncil.core.models import Decision
from coopcouncil.decisions.kinds import KINDS, OTHER
from coopcouncil.places.models import Community, Ward


@dataclass(frozen=True)
class DecisionFilters:
    community: Community | None = None
    organisation: Organisation | None = None
    ward: Ward | None = None
    kind: str = ""
    decided_from: date | None = None
    decided_to: date | None = None

    def is_empty(self) -> bool:
        return not (
            self.community or self.organisation or self.ward or self.kind or self.decided_from or self.decided_to
        )


def communities_within(community: Community) -> set[int]:
    """The community and every community under it (a neighbourhood's wards, the borough's all)."""
    found = {community.pk}
    frontier = [community.pk]
    while frontier:
        frontier = list(
            Community.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


def _scoped_to_communities(ids: set[int]) -> Q:
    return Q(scope_type=ContentType.objects.get_for_model(Community), scope_id__in=[str(pk) for pk in ids])


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def decisions_published(filters: DecisionFilters | None = None) -> QuerySet[Decision]:
    """Public decisions, newest first, narrowed by community (and those under it), ward, kind and dates.

    A ward's decisions are those of every community that covers the ward: the ward's own, and a
    neighbourhood's that includes it.
    """
    # The log names each decision's owner and links to its subject: fetched per kind, not per row.
    decisions = (
        Decision.objects.filter(is_public=True)
        .select_related("subject_type", "scope_type")
        .prefetch_related("subject", "scope")
    )
    if filters is None:
        return decisions
    if filters.community is not None:
        decisions = decisions.filter(_scoped_to_communities(communities_within(filters.community)))
    if filters.organisation is not None:
        decisions = decisions.filter(
            scope_type=ContentType.objects.get_for_model(Organisation), scope_id=str(filters.organisation.pk)
        )
    if filters.ward is not None:
        covering = set(Community.objects.filter(wards=filters.ward).values_list("pk", flat=True))
        decisions = decisions.filter(_scoped_to_communities(covering))
    if filters.kind == OTHER:
        decisions = decisions.exclude(subject_type__app_label__in=[key for key in KINDS if key != OTHER])
    elif filters.kind:
        decisions = decisions.filter(subject_type__app_label=filters.kind)
    if filters.decided_from is not None:
        decisions = decisions.filter(decided_at__gte=_start_of(filters.decided_from))
    if filters.decided_to is not None:
        decisions = decisions.filter(decided_at__lt=_start_of(filters.decided_to) + timedelta(days=1))
    return decisions


def decision_published_get(*, reference: UUID) -> Decision:
    return decisions_published().get(reference=reference)


def decision_kind(decision: Decision) -> str:
    app_label = decision.subject_type.app_label if decision.subject_type else ""
    return app_label if app_label in KINDS else OTHER


def decision_scope_name(decision: Decision) -> str:
    """The community or organisation the decision belongs to, or "" when it has none."""
    scope = decision.scope
    return str(scope) if scope is not None else ""


def decision_subject_url(decision: Decision) -> str:
    """The page of what the decision was about (a round, a programme), when it has one."""
    subject = decision.subject
    get_url = getattr(subject, "get_absolute_url", None)
    return str(get_url()) if callable(get_url) else ""
