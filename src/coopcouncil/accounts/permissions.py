"""Who may do what with people's records. The one permission path for this area."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.ages import needs_parental_consent
from coopcouncil.accounts.models import STAFF_ROLES, ConsentPurpose, Person, Role, RoleAssignment
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


def can_register_assisted(person: Person | None) -> bool:
    return has_role_anywhere(person, [Role.OFFICER, Role.ADMINISTRATOR])


def can_act_for(officer: Person | None, resident: Person) -> bool:
    """Officers act only for people without a login of their own; others sign in themselves."""
    if officer is None or officer.pk == resident.pk or resident.is_anonymised:
        return False
    if resident.user_id is not None or is_staff_person(resident):
        return False
    return has_role_anywhere(officer, [Role.OFFICER, Role.ADMINISTRATOR])


def can_confirm_age(person: Person | None) -> bool:
    return has_role_anywhere(person, [Role.OFFICER, Role.ADMINISTRATOR])


def can_review_data_requests(person: Person | None) -> bool:
    """Deletion requests go to platform-wide officers (the data protection team) and administrators."""
    return has_role(person, [Role.ADMINISTRATOR, Role.OFFICER], on=None)


def can_view_access_needs(viewer: Person | None, person: Person) -> bool:
    """Special-category data: the person themselves, and officers who organise for them."""
    if viewer is None:
        return False
    if viewer.pk == person.pk:
        return True
    return has_role_anywhere(viewer, [Role.OFFICER, Role.ADMINISTRATOR])


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
