"""Reads about places and communities."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from coopcouncil.accounts.models import postcode_normalise
from coopcouncil.places.models import Community, CommunityKind, Postcode, Ward


def communities_list(*, kind: str | None = None) -> QuerySet[Community]:
    communities = Community.objects.filter(is_active=True).select_related("parent")
    if kind:
        communities = communities.filter(kind=kind)
    return communities.order_by("kind", "name")


def communities_featured() -> QuerySet[Community]:
    """The borough and the issue communities, for the home page."""
    return Community.objects.filter(is_active=True, kind__in=[CommunityKind.BOROUGH, CommunityKind.ISSUE]).order_by(
        "kind", "name"
    )


def community_get(*, slug: str) -> Community:
    return Community.objects.select_related("parent", "authority").get(slug=slug, is_active=True)


def wards_current(*, on: date) -> QuerySet[Ward]:
    return Ward.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def ward_for_postcode(postcode: str) -> Ward | None:
    """The ward a postcode lies in, or None when it is not in the lookup (or not a postcode)."""
    try:
        normalised = postcode_normalise(postcode)
    except ValueError:
        return None
    row = Postcode.objects.select_related("ward").filter(postcode=normalised).first()
    return row.ward if row else None
