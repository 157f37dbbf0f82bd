from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from coopcouncil.accounts import permissions, services
from coopcouncil.accounts.models import (
    AreaClaim,
    Consent,
    ConsentPurpose,
    ParentalConsentRequest,
    Person,
    Role,
    RoleAssignment,
)
from coopcouncil.accounts.permissions import (
    can_act_for,
    can_assign_role,
    can_confirm_age,
    can_record_area_claim,
    can_register_assisted,
    can_review_data_requests,
    can_take_part,
    can_verify_area_claim,
    can_view_access_needs,
    has_role,
    has_role_anywhere,
    is_staff_person,
    people_visible_to,
)
from coopcouncil.accounts.selectors import people_search
from tests.accounts.factories import PersonFactory, UserFactory, person_with_login, role_give
from tests.accounts.personas import amara, ben, hana, kemi, nell, olu
from tests.places.factories import CommunityFactory, TwoWardBorough, two_ward_borough

pytestmark = pytest.mark.django_db


class HasRoleTests:
    def test_role_on_a_parent_scope_covers_children(self) -> None:
        borough = CommunityFactory(kind="borough")
        ward = CommunityFactory(kind="ward", parent=borough)
        officer = PersonFactory()
        role_give(officer, Role.OFFICER, on=borough)
        assert has_role(officer, [Role.OFFICER], on=ward) is True
        assert has_role(officer, [Role.OFFICER], on=borough) is True

    def test_role_on_a_child_does_not_cover_the_parent_or_siblings(self) -> None:
        borough = CommunityFactory(kind="borough")
        ward, other_ward = CommunityFactory(parent=borough), CommunityFactory(parent=borough)
        councillor = PersonFactory()
        role_give(councillor, Role.COUNCILLOR, on=ward)
        assert has_role(councillor, [Role.COUNCILLOR], on=borough) is False
        assert has_role(councillor, [Role.COUNCILLOR], on=other_ward) is False
        assert has_role(councillor, [Role.COUNCILLOR], on=None) is False
        assert has_role_anywhere(councillor, [Role.COUNCILLOR]) is True

    def test_platform_wide_role_counts_everywhere(self) -> None:
        admin = PersonFactory()
        role_give(admin, Role.ADMINISTRATOR)
        assert has_role(admin, [Role.ADMINISTRATOR], on=CommunityFactory()) is True
        assert has_role(admin, [Role.ADMINISTRATOR], on=None) is True

    def test_revoked_and_expired_roles_do_not_count(self) -> None:
        person = PersonFactory()
        revoked = role_give(person, Role.OFFICER)
        revoked.revoked_at = timezone.now()
        revoked.save()
        RoleAssignment.objects.create(person=person, role=Role.OFFICER, ends_at=timezone.now() - timedelta(days=1))
        assert has_role_anywhere(person, [Role.OFFICER]) is False

    def test_other_roles_do_not_count(self) -> None:
        person = PersonFactory()
        role_give(person, Role.COUNCILLOR)
        assert has_role(person, [Role.OFFICER], on=None) is False

    def test_nobody_and_anonymised_people_hold_nothing(self) -> None:
        person = PersonFactory(anonymised_at=timezone.now())
        role_give(person, Role.ADMINISTRATOR)
        assert has_role(person, [Role.ADMINISTRATOR], on=None) is False
        assert has_role_anywhere(person, [Role.ADMINISTRATOR]) is False
        assert has_role(None, [Role.ADMINISTRATOR], on=None) is False


class StaffTests:
    @pytest.mark.parametrize(
        ("role", "staff"),
        [
            (Role.OFFICER, True),
            (Role.PROFESSIONAL, True),
            (Role.COUNCILLOR, True),
            (Role.ADMINISTRATOR, True),
            (Role.PROVIDER_REPRESENTATIVE, False),
            (Role.RESIDENT, False),
        ],
    )
    def test_staff_roles_need_two_factor(self, role: Role, staff: bool) -> None:
        person = PersonFactory()
        role_give(person, role, on=CommunityFactory())
        assert is_staff_person(person) is staff


class OfficerPermissionTests:
    def test_officers_register_and_confirm_ages_residents_do_not(self) -> None:
        officer, resident = ben(with_totp=False), amara()
        assert can_register_assisted(officer) is True
        assert can_confirm_age(officer, resident) is True
        assert can_register_assisted(resident) is False
        assert can_confirm_age(resident, nell()) is False
        assert can_register_assisted(None) is False
        assert can_confirm_age(None, resident) is False

    def test_nobody_confirms_their_own_age(self) -> None:
        officer = ben(with_totp=False)
        assert can_confirm_age(officer, officer) is False

    def test_officers_act_only_for_people_without_their_own_login(self) -> None:
        officer = ben(with_totp=False)
        assert can_act_for(officer, nell()) is True
        assert can_act_for(officer, amara()) is False
        assert can_act_for(officer, officer) is False
        assert can_act_for(None, nell()) is False
        assert can_act_for(PersonFactory(), nell()) is False  # a resident is not an officer

    def test_officers_do_not_act_for_staff_or_anonymised_people(self) -> None:
        officer = ben(with_totp=False)
        colleague = PersonFactory()
        role_give(colleague, Role.COUNCILLOR)
        assert can_act_for(officer, colleague) is False
        assert can_act_for(officer, PersonFactory(anonymised_at=timezone.now())) is False

    def test_deletion_requests_go_to_platform_wide_officers_and_administrators(self) -> None:
        platform_officer = PersonFactory()
        role_give(platform_officer, Role.OFFICER)
        ward_officer = PersonFactory()
        role_give(ward_officer, Role.OFFICER, on=CommunityFactory())
        assert can_review_data_requests(platform_officer) is True
        assert can_review_data_requests(ward_officer) is False
        assert can_review_data_requests(amara()) is False

    def test_access_needs_are_seen_by_the_person_and_officers_only(self) -> None:
        resident, officer = amara(), ben(with_totp=False)
        neighbour = person_with_login(full_name="A neighbour")
        assert can_view_access_needs(resident, resident) is True
        assert can_view_access_needs(officer, resident) is True
        assert can_view_access_needs(neighbour, resident) is False
        assert can_view_access_needs(None, resident) is False

    def test_administrators_assign_roles_within_their_scope(self) -> None:
        borough = CommunityFactory(kind="borough")
        ward = CommunityFactory(parent=borough)
        scoped_admin = PersonFactory()
        role_give(scoped_admin, Role.ADMINISTRATOR, on=ward)
        assert can_assign_role(scoped_admin, role=Role.COUNCILLOR, on=ward) is True
        assert can_assign_role(scoped_admin, role=Role.COUNCILLOR, on=borough) is False
        assert can_assign_role(scoped_admin, role=Role.ADMINISTRATOR, on=None) is False


class TakingPartTests:
    def test_a_child_cannot_take_part_while_her_parent_has_not_answered_or_refused(self) -> None:
        """Kemi signed up at eight; until her mother agrees she may look, not take part."""
        child = kemi()
        assert can_take_part(child) is False
        services.parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=False)
        assert can_take_part(child) is False

    def test_a_parents_agreement_lets_a_child_take_part_until_it_is_withdrawn(self) -> None:
        child = kemi()
        services.parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        assert can_take_part(child) is True
        Consent.objects.filter(person=child, purpose=ConsentPurpose.PARENTAL).update(withdrawn_at=timezone.now())
        assert can_take_part(child) is False

    def test_other_consents_do_not_stand_in_for_a_parents(self) -> None:
        """A child registered at a hub has account consent on record, but no parent agreed."""
        child = PersonFactory(date_of_birth=date(2018, 3, 14), birth_year=2018)
        Consent.objects.create(person=child, purpose=ConsentPurpose.ACCOUNT, method="verbal, at a drop-in hub")
        Consent.objects.create(person=child, purpose=ConsentPurpose.RESEARCH)
        assert can_take_part(child) is False

    def test_a_year_of_birth_that_may_mean_under_13_counts_as_under_13(self) -> None:
        """Born in 2013: on 1 June 2026 they may be 12 or 13, so a parent must agree."""
        assert can_take_part(PersonFactory(birth_year=2013), on=date(2026, 6, 1)) is False
        assert can_take_part(PersonFactory(birth_year=2012), on=date(2026, 6, 1)) is True

    def test_a_child_takes_part_from_their_13th_birthday(self) -> None:
        child = PersonFactory(date_of_birth=date(2013, 12, 20), birth_year=2013)
        assert can_take_part(child, on=date(2026, 12, 19)) is False
        assert can_take_part(child, on=date(2026, 12, 20)) is True

    def test_adults_and_people_of_unknown_age_take_part_but_not_the_anonymised_or_nobody(self) -> None:
        assert can_take_part(amara()) is True
        assert can_take_part(PersonFactory(birth_year=None)) is True
        assert can_take_part(PersonFactory(anonymised_at=timezone.now())) is False
        assert can_take_part(None) is False


class ScopedOfficerTests:
    """An officer's roles cover people by where they live (ADR 0007): the borough covers everyone in
    it and everyone whose ward is unknown, a ward community the residents of its ward, an issue
    community only the people its officers registered at a hub (until they claim the profile)."""

    def test_a_ward_officer_covers_residents_of_that_ward_only(self) -> None:
        places = two_ward_borough()
        officer = olu(on=places.windrush)
        windrush_resident, norwood_resident = amara(), nell()
        unknown_ward = PersonFactory(postcode="SW2 1RW")
        assert can_view_access_needs(officer, windrush_resident) is True
        assert can_confirm_age(officer, windrush_resident) is True
        for outside in (norwood_resident, unknown_ward):
            assert can_view_access_needs(officer, outside) is False
            assert can_confirm_age(officer, outside) is False
            assert can_act_for(officer, outside) is False

    def test_a_ward_officer_acts_for_residents_of_their_ward(self) -> None:
        places = two_ward_borough()
        assert can_act_for(olu(on=places.norwood), nell()) is True

    def test_a_borough_officer_covers_every_ward_and_people_whose_ward_is_unknown(self) -> None:
        places = two_ward_borough()
        officer = olu(on=places.borough)
        for person in (amara(), nell(), PersonFactory(postcode="SW2 1RW"), PersonFactory(postcode="")):
            assert can_view_access_needs(officer, person) is True
            assert can_confirm_age(officer, person) is True
        assert can_act_for(officer, nell()) is True

    def test_a_platform_wide_officer_covers_everyone(self) -> None:
        two_ward_borough()
        officer = ben(with_totp=False)
        for person in (amara(), nell(), PersonFactory(postcode="M1 1AE")):
            assert can_view_access_needs(officer, person) is True
        assert can_act_for(officer, nell()) is True

    def test_an_officer_on_an_issue_community_registers_but_covers_only_whom_they_registered(self) -> None:
        places = two_ward_borough()
        officer = hana(on=places.libraries)
        registered_by_her = PersonFactory(postcode="SE27 9AA", registered_via="assisted", registered_by=officer)
        assert can_register_assisted(officer) is True
        assert can_act_for(officer, registered_by_her) is True
        assert can_view_access_needs(officer, registered_by_her) is True
        assert can_confirm_age(officer, registered_by_her) is True
        for outside in (nell(), amara(), PersonFactory()):
            assert can_act_for(officer, outside) is False
            assert can_view_access_needs(officer, outside) is False
            assert can_confirm_age(officer, outside) is False

    def test_the_registering_officer_stops_covering_someone_who_claims_their_profile(self) -> None:
        places = two_ward_borough()
        officer = hana(on=places.libraries)
        resident = PersonFactory(registered_via="assisted", registered_by=officer)
        resident.user = UserFactory()
        resident.save()
        assert can_view_access_needs(officer, resident) is False

    def test_an_issue_community_that_names_wards_covers_their_residents(self) -> None:
        places = two_ward_borough()
        places.libraries.wards.set([places.norwood_ward])
        officer = hana(on=places.libraries)
        assert can_act_for(officer, nell()) is True
        assert can_view_access_needs(officer, amara()) is False

    def test_a_role_on_a_community_covers_the_wards_of_communities_beneath_it(self) -> None:
        places = two_ward_borough()
        neighbourhood = CommunityFactory(
            kind="neighbourhood", parent=places.borough, authority=places.borough.authority
        )
        CommunityFactory(kind="ward", parent=neighbourhood, authority=neighbourhood.authority).wards.set(
            [places.norwood_ward]
        )
        officer = olu(on=neighbourhood)
        assert can_act_for(officer, nell()) is True
        assert can_view_access_needs(officer, amara()) is False

    def test_other_roles_and_ended_roles_cover_nobody(self) -> None:
        places = two_ward_borough()
        resident = amara()
        councillor = PersonFactory()
        role_give(councillor, Role.COUNCILLOR, on=places.windrush)
        assert can_view_access_needs(councillor, resident) is False
        officer = olu(on=places.windrush)
        RoleAssignment.objects.filter(person=officer).update(revoked_at=timezone.now())
        assert can_view_access_needs(officer, resident) is False
        assert can_register_assisted(officer) is False

    def test_without_the_places_lookup_scoped_roles_cover_nobody_by_place(self, monkeypatch) -> None:
        places = two_ward_borough()
        monkeypatch.setattr(permissions, "_place_lookups", {})
        officer, resident = olu(on=places.borough), amara()
        registered = PersonFactory(registered_via="assisted", registered_by=officer)
        assert can_view_access_needs(officer, resident) is False
        assert can_view_access_needs(officer, registered) is True
        assert can_view_access_needs(ben(with_totp=False), resident) is True

    def test_people_search_finds_only_people_in_the_officers_scope(self) -> None:
        places = two_ward_borough()
        windrush_resident, norwood_resident = amara(), nell()
        unknown_ward = PersonFactory(full_name="Nadia Unknown", postcode="SW2 1RW")

        def found(officer: Person) -> set[Person]:
            return set(people_search(officer=officer, query="a"))

        assert found(olu(on=places.windrush)) == {windrush_resident}
        library_officer = hana(on=places.libraries)
        registered = PersonFactory(
            full_name="Nana Registered", registered_via="assisted", registered_by=library_officer
        )
        assert found(library_officer) == {registered}
        assert {windrush_resident, norwood_resident, unknown_ward, registered} <= found(ben(with_totp=False))
        assert found(windrush_resident) == set()
        assert set(people_search(officer=None, query="a")) == set()


class AreaClaimPermissionTests:
    def test_a_resident_records_their_own_claims_and_an_officer_only_while_acting_for_them(self) -> None:
        places = two_ward_borough()
        resident = nell()
        assert can_record_area_claim(resident, resident) is True
        assert can_record_area_claim(olu(on=places.norwood), resident) is True
        assert can_record_area_claim(hana(on=places.libraries), resident) is False
        assert can_record_area_claim(amara(), resident) is False
        assert can_record_area_claim(None, resident) is False

    def test_an_officer_checks_claims_about_their_area_or_by_people_they_cover(self) -> None:
        places = two_ward_borough()
        commuter = PersonFactory(postcode="M1 1AE")  # lives outside the borough
        works_in_windrush = AreaClaim.objects.create(person=commuter, kind="work", postcode="SW9 7AB")
        works_in_norwood = AreaClaim.objects.create(person=commuter, kind="work", postcode="SE27 9AA")
        lives_in_norwood = AreaClaim.objects.create(person=nell(), kind="live", postcode="SE27 9AA")
        volunteers_in_windrush = AreaClaim.objects.create(person=nell(), kind="volunteer", postcode="SW9 7AB")
        windrush_officer = olu(on=places.windrush)
        assert can_verify_area_claim(windrush_officer, works_in_windrush) is True
        assert can_verify_area_claim(windrush_officer, volunteers_in_windrush) is True
        assert can_verify_area_claim(windrush_officer, works_in_norwood) is False
        assert can_verify_area_claim(windrush_officer, lives_in_norwood) is False
        borough_officer = hana(on=places.borough)
        for claim in (works_in_windrush, works_in_norwood, lives_in_norwood):
            assert can_verify_area_claim(borough_officer, claim) is True
        assert can_verify_area_claim(amara(), works_in_windrush) is False

    def test_an_officer_on_another_scope_checks_nothing(self) -> None:
        places = two_ward_borough()
        claim = AreaClaim.objects.create(person=amara(), kind="live", postcode="SW9 7AB")
        assert can_verify_area_claim(hana(on=places.libraries), claim) is False
        assert can_verify_area_claim(olu(on=places.norwood), claim) is False

    def test_nobody_checks_their_own_claim(self) -> None:
        officer = ben(with_totp=False)
        claim = AreaClaim.objects.create(person=officer, kind="work", postcode="SW9 7AB")
        assert can_verify_area_claim(officer, claim) is False

    def test_a_claim_in_their_area_lets_an_officer_open_the_profile_but_not_see_access_needs(self) -> None:
        places = two_ward_borough()
        commuter = PersonFactory(postcode="M1 1AE")
        AreaClaim.objects.create(person=commuter, kind="work", postcode="SW9 7AB")
        officer = olu(on=places.windrush)
        assert Person.objects.filter(people_visible_to(officer)).filter(pk=commuter.pk).exists()
        assert can_view_access_needs(officer, commuter) is False
        assert not Person.objects.filter(people_visible_to(olu_elsewhere(places))).filter(pk=commuter.pk).exists()


def olu_elsewhere(places: TwoWardBorough) -> Person:
    """A second officer, on the other ward."""
    person = PersonFactory(full_name="Officer in West Norwood")
    role_give(person, Role.OFFICER, on=places.norwood)
    return person
