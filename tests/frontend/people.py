"""People and sign-in helpers for the tests of allauth's pages."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import Person, User

PASSWORD = "a long test password 9"


def totp_secret(key: str) -> str:
    return base64.b32encode(hashlib.sha256(f"frontend-{key}".encode()).digest()[:20]).decode()


def totp_code_now(secret: str) -> str:
    """The code an authenticator app would show right now."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def make_resident(email: str, *, with_totp: bool = False) -> User:
    user = User.objects.create_user(email, PASSWORD)
    Person.objects.create(user=user, full_name="Test Resident")
    if with_totp:
        TOTP.activate(user, totp_secret(email))
        RecoveryCodes.activate(user)
    return user


def sign_in(client: Client, user: User) -> None:
    """Through allauth's own login, so it records the sign-in (pages that ask for a recent one need it)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    if "/2fa/" in response["Location"]:
        response = client.post(response["Location"], {"code": totp_code_now(totp_secret(user.email))})
        assert response.status_code == 302, response.content.decode()[:2000]


def dump(name: str, response: HttpResponse) -> None:
    """With COOPCOUNCIL_DUMP_PAGES=/some/dir, save each page checked, to look at by eye."""
    folder = os.environ.get("COOPCOUNCIL_DUMP_PAGES")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.html").write_bytes(response.content)


def reauthenticate(client: Client) -> None:
    """Pages that change two-factor set-up ask for the password again first."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
