"""Evidence for living, working, studying or volunteering somewhere: a resident says where, an
officer whose area covers it checks the evidence, and only verified claims count later."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts import services
from coopcouncil.accounts.models import AreaClaim, AreaClaimKind, AreaClaimStatus, Person
from coopcouncil.accounts.selectors import area_claims_to_check, area_claims_verified_for, person_data_export
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben, hana, nell, olu
from tests.places.factories import two_ward_borough

pytestmark = pytest.mark.django_db


def record(person: Person, **fields: str) -> AreaClaim:
    defaults = {"kind": "work", "postcode": "sw9 7ab", "place_name": "Brixton Library", "evidence": "my payslip"}
    return services.area_claim_record(actor=Actor(person=person), **{**defaults, **fields})


def sign_in(client: Client, person: Person) -> None:
    assert person.user is not None
    client.force_login(person.user)


class RecordTests:
    def test_a_resident_records_a_claim_that_waits_for_a_check(self) -> None:
        resident = amara()
        claim = record(resident)
        assert (claim.person, claim.kind, claim.postcode, claim.status) == (resident, "work", "SW9 7AB", "pending")
        assert (claim.place_name, claim.evidence, claim.reviewed_at) == ("Brixton Library", "my payslip", None)

    def test_the_audit_log_says_what_kind_of_claim_and_nothing_the_resident_wrote(self) -> None:
        claim = record(amara(), evidence="council tax bill for 12 Acre Lane")
        entry = AuditEntry.objects.get(action="area_claim.recorded")
        assert entry.details == {"kind": "work"}
        assert entry.target_id == str(claim.pk)
        for private in ("SW9 7AB", "Brixton Library", "Acre Lane"):
            assert private not in entry.target_label and private not in str(entry.details)

    def test_an_officer_acting_for_a_resident_records_it_as_theirs(self) -> None:
        officer, resident = ben(with_totp=False), nell()
        claim = services.area_claim_record(
            actor=Actor(person=officer, on_behalf_of=resident), kind="live", postcode="SE27 9AA"
        )
        assert claim.person == resident
        entry = AuditEntry.objects.get(action="area_claim.recorded")
        assert (entry.actor, entry.on_behalf_of) == (officer, resident)

    def test_nobody_records_a_claim_for_someone_they_cannot_act_for(self) -> None:
        places = two_ward_borough()
        resident = nell()
        for stranger in (amara(), hana(on=places.libraries)):
            with pytest.raises(PermissionDenied):
                services.area_claim_record(
                    actor=Actor(person=stranger, on_behalf_of=resident), kind="live", postcode="SE27 9AA"
                )
        assert not AreaClaim.objects.exists()

    @pytest.mark.parametrize(
        ("fields", "field"),
        [({"postcode": "not one"}, "postcode"), ({"postcode": " "}, "postcode"), ({"kind": "x"}, "kind")],
    )
    def test_a_bad_postcode_or_kind_is_a_clear_error(self, fields: dict[str, str], field: str) -> None:
        with pytest.raises(ValidationError) as caught:
            record(amara(), **fields)
        assert field in caught.value.error_dict


class VerifyTests:
    def test_an_officer_covering_the_place_verifies_with_a_note_kept_out_of_the_audit_log(self) -> None:
        places = two_ward_borough()
        claim = record(PersonFactory(postcode="M1 1AE"))  # lives outside, works in Brixton Windrush
        officer = olu(on=places.windrush)
        services.area_claim_verify(actor=Actor(person=officer), claim=claim, verified=True, note="payslip, May 2026")
        claim.refresh_from_db()
        assert (claim.status, claim.reviewed_by, claim.review_note) == ("verified", officer, "payslip, May 2026")
        assert claim.reviewed_at is not None
        entry = AuditEntry.objects.get(action="area_claim.verified")
        assert (entry.actor, entry.details) == (officer, {"kind": "work"})
        assert "payslip" not in str(entry.details) and "payslip" not in entry.target_label

    def test_a_claim_can_be_not_verified_with_a_reason(self) -> None:
        claim = record(nell(), kind="live", postcode="SE27 9AA")
        services.area_claim_verify(
            actor=Actor(person=ben(with_totp=False)),
            claim=claim,
            verified=False,
            note="The bill was for another address",
        )
        claim.refresh_from_db()
        assert claim.status == AreaClaimStatus.REJECTED
        assert AuditEntry.objects.get(action="area_claim.rejected").details == {"kind": "live"}

    def test_a_note_is_needed_and_a_claim_is_checked_once(self) -> None:
        claim, officer = record(amara()), Actor(person=ben(with_totp=False))
        with pytest.raises(ValidationError) as caught:
            services.area_claim_verify(actor=officer, claim=claim, verified=True, note=" ")
        assert "note" in caught.value.error_dict
        services.area_claim_verify(actor=officer, claim=claim, verified=True, note="payslip")
        with pytest.raises(ValidationError):
            services.area_claim_verify(actor=officer, claim=claim, verified=False, note="changed my mind")

    def test_an_officer_on_another_scope_or_a_resident_is_refused(self) -> None:
        places = two_ward_borough()
        claim = record(nell(), kind="live", postcode="SE27 9AA")
        for outsider in (olu(on=places.windrush), hana(on=places.libraries), amara()):
            with pytest.raises(PermissionDenied):
                services.area_claim_verify(actor=Actor(person=outsider), claim=claim, verified=True, note="seen")
        claim.refresh_from_db()
        assert claim.status == AreaClaimStatus.PENDING

    def test_an_officer_cannot_verify_their_own_claim(self) -> None:
        officer = ben(with_totp=False)
        claim = record(officer)
        with pytest.raises(PermissionDenied):
            services.area_claim_verify(actor=Actor(person=officer), claim=claim, verified=True, note="mine")


class VerifiedClaimsTests:
    def test_only_verified_claims_count_each_with_its_ward(self) -> None:
        places = two_ward_borough()
        resident, officer = nell(), Actor(person=ben(with_totp=False))
        lives = record(resident, kind="live", postcode="SE27 9AA")
        works = record(resident, kind="work", postcode="SW9 7AB")
        studies_outside = record(resident, kind="study", postcode="M1 1AE")
        record(resident, kind="volunteer", postcode="SW9 7AB")  # still waiting
        refused = record(resident, kind="work", postcode="SE27 9AA")
        for claim in (lives, works, studies_outside):
            services.area_claim_verify(actor=officer, claim=claim, verified=True, note="seen")
        services.area_claim_verify(actor=officer, claim=refused, verified=False, note="not theirs")

        verified = {(item.claim, item.ward) for item in area_claims_verified_for(resident)}
        assert verified == {(lives, places.norwood_ward), (works, places.windrush_ward), (studies_outside, None)}
        only_work = area_claims_verified_for(resident, [AreaClaimKind.WORK])
        assert [(item.claim, item.ward) for item in only_work] == [(works, places.windrush_ward)]
        assert area_claims_verified_for(amara()) == []

    def test_the_claims_to_check_are_those_in_the_officers_area(self) -> None:
        places = two_ward_borough()
        in_windrush = record(PersonFactory(postcode="M1 1AE"))
        in_norwood = record(nell(), kind="live", postcode="SE27 9AA")
        checked = record(PersonFactory(), postcode="SW9 7AB")
        services.area_claim_verify(actor=Actor(person=ben(with_totp=False)), claim=checked, verified=True, note="ok")
        assert list(area_claims_to_check(officer=olu(on=places.windrush))) == [in_windrush]
        assert list(area_claims_to_check(officer=hana(on=places.borough))) == [in_windrush, in_norwood]
        assert list(area_claims_to_check(officer=amara())) == []

    def test_claims_are_in_the_residents_data_download(self) -> None:
        resident = amara()
        record(resident)
        exported = person_data_export(person=resident)["account"]["area_claims"]
        assert exported[0]["place_name"] == "Brixton Library" and exported[0]["status"] == "pending"


class ResidentPageTests:
    def test_a_resident_adds_a_place_and_sees_it_waiting_for_a_check(self, client: Client) -> None:
        resident = amara()
        sign_in(client, resident)
        url = reverse("accounts:area_claims")
        assert "Where you live, work, study or volunteer" in client.get(reverse("accounts:dashboard")).content.decode()
        response = client.post(url, {"kind": "study", "postcode": "sw9 7ab", "place_name": "Lambeth College"})
        assert response.status_code == 302 and response["Location"] == url
        page = client.get(url).content.decode()
        assert "Lambeth College, SW9 7AB" in page and "Waiting for an officer to check" in page
        assert AreaClaim.objects.get().person == resident

    def test_mistakes_are_shown_and_nothing_is_saved(self, client: Client) -> None:
        sign_in(client, amara())
        response = client.post(reverse("accounts:area_claims"), {"postcode": "12345", "place_name": "Kept"})
        page = response.content.decode()
        assert "There is a problem" in page
        assert "Choose whether you live, work, study or volunteer there" in page
        assert "Enter a real postcode" in page and 'value="Kept"' in page
        assert not AreaClaim.objects.exists()

    def test_the_page_is_in_portuguese(self, client: Client) -> None:
        resident = amara()
        record(resident)
        sign_in(client, resident)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt"
        page = client.get(reverse("accounts:area_claims")).content.decode()
        assert "Onde vive, trabalha, estuda ou faz voluntariado" in page
        assert "À espera de verificação por um funcionário" in page


class OfficerPageTests:
    def test_an_officer_verifies_a_claim_on_the_person_page(self, client: Client) -> None:
        places = two_ward_borough()
        resident = nell()
        claim = record(resident, kind="live", postcode="SE27 9AA", evidence="council tax bill")
        sign_in(client, olu(on=places.norwood))
        assert "Nell Adeyemi" in client.get(reverse("accounts:area_claims_to_check")).content.decode()
        url = reverse("accounts:person_detail", args=[resident.pk])
        page = client.get(url).content.decode()
        assert "council tax bill" in page and "Save check" in page
        prefix = f"claim-{claim.pk}"
        response = client.post(url, {"form": "claim", "claim": claim.pk, f"{prefix}-decision": "verified"})
        assert "Say what evidence you saw" in response.content.decode()
        response = client.post(
            url,
            {"form": "claim", "claim": claim.pk, f"{prefix}-decision": "verified", f"{prefix}-note": "bill, May 2026"},
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == AreaClaimStatus.VERIFIED
        assert 'govuk-tag--green">Verified</strong>' in client.get(url).content.decode()

    def test_a_claim_in_their_area_opens_the_profile_without_access_needs_or_acting_for(self, client: Client) -> None:
        places = two_ward_borough()
        commuter = PersonFactory(full_name="Cara Commuter", postcode="M1 1AE", registered_via="assisted")
        record(commuter)
        sign_in(client, olu(on=places.windrush))
        page = client.get(reverse("accounts:person_detail", args=[commuter.pk])).content.decode()
        assert "Cara Commuter" in page and "Save check" in page
        assert "Access needs" not in page and "Start acting for them" not in page

    def test_an_officer_elsewhere_can_neither_see_nor_verify(self, client: Client) -> None:
        places = two_ward_borough()
        resident = nell()
        claim = record(resident, kind="live", postcode="SE27 9AA")
        sign_in(client, olu(on=places.windrush))
        assert "Nell Adeyemi" not in client.get(reverse("accounts:area_claims_to_check")).content.decode()
        prefix = f"claim-{claim.pk}"
        response = client.post(
            reverse("accounts:person_detail", args=[resident.pk]),
            {"form": "claim", "claim": claim.pk, f"{prefix}-decision": "verified", f"{prefix}-note": "seen"},
        )
        assert response.status_code == 404
        claim.refresh_from_db()
        assert claim.status == AreaClaimStatus.PENDING

    def test_residents_cannot_open_the_claims_to_check(self, client: Client) -> None:
        sign_in(client, amara())
        assert client.get(reverse("accounts:area_claims_to_check")).status_code == 403
