"""Reads for co-operatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from coopcouncil.accounts.models import Person
from coopcouncil.cooperatives.models import (
    ApplicationStatus,
    Cooperative,
    Member,
    MembershipApplication,
    MembershipClass,
)


def cooperatives_list() -> QuerySet[Cooperative]:
    return Cooperative.objects.select_related("organisation").annotate(
        current_members=Count("members", filter=Q(members__left_on__isnull=True))
    )


def cooperative_get(*, slug: str) -> Cooperative:
    return cooperatives_list().get(slug=slug)


def classes_of(*, cooperative: Cooperative) -> QuerySet[MembershipClass]:
    return cooperative.classes.prefetch_related("wards").annotate(
        current_members=Count("members", filter=Q(members__left_on__isnull=True))
    )


def applications_pending(*, cooperative: Cooperative) -> QuerySet[MembershipApplication]:
    return cooperative.applications.filter(status=ApplicationStatus.PENDING).select_related(
        "person", "membership_class"
    )


def application_pending_of(*, cooperative: Cooperative, person: Person) -> MembershipApplication | None:
    return cooperative.applications.filter(status=ApplicationStatus.PENDING, person=person).first()


def register_of(*, cooperative: Cooperative, include_former: bool = False) -> QuerySet[Member]:
    members = cooperative.members.select_related("person", "membership_class")
    return members if include_former else members.filter(left_on__isnull=True)


def memberships_of(*, person: Person) -> QuerySet[Member]:
    return person.cooperative_memberships.filter(left_on__isnull=True).select_related(
        "cooperative__organisation", "membership_class"
    )


@dataclass(frozen=True)
class GrowthPoint:
    month: date  # the first of the month
    members: int  # members at the end of that month


def membership_growth(*, cooperative: Cooperative, until: date) -> list[GrowthPoint]:
    """Members at the end of each month from the first joining to ``until``."""
    spans = list(cooperative.members.values_list("joined_on", "left_on"))
    if not spans:
        return []
    first = min(joined for joined, _left in spans)
    month = date(first.year, first.month, 1)
    points: list[GrowthPoint] = []
    while month <= until:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        count = sum(1 for joined, left in spans if joined < following and (left is None or left >= following))
        points.append(GrowthPoint(month, count))
        month = following
    return points
