from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from coopcouncil.accounts import services
from coopcouncil.accounts.models import Consent, ConsentPurpose, ParentalConsentRequest, Role, RoleAssignment
from coopcouncil.accounts.permissions import (
    can_act_for,
    can_assign_role,
    can_confirm_age,
    can_register_assisted,
    can_review_data_requests,
    can_take_part,
    can_view_access_needs,
    has_role,
    has_role_anywhere,
    is_staff_person,
)
from tests.accounts.factories import PersonFactory, person_with_login, role_give
from tests.accounts.personas import amara, ben, kemi, nell
from tests.places.factories import CommunityFactory

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
        assert can_confirm_age(officer) is True
        assert can_register_assisted(resident) is False
        assert can_confirm_age(resident) is False
        assert can_register_assisted(None) is False

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
