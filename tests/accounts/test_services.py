from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coopcouncil.accounts import selectors, services
from coopcouncil.accounts.models import (
    AccessNeed,
    AccessNeeds,
    ActingForSession,
    AreaClaim,
    Consent,
    ConsentPurpose,
    DataRequestStatus,
    ParentalConsentRequest,
    Person,
    RegisteredVia,
    Role,
    RoleAssignment,
    User,
)
from coopcouncil.accounts.permissions import CannotTakePart
from coopcouncil.accounts.selectors import person_data_export
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from tests.accounts.factories import PersonFactory, UserFactory, role_give
from tests.accounts.personas import amara, ben, kemi, nell
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


class OnlineRegistrationTests:
    def test_an_adult_gets_a_person_and_account_consent(self) -> None:
        user = UserFactory(email="new@example.org")
        person = services.person_register_online(
            user=user, full_name=" Kofi Mensah ", date_of_birth=date(1990, 4, 2), birth_year=None, postcode="sw2 1rw"
        )
        assert (person.full_name, person.postcode, person.birth_year) == ("Kofi Mensah", "SW2 1RW", 1990)
        assert services.has_consent(person, ConsentPurpose.ACCOUNT) is True
        assert AuditEntry.objects.filter(action="person.registered", actor=person).exists()

    def test_a_child_under_13_waits_for_a_parent_who_is_emailed_after_commit(
        self, django_capture_on_commit_callbacks
    ) -> None:
        user = UserFactory(email="kid@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            person = services.person_register_online(
                user=user,
                full_name="Ada Child",
                date_of_birth=date(2016, 1, 1),
                birth_year=None,
                postcode="",
                parent_name="Bisi Child",
                parent_email="bisi@example.org",
                today=date(2026, 11, 22),
            )
        assert services.has_consent(person, ConsentPurpose.ACCOUNT) is False
        assert [m.to for m in mail.outbox] == [["bisi@example.org"]]
        assert "/parental-consent/" in mail.outbox[0].body

    def test_a_child_without_a_parents_details_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            services.person_register_online(
                user=UserFactory(),
                full_name="Ada",
                date_of_birth=date(2016, 1, 1),
                birth_year=None,
                postcode="",
                today=date(2026, 11, 22),
            )

    def test_a_bad_postcode_is_a_clear_error(self) -> None:
        with pytest.raises(ValidationError) as caught:
            services.person_register_online(
                user=UserFactory(), full_name="Ada", date_of_birth=None, birth_year=1980, postcode="not one"
            )
        assert "postcode" in caught.value.message_dict


class ParentalConsentTests:
    def _request(self) -> ParentalConsentRequest:
        user = UserFactory()
        services.person_register_online(
            user=user,
            full_name="Ada Child",
            date_of_birth=date(2016, 1, 1),
            birth_year=None,
            postcode="",
            parent_name="Bisi",
            parent_email="bisi@example.org",
            today=date(2026, 11, 22),
        )
        return ParentalConsentRequest.objects.get(child__user=user)

    def test_granting_records_who_consented(self) -> None:
        request = self._request()
        services.parental_consent_answer(request=request, granted=True)
        child = request.child
        assert services.has_consent(child, ConsentPurpose.ACCOUNT) is True
        parental = child.consents.get(purpose=ConsentPurpose.PARENTAL)
        assert (parental.given_by_name, parental.given_by_email) == ("Bisi", "bisi@example.org")

    def test_refusing_gives_no_consent_and_the_link_is_used_up(self) -> None:
        request = self._request()
        services.parental_consent_answer(request=request, granted=False)
        assert services.has_consent(request.child, ConsentPurpose.ACCOUNT) is False
        assert services.parental_consent_request_for_token("anything") is None

    def test_the_child_is_told_whether_the_parent_is_still_to_answer_or_refused(self) -> None:
        request = self._request()
        assert selectors.parental_consent_status(person=request.child) == "waiting"
        services.parental_consent_answer(request=request, granted=False)
        assert selectors.parental_consent_status(person=request.child) == "refused"

    def test_nothing_is_said_once_consent_is_given_or_when_none_was_asked(self) -> None:
        request = self._request()
        services.parental_consent_answer(request=request, granted=True)
        assert selectors.parental_consent_status(person=request.child) is None
        assert selectors.parental_consent_status(person=PersonFactory()) is None

    def test_the_child_is_still_told_they_wait_when_they_have_another_consent(self) -> None:
        """Only the parent's answer matters: an account or research consent does not end the wait."""
        child = kemi()
        Consent.objects.create(person=child, purpose=ConsentPurpose.RESEARCH)
        assert selectors.parental_consent_status(person=child) == "waiting"

    def test_a_child_registered_at_a_hub_is_told_a_parent_must_agree(self) -> None:
        officer = ben(with_totp=False)
        child, _code = services.assisted_person_register(
            actor=Actor(person=officer), full_name="Ife Child", date_of_birth=date(2019, 2, 1)
        )
        assert services.has_consent(child, ConsentPurpose.ACCOUNT) is True
        assert selectors.parental_consent_status(person=child) == "needed"

    def test_the_email_has_an_absolute_link_from_the_site_address(
        self, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.SITE_URL = "https://participate.example.gov.uk"
        with django_capture_on_commit_callbacks(execute=True):
            kemi()
        assert re.search(
            r"answer here: https://participate\.example\.gov\.uk/parental-consent/[\w-]+/$", mail.outbox[0].body
        )


class AssistedProfileTests:
    def test_an_officer_registers_a_resident_with_a_claim_code(self) -> None:
        officer = ben(with_totp=False)
        person, code = services.assisted_person_register(
            actor=Actor(person=officer),
            full_name="Nell Adeyemi",
            birth_year=1948,
            postcode="SE27 9AA",
            address="1 Demo Road",
            access_needs=[AccessNeed.STEP_FREE],
        )
        assert person.registered_via == RegisteredVia.ASSISTED
        assert person.registered_by == officer
        assert len(code) == 10 and code not in person.claim_code_hash
        assert AccessNeeds.objects.get(person=person).needs == ["step_free"]
        entry = AuditEntry.objects.get(action="person.registered", target_id=str(person.pk))
        assert (entry.actor, entry.on_behalf_of) == (officer, person)

    def test_residents_cannot_register_others(self) -> None:
        with pytest.raises(PermissionDenied):
            services.assisted_person_register(actor=Actor(person=amara()), full_name="Someone")

    def test_claiming_links_the_login_replaces_the_fresh_profile_and_shows_history(self) -> None:
        officer = ben(with_totp=False)
        person, code = services.assisted_person_register(actor=Actor(person=officer), full_name="Nell")
        user = UserFactory(email="nell@example.org")
        fresh = PersonFactory(user=user)
        claimed = services.assisted_profile_claim(user=user, person_id=person.pk, claim_code=code.lower())
        assert claimed.pk == person.pk and claimed.user == user and claimed.claimed_at is not None
        assert not Person.objects.filter(pk=fresh.pk).exists()
        # Everything the officer did for Nell is now visible to her.
        from coopcouncil.accounts.selectors import audit_entries_about

        assert audit_entries_about(person=claimed).filter(actor=officer).exists()

    def test_a_wrong_code_is_refused_and_a_code_works_once(self) -> None:
        person, code = services.assisted_person_register(actor=Actor(person=ben(with_totp=False)), full_name="Nell")
        with pytest.raises(ValidationError):
            services.assisted_profile_claim(user=UserFactory(), person_id=person.pk, claim_code="WRONGCODE1")
        services.assisted_profile_claim(user=UserFactory(), person_id=person.pk, claim_code=code)
        with pytest.raises(ValidationError):
            services.assisted_profile_claim(user=UserFactory(), person_id=person.pk, claim_code=code)


class ActingForTests:
    def test_a_session_expires_and_both_people_are_audited(self) -> None:
        officer, resident = ben(with_totp=False), nell()
        session = services.acting_for_start(actor=Actor(person=officer), resident=resident, reason="Brixton hub")
        assert session.is_active() is True
        assert session.is_active(at=timezone.now() + timedelta(minutes=31)) is False
        services.acting_for_end(session=session)
        actions = list(AuditEntry.objects.filter(actor=officer, on_behalf_of=resident).values_list("action", flat=True))
        assert sorted(actions) == ["acting_for.ended", "acting_for.started"]

    def test_starting_a_new_session_ends_the_officers_previous_one(self) -> None:
        officer = ben(with_totp=False)
        first = services.acting_for_start(actor=Actor(person=officer), resident=nell(), reason="hub")
        services.acting_for_start(actor=Actor(person=officer), resident=PersonFactory(), reason="hub")
        first.refresh_from_db()
        assert first.ended_at is not None
        assert ActingForSession.objects.filter(officer=officer, ended_at__isnull=True).count() == 1

    def test_a_reason_is_required_and_residents_cannot_act_for_others(self) -> None:
        with pytest.raises(ValidationError):
            services.acting_for_start(actor=Actor(person=ben(with_totp=False)), resident=nell(), reason=" ")
        with pytest.raises(PermissionDenied):
            services.acting_for_start(actor=Actor(person=amara()), resident=nell(), reason="x")


class ConsentTests:
    def test_a_child_waiting_for_a_parent_cannot_give_consent_but_can_withdraw(self) -> None:
        child = kemi()
        with pytest.raises(CannotTakePart):
            services.consent_give(actor=Actor(person=child), purpose=ConsentPurpose.RESEARCH)
        assert not child.consents.exists()
        Consent.objects.create(person=child, purpose=ConsentPurpose.RESEARCH)
        assert services.consent_withdraw(actor=Actor(person=child), purpose=ConsentPurpose.RESEARCH) == 1

    def test_nobody_gives_or_withdraws_a_parents_consent_for_themselves(self) -> None:
        for actor in (Actor(person=kemi()), Actor(person=amara())):
            with pytest.raises(ValidationError):
                services.consent_give(actor=actor, purpose=ConsentPurpose.PARENTAL)
            with pytest.raises(ValidationError):
                services.consent_withdraw(actor=actor, purpose=ConsentPurpose.PARENTAL)
        assert not Consent.objects.filter(purpose=ConsentPurpose.PARENTAL).exists()

    def test_give_and_withdraw_keep_history(self) -> None:
        person = amara()
        actor = Actor(person=person)
        services.consent_give(actor=actor, purpose=ConsentPurpose.RESEARCH)
        services.consent_give(actor=actor, purpose=ConsentPurpose.RESEARCH)  # no duplicate
        assert person.consents.filter(purpose=ConsentPurpose.RESEARCH).count() == 1
        assert services.consent_withdraw(actor=actor, purpose=ConsentPurpose.RESEARCH) == 1
        assert services.has_consent(person, ConsentPurpose.RESEARCH) is False
        assert person.consents.filter(purpose=ConsentPurpose.RESEARCH, withdrawn_at__isnull=False).count() == 1

    def test_consent_given_while_acting_for_is_the_residents(self) -> None:
        officer, resident = ben(with_totp=False), nell()
        services.consent_give(actor=Actor(person=officer, on_behalf_of=resident), purpose=ConsentPurpose.RESEARCH)
        assert services.has_consent(resident, ConsentPurpose.RESEARCH) is True
        assert services.has_consent(officer, ConsentPurpose.RESEARCH) is False


class AgeConfirmTests:
    def test_an_officer_confirms_with_evidence(self) -> None:
        officer, resident = ben(with_totp=False), nell()
        services.age_confirm(
            actor=Actor(person=officer), person=resident, date_of_birth=date(1990, 3, 1), note="passport"
        )
        resident.refresh_from_db()
        assert (resident.date_of_birth, resident.age_confirmed_by, resident.age_confirmed_note) == (
            date(1990, 3, 1),
            officer,
            "passport",
        )

    def test_a_date_that_contradicts_the_given_year_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            services.age_confirm(
                actor=Actor(person=ben(with_totp=False)), person=nell(), date_of_birth=date(1991, 3, 1), note="passport"
            )


class RoleTests:
    def test_assignment_is_scoped_and_audited(self) -> None:
        admin = PersonFactory()
        role_give(admin, Role.ADMINISTRATOR)
        ward = CommunityFactory()
        councillor = PersonFactory()
        assignment = services.role_assign(
            actor=Actor(person=admin), person=councillor, role=Role.COUNCILLOR, on=ward, reason="Elected May 2026"
        )
        assert assignment.scope == ward and assignment.granted_by == admin
        services.role_revoke(actor=Actor(person=admin), assignment=assignment, reason="Stood down")
        assert not RoleAssignment.objects.current().filter(person=councillor).exists()
        assert AuditEntry.objects.filter(action="role.revoked").exists()

    def test_only_administrators_assign(self) -> None:
        with pytest.raises(PermissionDenied):
            services.role_assign(actor=Actor(person=amara()), person=nell(), role=Role.OFFICER, on=None, reason="x")


class DeletionTests:
    def _reviewer(self) -> Person:
        reviewer = PersonFactory()
        role_give(reviewer, Role.OFFICER)
        return reviewer

    def test_approval_anonymises_every_area_and_keeps_the_audit_log(self) -> None:
        resident = amara()
        user_id = resident.user_id
        AreaClaim.objects.create(person=resident, kind="live", postcode="SW9 7AB")
        services.access_needs_set(actor=Actor(person=resident), needs=["bsl"])
        from coopcouncil.notifications.services import follow_set

        follow_set(actor=Actor(person=resident), target=CommunityFactory())
        request = services.deletion_request_create(actor=Actor(person=resident), reason="Moving away")
        assert services.deletion_request_create(actor=Actor(person=resident)).pk == request.pk  # one open request
        services.deletion_request_review(actor=Actor(person=self._reviewer()), request=request, approve=True, note="")
        resident.refresh_from_db()
        assert resident.is_anonymised and resident.full_name.startswith("Anonymised person")
        assert (resident.contact_email, resident.postcode, resident.user_id) == ("", "", None)
        assert not User.objects.filter(pk=user_id).exists()
        assert not AreaClaim.objects.filter(person=resident).exists()
        assert not AccessNeeds.objects.filter(person=resident).exists()
        assert person_data_export(person=resident)["notifications"] == {"follows": [], "messages": []}
        assert AuditEntry.objects.filter(actor=resident, action="access_needs.updated").exists()
        request.refresh_from_db()
        assert request.status == DataRequestStatus.DONE

    def test_refusal_needs_a_reason_and_a_request_is_reviewed_once(self) -> None:
        resident = amara()
        request = services.deletion_request_create(actor=Actor(person=resident))
        reviewer = Actor(person=self._reviewer())
        with pytest.raises(ValidationError):
            services.deletion_request_review(actor=reviewer, request=request, approve=False, note="")
        services.deletion_request_review(
            actor=reviewer, request=request, approve=False, note="You are a member of the board; the register is kept."
        )
        with pytest.raises(ValidationError):
            services.deletion_request_review(actor=reviewer, request=request, approve=True, note="")
        resident.refresh_from_db()
        assert resident.is_anonymised is False

    def test_residents_cannot_review(self) -> None:
        request = services.deletion_request_create(actor=Actor(person=amara()))
        with pytest.raises(PermissionDenied):
            services.deletion_request_review(actor=Actor(person=nell()), request=request, approve=True, note="")


class ErasureLeavesNoTraceInTheAuditLogTests:
    """Once someone is anonymised, no audit entry holds their name, their parent's or an email address."""

    TRACES = ("Unique-Name", "Unique-Parent", "nell.unique@example.org", "parent.unique@example.org")

    def _assert_no_trace_in_the_audit_log(self, *, flows: set[str]) -> None:
        entries = list(AuditEntry.objects.all())
        assert flows <= {entry.action for entry in entries}
        for entry in entries:
            text = " ".join([str(entry), entry.target_label, json.dumps(entry.details, ensure_ascii=False)]).lower()
            for trace in self.TRACES:
                assert trace.lower() not in text, f"{entry.action} keeps {trace!r}: {text}"

    def _anonymise(self, person: Person) -> None:
        reviewer = PersonFactory()
        role_give(reviewer, Role.OFFICER)
        request = services.deletion_request_create(actor=Actor(person=person), reason="Unique-Name is moving away")
        services.deletion_request_review(actor=Actor(person=reviewer), request=request, approve=True, note="Done")

    def test_a_child_registered_at_a_hub_helped_by_an_officer_then_online(self) -> None:
        officer = ben(with_totp=False)
        child, code = services.assisted_person_register(
            actor=Actor(person=officer),
            full_name="Nell Unique-Name",
            date_of_birth=date(2018, 5, 4),
            postcode="SE27 9AA",
            address="1 Unique-Name Road",
            access_needs=[AccessNeed.BSL],
        )
        AreaClaim.objects.create(
            person=child, kind="study", postcode="SE27 9AA", evidence="Letter to Nell Unique-Name from her school"
        )
        services.parental_consent_request(
            actor=Actor(person=officer, on_behalf_of=child),
            child=child,
            parent_name="Bisi Unique-Parent",
            parent_email="parent.unique@example.org",
        )
        services.parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        session = services.acting_for_start(
            actor=Actor(person=officer), resident=child, reason="At the library with Nell Unique-Name"
        )
        acting = Actor(person=officer, on_behalf_of=child)
        services.consent_give(actor=acting, purpose=ConsentPurpose.RESEARCH)
        services.consent_withdraw(actor=acting, purpose=ConsentPurpose.RESEARCH)
        services.access_needs_set(actor=acting, needs=["bsl"], other="Nell Unique-Name sits at the front")
        from coopcouncil.notifications.services import follow_set

        follow_set(actor=acting, target=CommunityFactory(), asks_for_updates=True)
        services.age_confirm(
            actor=Actor(person=officer),
            person=child,
            date_of_birth=date(2018, 5, 4),
            note="Nell Unique-Name's passport",
        )
        services.acting_for_end(session=session)
        user = UserFactory(email="nell.unique@example.org")
        services.assisted_profile_claim(user=user, person_id=child.pk, claim_code=code)
        self._anonymise(child)
        child.refresh_from_db()
        assert child.is_anonymised and child.age_confirmed_note == ""
        self._assert_no_trace_in_the_audit_log(
            flows={
                "person.registered",
                "parental_consent.requested",
                "parental_consent.granted",
                "acting_for.started",
                "consent.given",
                "consent.withdrawn",
                "access_needs.updated",
                "follow.changed",
                "person.age_confirmed",
                "acting_for.ended",
                "person.claimed",
                "data_request.created",
                "data_request.reviewed",
                "person.anonymised",
            }
        )

    def test_a_child_who_signed_up_online_with_a_parents_consent(self) -> None:
        child = services.person_register_online(
            user=UserFactory(email="nell.unique@example.org"),
            full_name="Nell Unique-Name",
            date_of_birth=date(2018, 5, 4),
            birth_year=None,
            postcode="SW2 1RW",
            parent_name="Bisi Unique-Parent",
            parent_email="parent.unique@example.org",
        )
        services.parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        services.consent_give(actor=Actor(person=child), purpose=ConsentPurpose.EQUALITIES)
        admin = PersonFactory()
        role_give(admin, Role.ADMINISTRATOR)
        youth_panel = CommunityFactory(name="Youth panel")
        services.role_assign(
            actor=Actor(person=admin),
            person=child,
            role=Role.RESIDENT,
            on=youth_panel,
            reason="Nell Unique-Name joined",
        )
        self._anonymise(child)
        self._assert_no_trace_in_the_audit_log(
            flows={
                "person.registered",
                "parental_consent.granted",
                "consent.given",
                "role.assigned",
                "person.anonymised",
            }
        )


class DataExportTests:
    @time_machine.travel("2026-11-22 10:00:00+00:00", tick=False)
    def test_export_covers_every_registered_area(self) -> None:
        resident = amara()
        services.access_needs_set(actor=Actor(person=resident), needs=["hearing_loop"], language="Portuguese")
        export = person_data_export(person=resident)
        assert set(export) >= {"account", "notifications"}
        assert export["account"]["profile"]["full_name"] == "Amara Okafor"
        assert export["account"]["access_needs"] == {"needs": ["hearing_loop"], "language": "Portuguese", "other": ""}
        assert export["account"]["activity"][0]["at"] == "2026-11-22T10:00:00+00:00"


class ContactPreferenceTests:
    def test_a_resident_chooses_letters_and_the_change_is_audited_without_the_address(self) -> None:
        resident = amara()
        services.contact_preference_set(
            actor=Actor(person=resident), preference="post", address=" 1 Windrush Square\nLondon ", phone=""
        )
        resident.refresh_from_db()
        assert (resident.contact_preference, resident.address) == ("post", "1 Windrush Square\nLondon")
        entry = AuditEntry.objects.get(action="contact_preference.changed")
        assert entry.actor == resident and entry.on_behalf_of is None
        assert entry.details == {"preference": "post", "changed": ["contact_preference", "address"]}
        assert "Windrush" not in str(entry.details)

    def test_saving_the_same_choice_again_records_nothing(self) -> None:
        resident = amara()
        services.contact_preference_set(actor=Actor(person=resident), preference="email")
        assert not AuditEntry.objects.filter(action="contact_preference.changed").exists()

    @pytest.mark.parametrize(
        ("preference", "address", "phone", "field"),
        [
            ("post", "  ", "", "address"),
            ("sms", "", "", "phone"),
            ("pigeon", "", "", "contact_preference"),
        ],
    )
    def test_a_channel_without_what_it_needs_is_refused(
        self, preference: str, address: str, phone: str, field: str
    ) -> None:
        resident = amara()
        with pytest.raises(ValidationError) as error:
            services.contact_preference_set(
                actor=Actor(person=resident), preference=preference, address=address, phone=phone
            )
        assert list(error.value.message_dict) == [field]
        resident.refresh_from_db()
        assert resident.contact_preference == "email"

    def test_email_needs_an_email_address(self) -> None:
        with pytest.raises(ValidationError, match="We do not have your email address"):
            services.contact_preference_set(actor=Actor(person=nell()), preference="email")

    def test_an_officer_acting_for_a_resident_sets_it_for_them(self) -> None:
        officer, resident = ben(), nell()
        services.contact_preference_set(
            actor=Actor(person=officer, on_behalf_of=resident), preference="sms", phone="07700 900 982"
        )
        resident.refresh_from_db()
        officer.refresh_from_db()
        assert (resident.contact_preference, resident.phone) == ("sms", "07700 900 982")
        assert officer.contact_preference == "email"
        entry = AuditEntry.objects.get(action="contact_preference.changed")
        assert (entry.actor, entry.on_behalf_of) == (officer, resident)

    def test_nobody_signed_in_cannot_set_it(self) -> None:
        with pytest.raises(PermissionDenied):
            services.contact_preference_set(actor=Actor.system(), preference="none")
