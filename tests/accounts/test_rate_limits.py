"""Limits on guessable things: sign-ups per address, two-factor codes per login, claim codes per address.

Behind our proxy each limit counts the address the proxy saw, so residents do not share one limit and a
client cannot dodge its own by writing an X-Forwarded-For header.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from coopcouncil.accounts.models import Person
from tests.accounts.factories import PASSWORD, person_with_login
from tests.accounts.personas import amara, ben, nell, totp_code_now, totp_secret_for

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
RESIDENT = "198.51.100.23"
OTHER_RESIDENT = "203.0.113.40"

# ACCOUNT_RATE_LIMITS["signup"] allows 10 a minute from one address.
SIGNUPS_PER_MINUTE = 10


def through_proxy(client_address: str) -> Client:
    """A browser whose requests reach the app through our proxy, which appends the address it saw."""
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": client_address})


def signup_attempt(client: Client) -> int:
    # An incomplete form: every attempt counts against the limit, valid or not.
    return client.post(reverse("account_signup"), {"email": "", "password1": "", "password2": ""}).status_code


def claim_attempt(client: Client, person: Person, target: Person) -> str:
    """One wrong guess at the claim code of ``target``, signed in as ``person``."""
    assert person.user is not None
    client.force_login(person.user)
    response = client.post(reverse("accounts:claim_profile"), {"reference": target.pk, "claim_code": "AAAAAAAAAA"})
    return response.content.decode()


class SignupLimitTests:
    def test_sign_ups_from_one_address_are_limited(self, client: Client) -> None:
        assert [signup_attempt(client) for _ in range(SIGNUPS_PER_MINUTE)] == [200] * SIGNUPS_PER_MINUTE
        assert signup_attempt(client) == 429

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_behind_the_proxy_each_resident_has_their_own_limit(self) -> None:
        for _ in range(SIGNUPS_PER_MINUTE):
            signup_attempt(through_proxy(RESIDENT))
        assert signup_attempt(through_proxy(RESIDENT)) == 429
        assert signup_attempt(through_proxy(OTHER_RESIDENT)) == 200

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_a_spoofed_forwarded_address_does_not_reset_the_limit(self) -> None:
        for _ in range(SIGNUPS_PER_MINUTE):
            signup_attempt(through_proxy(RESIDENT))
        spoofing = through_proxy(f"{OTHER_RESIDENT}, {RESIDENT}")
        assert signup_attempt(spoofing) == 429

    def test_without_a_trusted_proxy_forwarded_addresses_are_ignored(self) -> None:
        """Unconfigured, everyone behind the proxy shares its address: safe, if strict."""
        for _ in range(SIGNUPS_PER_MINUTE):
            signup_attempt(through_proxy(RESIDENT))
        assert signup_attempt(through_proxy(OTHER_RESIDENT)) == 429


class TwoFactorCodeLimitTests:
    def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(self, client: Client) -> None:
        officer = ben()
        assert officer.user is not None
        response = client.post(reverse("account_login"), {"login": officer.user.email, "password": PASSWORD})
        second_step = response["Location"]
        assert second_step == reverse("mfa_authenticate")
        for _ in range(5):
            response = client.post(second_step, {"code": "000000"})
            assert "Incorrect code" in response.content.decode()
        response = client.post(second_step, {"code": totp_code_now(totp_secret_for("ben"))})
        assert "Too many failed login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_right_code_after_a_few_wrong_ones_signs_in(self, client: Client) -> None:
        officer = ben()
        assert officer.user is not None
        client.post(reverse("account_login"), {"login": officer.user.email, "password": PASSWORD})
        for _ in range(4):
            client.post(reverse("mfa_authenticate"), {"code": "000000"})
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(totp_secret_for("ben"))})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(officer.user.pk)


class ClaimCodeLimitTests:
    """Claim codes allow five tries per login and twenty per address in an hour."""

    def test_one_address_cannot_spread_guesses_over_many_logins(self, client: Client) -> None:
        target = nell()
        guessers = [amara(), *(person_with_login() for _ in range(3))]
        for guesser in guessers:
            for _ in range(5):
                assert "Too many attempts" not in claim_attempt(client, guesser, target)
        assert "Too many attempts" in claim_attempt(client, person_with_login(), target)

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_behind_the_proxy_residents_at_other_addresses_can_still_claim(self) -> None:
        """The guesser spoofs another resident's address in front; it still counts against their own."""
        target = nell()
        for _ in range(4):
            guesser = person_with_login()
            for _ in range(5):
                claim_attempt(through_proxy(f"{OTHER_RESIDENT}, {RESIDENT}"), guesser, target)
        assert "Too many attempts" in claim_attempt(through_proxy(RESIDENT), person_with_login(), target)
        assert "Too many attempts" not in claim_attempt(through_proxy(OTHER_RESIDENT), amara(), target)
