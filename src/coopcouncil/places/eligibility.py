"""Whether a person belongs to an area: by the postcode they live at, or a verified claim to work,
study or volunteer there. Participatory budgeting rounds and co-operative membership classes both
ask it, each with its own rules; the answer and its plain-words reason are worked out here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from coopcouncil.accounts.models import AreaClaimKind, Person
from coopcouncil.accounts.selectors import area_claims_verified_for
from coopcouncil.places.models import Ward
from coopcouncil.places.selectors import ward_for_postcode


class AreaRule(Protocol):
    """An area a rule covers: wards, postcode districts outside the lookup, and the connections that count."""

    @property
    def area_wards(self) -> Sequence[Ward]: ...

    @property
    def district_list(self) -> list[str]: ...

    @property
    def connection_kinds(self) -> list[AreaClaimKind]: ...


def postcode_district(postcode: str) -> str:
    return postcode.strip().upper().split(" ")[0] if postcode.strip() else ""


def _in_area(postcode: str, rule: AreaRule, ward_ids: set[int]) -> bool:
    if not postcode:
        return False
    if postcode_district(postcode) in rule.district_list:
        return True
    ward: Ward | None = ward_for_postcode(postcode)
    return ward is not None and ward.pk in ward_ids


def area_names(rule: AreaRule) -> str:
    return ", ".join([ward.name for ward in rule.area_wards] + rule.district_list)


def connection_words(kinds: Sequence[AreaClaimKind]) -> str:
    """'live', 'live or work', 'live, work or study'."""
    words = {
        AreaClaimKind.LIVE: _("live"),
        AreaClaimKind.WORK: _("work"),
        AreaClaimKind.STUDY: _("study"),
        AreaClaimKind.VOLUNTEER: _("volunteer"),
    }
    named = [str(words[kind]) for kind in kinds]
    if len(named) == 1:
        return named[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(named[:-1]), "last": named[-1]}


def area_check(person: Person, rule: AreaRule) -> str | None:
    """None when the person meets the rule, else the reason to show them."""
    kinds = rule.connection_kinds or [AreaClaimKind.LIVE]
    ward_ids = {ward.pk for ward in rule.area_wards}
    if AreaClaimKind.LIVE in kinds and _in_area(person.postcode, rule, ward_ids):
        return None
    for verified in area_claims_verified_for(person, kinds):
        if verified.ward is not None and verified.ward.pk in ward_ids:
            return None
        if postcode_district(verified.claim.postcode) in rule.district_list:
            return None
    if not person.postcode and AreaClaimKind.LIVE in kinds:
        return _("We do not know your postcode. Add it to your account, or ask an officer to check it.")
    return _("This is for people who %(how)s in %(area)s.") % {"how": connection_words(kinds), "area": area_names(rule)}


def area_described(rule: AreaRule) -> str:
    kinds = rule.connection_kinds or [AreaClaimKind.LIVE]
    return _("You %(how)s in %(area)s.") % {"how": connection_words(kinds), "area": area_names(rule)}
