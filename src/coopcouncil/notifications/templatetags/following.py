"""Lets pages of lower layers (the account dashboard) list what a person follows."""

from __future__ import annotations

from django import template
from django.db import models

from coopcouncil.accounts.models import Person
from coopcouncil.notifications.selectors import followed_with_topics

register = template.Library()


@register.simple_tag
def followed_by(person: Person) -> list[models.Model]:
    """The things a person follows, each once, in the order they started following."""
    return [followed.target for followed in followed_with_topics(person=person)]
