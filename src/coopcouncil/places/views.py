from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.notifications.forms import FollowTopicsForm
from coopcouncil.notifications.selectors import follow_topics_for
from coopcouncil.places import selectors
from coopcouncil.places.models import Community, CommunityKind


def community_list(request: HttpRequest) -> HttpResponse:
    communities = list(selectors.communities_list())
    groups = [(label, [c for c in communities if c.kind == kind]) for kind, label in CommunityKind.choices]
    return render(request, "places/community_list.html", {"groups": [g for g in groups if g[1]]})


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        community = selectors.community_get(slug=slug)
    except Community.DoesNotExist as error:
        raise Http404 from error
    person = actor_from_request(request).subject
    topics = follow_topics_for(person=person, target=community) if person else set()
    # The topics form posts to notifications' follow view, which owns following anything.
    follow_form = FollowTopicsForm(target_name=community.name, initial={"topics": sorted(topics)}) if person else None
    return render(
        request,
        "places/community_detail.html",
        {
            "community": community,
            "wards": community.wards.all(),
            "follow": bool(topics),
            "follow_form": follow_form,
            "person": person,
        },
    )
