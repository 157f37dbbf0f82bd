"""Public pages of commissioning: programmes, their panels and their timelines."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.models import Programme
from coopcouncil.commissioning.permissions import can_manage_programme, panel_seat_of
from coopcouncil.commissioning.public import public_parts_for
from coopcouncil.notifications.forms import FollowTopicsForm
from coopcouncil.notifications.selectors import follow_topics_for


def _programme_or_404(slug: str) -> Programme:
    try:
        return selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "commissioning/programme_list.html", {"programmes": selectors.programmes_list()})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_or_404(slug)
    actor = actor_from_request(request)
    person = actor.subject
    topics = follow_topics_for(person=person, target=programme) if person else set()
    return render(
        request,
        "commissioning/programme_detail.html",
        {
            "programme": programme,
            "stages": selectors.stages_with_state(programme=programme),
            "timeline": selectors.programme_timeline(programme=programme),
            "panel": selectors.panel_current(programme=programme),
            "seats": selectors.seat_counts(programme=programme),
            "seat": panel_seat_of(person, programme),
            "can_manage": can_manage_programme(actor.person, programme),
            "follow_form": FollowTopicsForm(target_name=programme.title, initial={"topics": sorted(topics)})
            if person
            else None,
            "following": bool(topics),
            "person": person,
            "today": timezone.localdate(),
            "parts": public_parts_for(programme, person),
        },
    )
