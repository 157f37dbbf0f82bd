"""What each part of the cycle shows on a programme's public page.

Each stage module registers a template and a function that builds its context; the programme page
renders them in stage order. The page then grows with the workflow without one view knowing all of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import Programme

PublicContext = Callable[[Programme, Person | None], dict[str, Any]]


@dataclass(frozen=True)
class PublicPart:
    order: int
    template: str
    context: PublicContext


_parts: list[PublicPart] = []


def public_part_register(*, order: int, template: str, context: PublicContext) -> None:
    _parts.append(PublicPart(order, template, context))
    _parts.sort(key=lambda part: part.order)


def public_parts_for(programme: Programme, viewer: Person | None) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for each registered part, in order."""
    return [(part.template, part.context(programme, viewer)) for part in _parts]


# The officer's "run this programme" page lists each stage's pages: (order, function of the programme
# giving (url, label) pairs), registered by the stage modules.
OfficerLinks = Callable[[Programme], list[tuple[str, str]]]
_officer_links: list[tuple[int, OfficerLinks]] = []


def officer_links_register(*, order: int, links: OfficerLinks) -> None:
    _officer_links.append((order, links))
    _officer_links.sort(key=lambda entry: entry[0])


def officer_links_for(programme: Programme) -> list[tuple[str, str]]:
    return [link for _order, links in _officer_links for link in links(programme)]
