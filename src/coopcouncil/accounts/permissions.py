"""Who may do what with people's records. The one permission path for this area.

An officer's roles cover people, not just places: ``people_covered_by`` is the one rule
for which people, and every check about a person (acting for them, confirming their age,
seeing their access needs, finding them in people search) goes through it. Where people
live is known to ``places``, which sits above this app, so places registers a
``PlaceLookup`` in its ``AppConfig.ready()`` (ADR 0007, "Whom an officer's roles cover").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import needs_parental_consent
from coopcouncil.accounts.models import STAFF_ROLES, AreaClaim, ConsentPurpose, Person, Role, RoleAssignment
from coopcouncil.core.permissions import scope_chain


def has_role(person: Person | None, roles: Iterable[Role], *, on: models.Model | None) -> bool:
    """Does the person hold one of ``roles`` on ``on`` or on anything above it?

    A role held with no scope is platform-wide and counts everywhere. With ``on=None`` only
    platform-wide roles count.
    """
    if person is None or person.is_anonymised:
        return False
    condition = Q(scope_type__isnull=True)
    for scope in scope_chain(on):
        condition |= Q(scope_type=ContentType.objects.get_for_model(scope), scope_id=str(scope.pk))
    return RoleAssignment.objects.current().filter(condition, person=person, role__in=list(roles)).exists()


def has_role_anywhere(person: Person | None, roles: Iterable[Role]) -> bool:
    """Does the person hold one of ``roles`` on any scope at all?"""
    if person is None or person.is_anonymised:
        return False
    return RoleAssignment.objects.current().filter(person=person, role__in=list(roles)).exists()


def is_staff_person(person: Person | None) -> bool:
    """Staff roles must sign in with two-factor authentication."""
    return has_role_anywhere(person, STAFF_ROLES)


# Where people are ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceLookup:
    """What places tells accounts about where things are.

    ``postcodes_within(scopes, field)`` is a filter for rows whose postcode (in ``field``) lies
    in the area of any of the scopes, or of anything beneath them; scopes that are not places
    contribute nothing. ``ward_for_postcode`` is the postcode-to-ward lookup.
    """

    postcodes_within: Callable[[Sequence[models.Model], str], Q]
    ward_for_postcode: Callable[[str], models.Model | None]


_place_lookups: dict[str, PlaceLookup] = {}


def place_lookup_register(lookup: PlaceLookup) -> None:
    """Called by places from AppConfig.ready. Until it is, scoped roles cover nobody by place."""
    _place_lookups["places"] = lookup


def place_lookup() -> PlaceLookup | None:
    return _place_lookups.get("places")


# Whom an officer's roles cover --------------------------------------------------------------

OFFICER_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)
_NOBODY = Q(pk__in=[])


@dataclass(frozen=True)
class _Reach:
    platform_wide: bool
    scopes: list[models.Model]


def _officer_reach(officer: Person | None) -> _Reach | None:
    """The scopes of an officer's current officer and administrator roles; None for no such role."""
    if officer is None or officer.pk is None or officer.is_anonymised:
        return None
    assignments = list(
        RoleAssignment.objects.current().filter(person=officer, role__in=OFFICER_ROLES).select_related("scope_type")
    )
    if not assignments:
        return None
    if any(assignment.scope_type_id is None for assignment in assignments):
        return _Reach(platform_wide=True, scopes=[])
    # A scope whose object has gone (a deleted community) covers nothing.
    return _Reach(platform_wide=False, scopes=[a.scope for a in assignments if a.scope is not None])


def _in_area(reach: _Reach, *, field: str) -> Q:
    lookup = place_lookup()
    if lookup is None or not reach.scopes:
        return _NOBODY
    return lookup.postcodes_within(reach.scopes, field)


def _people_covered(officer: Person, reach: _Reach) -> Q:
    if reach.platform_wide:
        return Q()
    # The officer who registered someone at a hub looks after them until they claim the profile,
    # wherever they live: an officer at a library hub serves people from anywhere.
    return Q(registered_by=officer, user__isnull=True) | _in_area(reach, field="postcode")


def people_covered_by(officer: Person | None) -> Q:
    """The people an officer's roles cover, as a filter on ``Person``: the one rule for every check here.

    A platform-wide officer or administrator covers everyone. A role on a community covers the
    people whose postcode lies in its wards or in those of the communities beneath it; a role on
    the borough also covers everyone whose ward is not known. Any officer covers the people they
    registered at a hub until those people claim their profile. Anyone else covers nobody.
    """
    reach = _officer_reach(officer)
    if officer is None or reach is None:
        return _NOBODY
    return _people_covered(officer, reach)


def covers_person(officer: Person | None, person: Person) -> bool:
    if officer is None or person.pk is None:
        return False
    return Person.objects.filter(pk=person.pk).filter(people_covered_by(officer)).exists()


def area_claims_covered_by(officer: Person | None) -> Q:
    """The area claims an officer may check, as a filter on ``AreaClaim``: those about a place in
    their area, or made by a person they cover."""
    reach = _officer_reach(officer)
    if officer is None or reach is None:
        return _NOBODY
    if reach.platform_wide:
        return Q()
    covered = Person.objects.filter(_people_covered(officer, reach)).values("pk")
    return Q(person__in=covered) | _in_area(reach, field="postcode")


def people_visible_to(officer: Person | None) -> Q:
    """Whose profile an officer may open: the people they cover, and anyone with an area claim in
    their area (to check it). Access needs and acting for still need ``covers_person``."""
    reach = _officer_reach(officer)
    if officer is None or reach is None:
        return _NOBODY
    if reach.platform_wide:
        return Q()
    claimants = AreaClaim.objects.filter(_in_area(reach, field="postcode")).values("person_id")
    return _people_covered(officer, reach) | Q(pk__in=claimants)


# The checks ---------------------------------------------------------------------------------


def can_register_assisted(person: Person | None) -> bool:
    """Any officer may register a resident at a hub, whatever their scope: it creates a record
    rather than reading one, and the officer then covers the person they registered."""
    return has_role_anywhere(person, OFFICER_ROLES)


def can_act_for(officer: Person | None, resident: Person) -> bool:
    """Officers act only for people without a login of their own, and only for people they cover."""
    if officer is None or officer.pk == resident.pk or resident.is_anonymised:
        return False
    if resident.user_id is not None or is_staff_person(resident):
        return False
    return covers_person(officer, resident)


def can_confirm_age(officer: Person | None, person: Person) -> bool:
    """An officer who covers the person, never for themselves: the evidence is checked by someone else."""
    if officer is None or officer.pk == person.pk or person.is_anonymised:
        return False
    return covers_person(officer, person)


def can_review_data_requests(person: Person | None) -> bool:
    """Deletion requests go to platform-wide officers (the data protection team) and administrators."""
    return has_role(person, [Role.ADMINISTRATOR, Role.OFFICER], on=None)


def can_view_access_needs(viewer: Person | None, person: Person) -> bool:
    """Special-category data: the person themselves, and officers whose roles cover them."""
    if viewer is None:
        return False
    if viewer.pk == person.pk:
        return True
    return covers_person(viewer, person)


def can_record_area_claim(person: Person | None, subject: Person) -> bool:
    """A resident records their own claims; an officer records them while acting for the resident."""
    if person is None or subject.is_anonymised:
        return False
    return person.pk == subject.pk or can_act_for(person, subject)


def can_verify_area_claim(officer: Person | None, claim: AreaClaim) -> bool:
    """An officer whose roles cover the claim's place or the person, never for their own claim."""
    if officer is None or officer.pk == claim.person_id:
        return False
    return AreaClaim.objects.filter(pk=claim.pk).filter(area_claims_covered_by(officer)).exists()


def can_assign_role(person: Person | None, *, role: Role, on: models.Model | None) -> bool:
    """Administrators on a scope (or platform-wide) may give roles on it; only platform-wide
    administrators may give platform-wide roles."""
    return has_role(person, [Role.ADMINISTRATOR], on=on)


def can_take_part(person: Person | None, *, on: date | None = None) -> bool:
    """May the person take part: follow things, give consents, and later vote and propose?

    Not a child under 13 (or possibly under 13, when only a year of birth is known) until a
    parent or carer has agreed, whether the request is unanswered, refused or was never made
    (UK GDPR article 8); not an anonymised person. Every service that lets someone take part
    checks this and raises ``CannotTakePart``.
    """
    if person is None or person.is_anonymised:
        return False
    if not needs_parental_consent(person.date_of_birth, person.birth_year, on or timezone.localdate()):
        return True
    return person.consents.filter(purpose=ConsentPurpose.PARENTAL, withdrawn_at__isnull=True).exists()


class CannotTakePart(PermissionDenied):
    """Raised when ``can_take_part`` is false. Its message tells the person why, in plain words."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "You cannot take part yet, because a parent or carer has not agreed. "
                "Your account page says what happens next."
            )
        )
