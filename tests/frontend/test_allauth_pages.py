"""django-allauth's pages render as GOV.UK pages: one h1, GOV.UK components, a working error summary."""

from __future__ import annotations

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import User
from tests.frontend.html import Element, Page
from tests.frontend.people import PASSWORD, dump, reauthenticate, sign_in

pytestmark = pytest.mark.django_db

# Elements in <main> that must carry a GOV.UK class: anything without one is allauth's raw markup.
STYLED = {"p", "h1", "h2", "h3", "a", "label", "ul", "ol", "table", "details", "textarea", "select", "button", "legend"}


def unstyled(main: Element) -> list[str]:
    found = []
    for element in main.find_all():
        needs_class = element.tag in STYLED or (element.tag == "input" and element.attrs.get("type") != "hidden")
        if element.tag == "a" and element.closest(cls="govuk-error-summary__list"):
            needs_class = False  # GOV.UK styles these links through the list
        if needs_class and not any(name.startswith("govuk-") for name in element.classes):
            found.append(f"<{element.tag} {element.attrs}> {element.text[:60]}")
    return found


def govuk_page(response: HttpResponse, name: str, *, errors: bool = False) -> Page:
    """Check what every allauth page must do, and return it for page-specific checks."""
    dump(name, response)
    assert response.status_code == 200, response
    page = Page(response.content.decode())
    assert len(page.find_all("h1")) == 1, [h.text for h in page.find_all("h1")]
    assert unstyled(page.main) == []
    assert page.duplicate_ids() == []
    assert page.broken_error_summary_links() == []
    assert "errorlist" not in page.html
    summary = page.main.find("div", cls="govuk-error-summary")
    if errors:
        assert summary is not None, "a form with errors needs an error summary"
        h1 = page.main.find("h1")
        assert h1 is not None
        order = page.main.find_all()
        assert order.index(summary) < order.index(h1), "the error summary comes before the h1"
        assert page.title.startswith("Error: ")
    else:
        assert summary is None
        assert not page.title.startswith("Error:")
    for button in page.main.find_all("button"):
        assert button.has_class("govuk-button"), button.attrs
    return page


class SignedOutPagesTests:
    def test_login(self, client: Client) -> None:
        page = govuk_page(client.get(reverse("account_login")), "login")
        assert page.find("h1", cls="govuk-heading-l") is not None
        email = page.by_id("id_login")
        assert email is not None and email.has_class("govuk-input") and "placeholder" not in email.attrs
        password = page.by_id("id_password")
        assert password is not None and password.has_class("govuk-password-input__input")
        remember = page.by_id("id_remember")
        assert remember is not None and remember.has_class("govuk-checkboxes__input")
        forgot = page.find("a", href=reverse("account_reset_password"))
        assert forgot is not None and forgot.has_class("govuk-link")

    def test_login_with_a_wrong_password(self, client: Client, resident: User) -> None:
        response = client.post(reverse("account_login"), {"login": resident.email, "password": "wrong"})
        page = govuk_page(response, "login-wrong-password", errors=True)
        summary = page.find("div", cls="govuk-error-summary")
        assert summary is not None and "not correct" in summary.text

    def test_login_with_nothing_filled_in(self, client: Client) -> None:
        response = client.post(reverse("account_login"), {"login": "", "password": ""})
        page = govuk_page(response, "login-empty", errors=True)
        assert page.error_summary_links() == ["#id_login", "#id_password"]
        email = page.by_id("id_login")
        assert email is not None and email.attrs["aria-describedby"] == "id_login-error"

    def test_signup(self, client: Client) -> None:
        page = govuk_page(client.get(reverse("account_signup")), "signup")
        assert page.title.startswith("Sign up")  # allauth's own title is "Signup"
        for field_id in ("id_full_name", "id_email", "id_password1", "id_password2", "id_postcode", "id_parent_email"):
            assert page.by_id(field_id) is not None, field_id
        day = page.by_id("id_date_of_birth_0")
        assert day is not None and day.attrs["autocomplete"] == "bday-day"
        fieldset = day.closest("fieldset")
        assert fieldset is not None and fieldset.find("legend") is not None
        postcode = page.by_id("id_postcode")
        assert postcode is not None and postcode.has_class("govuk-input--width-10")
        rules = page.by_id("id_password1-hint")
        assert rules is not None and "at least 10 characters" in rules.text and rules.find("ul") is None

    def test_signup_with_mistakes(self, client: Client) -> None:
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "",
                "email": "not-an-email",
                "password1": "short",
                "password2": "different",
                "date_of_birth_day": "12",
                "date_of_birth_year": "2001",
                "postcode": "nowhere",
            },
        )
        page = govuk_page(response, "signup-errors", errors=True)
        links = page.error_summary_links()
        assert {"#id_full_name", "#id_email", "#id_date_of_birth_0", "#id_postcode"} <= set(links)
        month = page.by_id("id_date_of_birth_1")
        assert month is not None and month.has_class("govuk-input--error")

    def test_password_reset(self, client: Client) -> None:
        govuk_page(client.get(reverse("account_reset_password")), "password-reset")
        response = client.post(reverse("account_reset_password"), {"email": "nope"})
        page = govuk_page(response, "password-reset-errors", errors=True)
        assert page.error_summary_links() == ["#id_email"]

    def test_password_reset_done(self, client: Client) -> None:
        govuk_page(client.get(reverse("account_reset_password_done")), "password-reset-done")

    def test_password_reset_from_key(self, client: Client, resident: User) -> None:
        url = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(resident), "key": default_token_generator.make_token(resident)},
        )
        page = govuk_page(client.get(url, follow=True), "password-reset-from-key")
        assert page.by_id("id_password1") is not None and page.by_id("id_password2") is not None
        form_url = client.get(url)["Location"]
        response = client.post(form_url, {"password1": "short", "password2": "other"})
        govuk_page(response, "password-reset-from-key-errors", errors=True)

    def test_password_reset_with_a_used_key(self, client: Client, resident: User) -> None:
        url = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(resident), "key": "x-y"})
        page = govuk_page(client.get(url, follow=True), "password-reset-bad-key")
        link = page.main.find("a", href=reverse("account_reset_password"))
        assert link is not None and link.has_class("govuk-link")


class SignedInPagesTests:
    def test_logout_confirmation(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        page = govuk_page(client.get(reverse("account_logout")), "logout")
        assert page.find("a", cls="govuk-back-link") is not None
        assert page.main.find("button", cls="govuk-button") is not None

    def test_password_change(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        govuk_page(client.get(reverse("account_change_password")), "password-change")
        response = client.post(
            reverse("account_change_password"), {"oldpassword": "wrong", "password1": "x", "password2": "y"}
        )
        page = govuk_page(response, "password-change-errors", errors=True)
        assert "#id_oldpassword" in page.error_summary_links()

    def test_email_addresses(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
        page = govuk_page(client.get(reverse("account_email")), "email")
        radios = page.main.find_all("input", type="radio")
        assert len(radios) == 2 and all(r.has_class("govuk-radios__input") for r in radios)
        fieldset = radios[0].closest("fieldset")
        assert fieldset is not None and fieldset.find("legend") is not None
        assert page.main.find("strong", cls="govuk-tag") is not None
        remove = page.main.find("button", name="action_remove")
        assert remove is not None and remove.has_class("govuk-button--warning")

    def test_adding_a_bad_email_address(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        response = client.post(reverse("account_email"), {"action_add": "", "email": "nope"})
        page = govuk_page(response, "email-errors", errors=True)
        assert page.error_summary_links() == ["#id_email"]

    def test_reauthenticate(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        govuk_page(client.get(reverse("account_reauthenticate")), "reauthenticate")
        response = client.post(reverse("account_reauthenticate"), {"password": "wrong"})
        govuk_page(response, "reauthenticate-errors", errors=True)


class TwoFactorPagesTests:
    def test_the_code_prompt_after_the_password(self, client: Client, resident_with_totp: User) -> None:
        response = client.post(reverse("account_login"), {"login": resident_with_totp.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
        page = govuk_page(client.get(reverse("mfa_authenticate")), "mfa-authenticate")
        code = page.by_id("id_code")
        assert code is not None and code.attrs["autocomplete"] == "one-time-code"
        assert code.attrs["inputmode"] == "numeric" and code.has_class("govuk-input--width-10")
        cancel = page.main.find("button", form="logout-from-stage")
        assert cancel is not None and cancel.has_class("govuk-button--secondary")
        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        page = govuk_page(response, "mfa-authenticate-errors", errors=True)
        assert page.error_summary_links() == ["#id_code"]

    def test_index_without_an_authenticator(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        page = govuk_page(client.get(reverse("mfa_index")), "mfa-index")
        activate = page.main.find("a", href=reverse("mfa_activate_totp"))
        assert activate is not None and activate.has_class("govuk-button")

    def test_index_with_an_authenticator(self, client: Client, resident_with_totp: User) -> None:
        sign_in(client, resident_with_totp)
        page = govuk_page(client.get(reverse("mfa_index")), "mfa-index-active")
        deactivate = page.main.find("a", href=reverse("mfa_deactivate_totp"))
        assert deactivate is not None and deactivate.has_class("govuk-button--warning")

    def test_activating_an_authenticator_app_shows_the_secret_as_text(self, client: Client, resident: User) -> None:
        sign_in(client, resident)
        reauthenticate(client)
        page = govuk_page(client.get(reverse("mfa_activate_totp")), "totp-activate")
        secret = page.by_id("authenticator_secret")
        assert secret is not None and len(secret.text) >= 16 and secret.text.isalnum()
        qr = page.main.find("img")
        assert qr is not None and str(qr.attrs["src"]).startswith("data:image/svg+xml")
        assert qr.attrs["alt"] and secret.text not in str(qr.attrs["alt"])
        assert page.by_id("id_code") is not None
        response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
        page = govuk_page(response, "totp-activate-errors", errors=True)
        assert page.error_summary_links() == ["#id_code"]

    def test_deactivating_the_authenticator_app(self, client: Client, resident_with_totp: User) -> None:
        sign_in(client, resident_with_totp)
        reauthenticate(client)
        page = govuk_page(client.get(reverse("mfa_deactivate_totp")), "totp-deactivate")
        button = page.main.find("button", type="submit")
        assert button is not None and button.has_class("govuk-button--warning")

    def test_recovery_codes(self, client: Client, resident_with_totp: User) -> None:
        sign_in(client, resident_with_totp)
        reauthenticate(client)
        page = govuk_page(client.get(reverse("mfa_view_recovery_codes")), "recovery-codes")
        codes = page.by_id("recovery_codes")
        assert codes is not None and codes.tag == "textarea" and codes.has_class("govuk-textarea")
        assert "readonly" in codes.attrs and len(codes.text.split()) == 10
        label = page.find("label", for_="recovery_codes")
        assert label is not None and label.has_class("govuk-label")
        govuk_page(client.get(reverse("mfa_generate_recovery_codes")), "recovery-codes-generate")
        download = client.get(reverse("mfa_download_recovery_codes"))
        assert download.status_code == 200 and download["Content-Type"].startswith("text/plain")
        assert len(download.content.decode().split()) == 10

    def test_mfa_reauthenticate(self, client: Client, resident_with_totp: User) -> None:
        sign_in(client, resident_with_totp)
        govuk_page(client.get(reverse("mfa_reauthenticate")), "mfa-reauthenticate")
