"""A youth co-operative set up as its membership secretary would, with its classes of member."""

from __future__ import annotations

from datetime import date

from allauth.mfa.totp.internal.auth import TOTP

from coopcouncil.accounts.models import Organisation, OrganisationKind, Person, Role
from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import Cooperative, MembershipClass
from coopcouncil.core.actors import Actor
from tests.accounts.factories import person_with_login, role_give
from tests.frontend.people import totp_secret

_count = 0


def membership_secretary(cooperative_organisation: Organisation) -> Person:
    email = f"secretary{cooperative_organisation.pk}@ylc.example"
    secretary = person_with_login(email=email)
    role_give(secretary, Role.OFFICER, on=cooperative_organisation)
    # Staff roles sign in with a second factor.
    assert secretary.user is not None
    TOTP.activate(secretary.user, totp_secret(email))
    return secretary


def youth_cooperative() -> tuple[Cooperative, Person]:
    """Young Lambeth Co-operative with young people (5 to 19) and community (18+) classes, and its secretary."""
    global _count
    _count += 1
    organisation = Organisation.objects.create(
        name=f"Young Lambeth Co-operative {_count}",
        kind=OrganisationKind.COOPERATIVE,
        org_id=f"GB-MPR-70000{_count:02d}",
    )
    secretary = membership_secretary(organisation)
    actor = Actor(person=secretary)
    cooperative = services.cooperative_create(
        actor=actor, organisation=organisation, slug=f"ylc-{_count}", summary="Young people commission youth services."
    )
    services.membership_class_add(
        actor=actor, cooperative=cooperative, name="Young people", minimum_age=5, maximum_age=19
    )
    services.membership_class_add(actor=actor, cooperative=cooperative, name="Community", minimum_age=18)
    return cooperative, secretary


def class_named(cooperative: Cooperative, name: str) -> MembershipClass:
    return cooperative.classes.get(name=name)


def born(years_ago: int, today: date) -> date:
    """A birthday on 1 January, so the person is exactly ``years_ago`` years old today."""
    return date(today.year - years_ago, 1, 1)
