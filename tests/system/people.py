"""The personas as the browser journeys need them."""

from __future__ import annotations

from collections.abc import Callable

from coopcouncil.accounts.models import Consent, ConsentPurpose, Person
from tests.accounts.personas import amara

# The ``signed_in_as`` fixture: gives the browser a signed-in session for a person.
SignIn = Callable[[Person], None]


def resident_amara() -> Person:
    """Amara, with the account consent online sign-up records (the persona is made without one,
    so her dashboard would say it is waiting for a parent's consent)."""
    person = amara()
    Consent.objects.create(person=person, purpose=ConsentPurpose.ACCOUNT, method="online sign-up")
    return person
