from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import Consent, ConsentPurpose, DataRequest, Person
from coopcouncil.accounts.permissions import can_take_part
from coopcouncil.accounts.services import acting_for_start, consent_give
from coopcouncil.core.actors import Actor
from tests.accounts.factories import PASSWORD
from tests.accounts.personas import amara, ben, kemi, nell, totp_code_now, totp_secret_for

pytestmark = pytest.mark.django_db


def sign_in(client: Client, person: Person) -> None:
    assert person.user is not None
    assert client.login(email=person.user.email, password=PASSWORD)


def sign_in_with_second_factor(client: Client, person: Person) -> None:
    """Through allauth's real login flow: password, then the TOTP code."""
    assert person.user is not None
    response = client.post(reverse("account_login"), {"login": person.user.email, "password": PASSWORD})
    assert response.status_code == 302 and "2fa" in response["Location"]
    response = client.post(response["Location"], {"code": totp_code_now(totp_secret_for("ben"))})
    assert response.status_code == 302, response.content.decode()[:2000]


class DashboardTests:
    def test_a_resident_sees_their_details_and_data_links(self, client: Client) -> None:
        sign_in(client, amara())
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Amara Okafor" in html and "Download all your data" in html
        assert "Officer tools" not in html

    def test_signed_out_people_are_sent_to_sign_in(self, client: Client) -> None:
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_data_download_is_json_with_every_area(self, client: Client) -> None:
        sign_in(client, amara())
        response = client.get(reverse("accounts:data_download"))
        assert response["Content-Type"] == "application/json"
        assert "attachment" in response["Content-Disposition"]
        assert json.loads(response.content)["account"]["profile"]["full_name"] == "Amara Okafor"

    def test_deletion_request_page_says_what_is_kept_in_the_readers_language(self, client: Client) -> None:
        sign_in(client, amara())
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"
        page = client.get(reverse("accounts:deletion_request")).content.decode()
        assert "Uma indicação de que existiu uma pessoa anonimizada" in page

    def test_deletion_request_page_says_what_is_kept_and_records_the_request(self, client: Client) -> None:
        resident = amara()
        sign_in(client, resident)
        page = client.get(reverse("accounts:deletion_request")).content.decode()
        assert "What we keep, and why" in page and "audit log" in page
        response = client.post(reverse("accounts:deletion_request"), {"reason": "", "confirm": ""})
        assert "Confirm you understand" in response.content.decode()
        assert not DataRequest.objects.exists()
        client.post(reverse("accounts:deletion_request"), {"reason": "Moving", "confirm": "on"})
        assert DataRequest.objects.get().person == resident


class ActivityTests:
    def test_recent_activity_is_in_plain_words_not_action_codes(self, client: Client) -> None:
        resident = amara()
        consent_give(actor=Actor(person=resident), purpose=ConsentPurpose.RESEARCH)
        sign_in(client, resident)
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Agreed to: Being invited to research and consultations" in page
        assert "consent.given" not in page and "Person #" not in page

    def test_recent_activity_is_translated(self, client: Client) -> None:
        resident = amara()
        consent_give(actor=Actor(person=resident), purpose=ConsentPurpose.RESEARCH)
        sign_in(client, resident)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "Autorizou: Ser convidado para estudos e consultas públicas" in page
        assert "consent.given" not in page and "Agreed to:" not in page


class ParentalConsentPagesTests:
    def test_a_child_is_told_plainly_why_they_cannot_take_part_yet(self, client: Client) -> None:
        """The wait is shown from the parent's answer alone, even when the child has another consent."""
        child = kemi()
        Consent.objects.create(person=child, purpose=ConsentPurpose.RESEARCH)
        sign_in(client, child)
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "We are waiting for your parent or carer to agree before you can take part" in page
        assert "Parent or carer asked to agree" in page

    def test_the_parents_email_link_is_absolute_and_opens_the_consent_page(
        self, client: Client, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.SITE_URL = "https://participate.example.gov.uk"
        with django_capture_on_commit_callbacks(execute=True):
            child = kemi()
        found = re.search(r"https://participate\.example\.gov\.uk(/parental-consent/\S+/)", mail.outbox[0].body)
        assert found is not None, mail.outbox[0].body
        page = client.get(found.group(1))
        assert page.status_code == 200 and "Do you agree?" in page.content.decode()
        client.post(found.group(1), {"answer": "yes"})
        assert can_take_part(child) is True


class ConsentPageTests:
    def test_a_resident_agrees_and_withdraws(self, client: Client) -> None:
        resident = amara()
        sign_in(client, resident)
        url = reverse("accounts:consents")
        response = client.post(url, {"purpose": "research", "action": "give"})
        assert response.status_code == 302
        assert resident.consents.filter(purpose="research", withdrawn_at__isnull=True).exists()
        client.post(url, {"purpose": "research", "action": "withdraw"})
        assert not resident.consents.filter(purpose="research", withdrawn_at__isnull=True).exists()

    @pytest.mark.parametrize("purpose", ["parental", "account", "gossip", ""])
    def test_only_the_purposes_on_the_page_can_be_changed(self, client: Client, purpose: str) -> None:
        """Anything else, a child's parental consent above all, is a clear error, not a crash."""
        child = kemi()
        sign_in(client, child)
        response = client.post(reverse("accounts:consents"), {"purpose": purpose, "action": "give"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page and "the things listed on this page" in page
        assert not child.consents.exists()
        assert can_take_part(child) is False

    def test_a_child_waiting_for_a_parent_is_told_why_they_cannot_agree(self, client: Client) -> None:
        child = kemi()
        sign_in(client, child)
        page = client.get(reverse("accounts:consents")).content.decode()
        assert "You cannot agree to anything here yet" in page and 'value="give"' not in page
        response = client.post(reverse("accounts:consents"), {"purpose": "research", "action": "give"})
        assert response.status_code == 403
        assert "a parent or carer has not agreed" in response.content.decode()
        assert not child.consents.exists()


class StaffTwoFactorTests:
    def test_staff_without_a_second_factor_are_sent_to_set_one_up(self, client: Client) -> None:
        sign_in(client, ben(with_totp=False))
        response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")

    def test_staff_with_totp_must_enter_a_code_to_sign_in(self, client: Client) -> None:
        officer = ben()
        sign_in_with_second_factor(client, officer)
        assert "Officer tools" in client.get(reverse("accounts:dashboard")).content.decode()

    def test_residents_need_no_second_factor(self, client: Client) -> None:
        sign_in(client, amara())
        assert client.get(reverse("accounts:dashboard")).status_code == 200


class OfficerPagesTests:
    def test_residents_cannot_open_officer_pages(self, client: Client) -> None:
        sign_in(client, amara())
        for name in ("accounts:people_search", "accounts:assisted_register", "accounts:data_requests"):
            assert client.get(reverse(name)).status_code == 403

    def test_assisted_registration_shows_errors_and_loses_nothing(self, client: Client) -> None:
        sign_in_with_second_factor(client, ben())
        response = client.post(
            reverse("accounts:assisted_register"),
            {"full_name": "Nell Adeyemi", "postcode": "nonsense", "contact_preference": "post", "address": ""},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and "Enter a real postcode" in html
        assert 'value="Nell Adeyemi"' in html  # what was typed is kept
        assert "Enter an address" in html

    def test_acting_for_shows_a_banner_until_it_ends(self, client: Client) -> None:
        officer, resident = ben(), nell()
        sign_in_with_second_factor(client, officer)
        response = client.post(
            reverse("accounts:person_detail", args=[resident.pk]), {"form": "act", "reason": "Library hub"}
        )
        assert response.status_code == 302
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "You are acting for Nell Adeyemi" in page
        assert "Nell Adeyemi" in page
        client.post(reverse("accounts:acting_for_end"))
        assert "You are acting for" not in client.get(reverse("accounts:dashboard")).content.decode()

    def test_an_expired_session_ends_by_itself(self, client: Client) -> None:
        officer, resident = ben(), nell()
        sign_in_with_second_factor(client, officer)
        session = acting_for_start(actor=Actor(person=officer), resident=resident, reason="hub")
        client_session = client.session
        client_session["acting_for_session_id"] = session.pk
        client_session.save()
        assert "You are acting for" in client.get(reverse("accounts:dashboard")).content.decode()
        session.expires_at = session.started_at
        session.save()
        page = client.get(reverse("accounts:dashboard")).content.decode()
        assert "You are acting for" not in page and "acting-for session has ended" in page


class RateLimitTests:
    def test_five_failed_sign_ins_lock_the_account_for_a_while(self, client: Client) -> None:
        resident = amara()
        assert resident.user is not None
        for _ in range(5):
            response = client.post(reverse("account_login"), {"login": resident.user.email, "password": "wrong"})
            assert response.status_code == 200
        response = client.post(reverse("account_login"), {"login": resident.user.email, "password": PASSWORD})
        assert "Too many failed login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_password_reset_requests_are_limited_per_address(self, client: Client) -> None:
        statuses = [
            client.post(reverse("account_reset_password"), {"email": "amara@example.org"}).status_code for _ in range(5)
        ]
        assert 429 in statuses

    def test_claim_codes_cannot_be_guessed_quickly(self, client: Client) -> None:
        sign_in(client, amara())
        target = nell()
        for _ in range(5):
            client.post(reverse("accounts:claim_profile"), {"reference": target.pk, "claim_code": "AAAAAAAAAA"})
        response = client.post(reverse("accounts:claim_profile"), {"reference": target.pk, "claim_code": "AAAAAAAAAA"})
        assert "Too many attempts" in response.content.decode()
