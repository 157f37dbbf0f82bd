"""Template filters for budgeting pages: money written as residents read it."""

from __future__ import annotations

from datetime import date

from django import template

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.presenters import person_public_name
from coopcouncil.budgeting import presenters

register = template.Library()


@register.filter
def money(pence: int | None) -> str:
    return "" if pence is None else presenters.money(int(pence))


@register.filter
def public_name(person: Person, on: date) -> str:
    """Never a child's name, never an anonymised person's."""
    return person_public_name(person, on=on)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key, "")
