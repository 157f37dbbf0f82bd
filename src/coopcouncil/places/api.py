"""Open data about communities and wards."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from coopcouncil.places import selectors
from coopcouncil.places.models import Community, Ward

router = Router(tags=["places"])


class WardOut(Schema):
    name: str
    gss_code: str
    gss_code_inferred: bool
    valid_from: date
    valid_to: date | None


class CommunityOut(Schema):
    slug: str
    name: str
    kind: str
    summary: str
    parent: str | None
    wards: list[str]


def _community_out(community: Community) -> CommunityOut:
    return CommunityOut(
        slug=community.slug,
        name=community.name,
        kind=community.kind,
        summary=community.summary,
        parent=community.parent.slug if community.parent else None,
        wards=[ward.gss_code for ward in community.wards.all()],
    )


@router.get("/communities", response=list[CommunityOut], summary="Communities of place and of issue")
def communities(request: HttpRequest, kind: str | None = None) -> list[CommunityOut]:
    return [_community_out(c) for c in selectors.communities_list(kind=kind).prefetch_related("wards")]


@router.get("/communities/{slug}", response=CommunityOut, summary="One community")
def community(request: HttpRequest, slug: str) -> CommunityOut:
    found = get_object_or_404(Community.objects.prefetch_related("wards"), slug=slug, is_active=True)
    return _community_out(found)


@router.get("/wards", response=list[WardOut], summary="Wards, current on a date (today by default)")
def wards(request: HttpRequest, on: date | None = None, include_past: bool = False) -> list[Ward]:
    if include_past:
        return list(Ward.objects.order_by("valid_from", "name"))
    return list(selectors.wards_current(on=on or timezone.localdate()).order_by("name"))
