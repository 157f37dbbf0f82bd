"""Named people for tests that read like stories (after Zulip's example users).

amara: a resident with a login. ben: a council officer with two-factor set up, platform-wide.
chidi: a ward councillor. nell: a resident registered at a hub, with no login.
hana: an officer at a library hub, whose role is on the libraries community.
olu: an officer whose role is on one ward, or whatever scope a test gives him.
dara: a platform superuser as `coopcouncil createsuperuser` makes one: admin flags, no person, no role.
kemi: a child of eight who signed up online; her mother Tolu has not answered yet.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

from coopcouncil.accounts.models import Person, RegisteredVia, Role, User
from coopcouncil.accounts.services import person_register_online
from tests.accounts.factories import PASSWORD, PersonFactory, UserFactory, person_with_login, role_give


def totp_secret_for(key: str) -> str:
    return base64.b32encode(hashlib.sha256(f"test-{key}".encode()).digest()[:20]).decode()


def totp_code_now(secret: str) -> str:
    """The code an authenticator app would show right now."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def amara() -> Person:
    return person_with_login(email="amara@example.org", full_name="Amara Okafor", postcode="SW9 7AB")


def ben(*, with_totp: bool = True) -> Person:
    person = person_with_login(email="ben@lambeth.example", full_name="Ben Clarke")
    role_give(person, Role.OFFICER)
    if with_totp:
        assert person.user is not None
        TOTP.activate(person.user, totp_secret_for("ben"))
    return person


def nell() -> Person:
    return PersonFactory(full_name="Nell Adeyemi", registered_via=RegisteredVia.ASSISTED, postcode="SE27 9AA")


def _scoped_officer(key: str, full_name: str, on: Any) -> Person:
    """An officer with a second factor set up (the middleware asks only that it is set up)."""
    person = person_with_login(email=f"{key}@lambeth.example", full_name=full_name)
    role_give(person, Role.OFFICER, on=on)
    assert person.user is not None
    TOTP.activate(person.user, totp_secret_for(key))
    return person


def hana(*, on: Any) -> Person:
    return _scoped_officer("hana", "Hana Yilmaz", on)


def olu(*, on: Any) -> Person:
    return _scoped_officer("olu", "Olu Bankole", on)


def dara(*, with_totp: bool = False) -> User:
    """The login `createsuperuser` makes (it calls the same manager method): there is no Person to give
    a role to, only Django's is_staff and is_superuser flags."""
    user = User.objects.create_superuser("dara@lambeth.example", PASSWORD)
    if with_totp:
        TOTP.activate(user, totp_secret_for("dara"))
    return user


def kemi() -> Person:
    """Born in 2018, so under 13 until 2031: she waits for her mother's consent to take part."""
    return person_register_online(
        user=UserFactory(email="kemi@example.org"),
        full_name="Kemi Adebayo",
        date_of_birth=date(2018, 3, 14),
        birth_year=None,
        postcode="SW2 1RW",
        parent_name="Tolu Adebayo",
        parent_email="tolu@example.org",
    )
