"""Lets pages of lower layers (the account dashboard) list what a person follows."""

from __future__ import annotations

from django import template
from django.db import models

from coopcouncil.accounts.models import Person
from coopcouncil.notifications.selectors import follows_of

register = template.Library()


@register.simple_tag
def followed_by(person: Person) -> list[models.Model]:
    """The things a person follows, each once, in the order they started following."""
    seen: set[tuple[int, str]] = set()
    targets: list[models.Model] = []
    for follow in follows_of(person=person):
        key = (follow.target_type_id, follow.target_id)
        if key not in seen and follow.target is not None:
            seen.add(key)
            targets.append(follow.target)
    return targets
