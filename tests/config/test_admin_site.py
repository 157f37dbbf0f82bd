"""The admin site is reached only through the platform's own sign-in, with its lock-out and second factor."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.accounts.personas import amara, dara, totp_code_now, totp_secret_for

pytestmark = pytest.mark.django_db

ROLE_LIST = "admin:accounts_roleassignment_changelist"


def password_sign_in(client: Client, user: User, *, next_url: str) -> str:
    """allauth's sign-in with the password only; returns where it sends the browser next."""
    response = client.post(f"{reverse('account_login')}?next={next_url}", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


class AdminSignInTests:
    def test_the_admin_sign_in_page_sends_people_to_the_platform_sign_in(self, client: Client) -> None:
        response = client.get(reverse("admin:login"), {"next": reverse(ROLE_LIST)})
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={reverse(ROLE_LIST).replace('/', '%2F')}"

    def test_a_password_posted_to_the_admin_sign_in_signs_nobody_in(
        self, client: Client, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The superuser of the audit: made with createsuperuser, a password and nothing else."""
        monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
        call_command("createsuperuser", interactive=False, email="root@lambeth.example", verbosity=0)
        response = client.post(
            reverse("admin:login"), {"username": "root@lambeth.example", "password": PASSWORD, "next": "/admin/"}
        )
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session
        assert client.get(reverse(ROLE_LIST)).status_code == 302

    def test_a_superuser_without_a_second_factor_is_sent_to_set_one_up(self, client: Client) -> None:
        """A superuser holds no role, yet still needs two-factor before any page, the admin site included."""
        superuser = dara()
        password_sign_in(client, superuser, next_url=reverse(ROLE_LIST))
        for page in (reverse(ROLE_LIST), reverse("admin:index"), reverse("accounts:dashboard")):
            response = client.get(page)
            assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
        # The set-up itself stays open (allauth asks for the password again first).
        setup = client.get(reverse("mfa_activate_totp"), follow=True)
        assert setup.status_code == 200
        assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))

    def test_any_admin_site_login_needs_a_second_factor_not_only_superusers(self, client: Client) -> None:
        staff = User.objects.create_user("clerk@lambeth.example", PASSWORD, is_staff=True)
        password_sign_in(client, staff, next_url=reverse("admin:index"))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")

    def test_a_superuser_with_a_second_factor_enters_a_code_before_the_admin_site(self, client: Client) -> None:
        superuser = dara(with_totp=True)
        second_step = password_sign_in(client, superuser, next_url=reverse(ROLE_LIST))
        assert second_step == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session
        response = client.post(second_step, {"code": totp_code_now(totp_secret_for("dara"))})
        assert response.status_code == 302 and response["Location"] == reverse(ROLE_LIST)
        assert client.get(reverse(ROLE_LIST)).status_code == 200

    def test_the_admin_sign_in_is_locked_after_five_wrong_passwords(self, client: Client) -> None:
        """The lock-out the admin site's own form lacked now covers it."""
        superuser = dara(with_totp=True)
        for _ in range(5):
            client.post(reverse("account_login"), {"login": superuser.email, "password": "wrong"})
        response = client.post(reverse("account_login"), {"login": superuser.email, "password": PASSWORD})
        assert "Too many failed login attempts" in response.content.decode()

    def test_residents_signed_in_cannot_open_the_admin_site(self, client: Client) -> None:
        resident = amara()
        assert resident.user is not None
        client.force_login(resident.user)
        assert client.get(reverse("admin:login")).status_code == 403
        assert client.get(reverse(ROLE_LIST)).status_code == 302
