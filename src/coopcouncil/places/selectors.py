"""Reads about places and communities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import models
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


def communities_with_those_beneath(communities: Sequence[Community]) -> list[Community]:
    """The communities and every community below them (a role on a parent covers its children)."""
    found = {community.pk: community for community in communities}
    frontier = list(found)
    while frontier:
        children = [child for child in Community.objects.filter(parent__in=frontier) if child.pk not in found]
        found.update((child.pk, child) for child in children)
        frontier = [child.pk for child in children]
    return list(found.values())


def postcodes_within(scopes: Sequence[models.Model], field: str) -> Q:
    """A filter for rows whose postcode (in ``field``) lies in the area of these scopes.

    A community's area is the wards it lists, and those of the communities beneath it. The
    borough's also holds every postcode of its authority (a ward since abolished included) and
    every postcode the lookup does not know: people whose ward is unknown belong to the borough.
    Scopes that are not communities (an organisation, later a round) have no area of their own.
    """
    communities = communities_with_those_beneath([scope for scope in scopes if isinstance(scope, Community)])
    if not communities:
        return Q(pk__in=[])
    wards = Ward.objects.filter(communities__in=communities)
    condition = Q(**{f"{field}__in": Postcode.objects.filter(ward__in=wards).values("postcode")})
    authorities = {community.authority_id for community in communities if community.kind == CommunityKind.BOROUGH}
    if authorities:
        condition |= Q(**{f"{field}__in": Postcode.objects.filter(ward__authority__in=authorities).values("postcode")})
        condition |= ~Q(**{f"{field}__in": Postcode.objects.values("postcode")})
    return condition
