"""Lets any page say whether the person may take part, and why not (e.g. by a follow button)."""

from __future__ import annotations

from typing import Any

from django import template

from coopcouncil.accounts.selectors import Participation, actor_from_request, participation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def participation(context: template.Context) -> Participation | None:
    """For the person the page is for (the resident in acting-for mode); None when signed out."""
    request: Any = context.get("request")
    person = actor_from_request(request).subject if request is not None else None
    return participation_for(person=person) if person is not None else None
