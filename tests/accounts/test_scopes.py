"""Officers act only within their scope (ADR 0007): services and pages refuse the rest.

The rule itself is tested in test_permissions.py; these tests check that every service and
page about a person goes through it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts import services
from coopcouncil.accounts.models import AccessNeed, AccessNeeds, Person
from coopcouncil.core.actors import Actor
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben, hana, nell, olu
from tests.places.factories import two_ward_borough

pytestmark = pytest.mark.django_db


def sign_in(client: Client, person: Person) -> None:
    """A staff login with a second factor set up (the middleware asks for no more)."""
    assert person.user is not None
    client.force_login(person.user)


class ScopedServiceTests:
    def test_an_officer_on_another_scope_cannot_act_for_or_confirm_the_age_of_a_resident(self) -> None:
        places = two_ward_borough()
        resident = nell()  # lives in West Norwood
        for officer in (olu(on=places.windrush), hana(on=places.libraries)):
            with pytest.raises(PermissionDenied):
                services.acting_for_start(actor=Actor(person=officer), resident=resident, reason="hub")
            with pytest.raises(PermissionDenied):
                services.age_confirm(
                    actor=Actor(person=officer), person=resident, date_of_birth=date(1950, 1, 1), note="passport"
                )

    def test_a_library_officer_registers_a_resident_and_then_helps_them(self) -> None:
        places = two_ward_borough()
        officer = hana(on=places.libraries)
        person, _code = services.assisted_person_register(
            actor=Actor(person=officer),
            full_name="Rui Costa",
            birth_year=1950,
            postcode="SE27 9AA",
            access_needs=[AccessNeed.LARGE_PRINT],
        )
        session = services.acting_for_start(actor=Actor(person=officer), resident=person, reason="Library hub")
        assert session.resident == person
        services.age_confirm(
            actor=Actor(person=officer), person=person, date_of_birth=date(1950, 5, 1), note="bus pass"
        )
        # The West Norwood ward officer covers him too, because he lives there.
        assert services.acting_for_start(actor=Actor(person=olu(on=places.norwood)), resident=person, reason="x")


class ScopedPageTests:
    def test_people_search_lists_only_people_in_the_officers_ward(self, client: Client) -> None:
        places = two_ward_borough()
        amara(), nell()
        sign_in(client, olu(on=places.windrush))
        page = client.get(reverse("accounts:people_search"), {"q": "a"}).content.decode()
        assert "Amara Okafor" in page
        assert "Nell Adeyemi" not in page
        assert "1 result" in page

    def test_a_library_officer_finds_nobody_they_did_not_register(self, client: Client) -> None:
        places = two_ward_borough()
        amara(), nell()
        officer = hana(on=places.libraries)
        PersonFactory(full_name="Nadia Hub", registered_via="assisted", registered_by=officer)
        sign_in(client, officer)
        page = client.get(reverse("accounts:people_search"), {"q": "a"}).content.decode()
        assert "Nadia Hub" in page
        assert "Amara Okafor" not in page and "Nell Adeyemi" not in page

    def test_a_profile_outside_the_officers_scope_does_not_exist_for_them(self, client: Client) -> None:
        places = two_ward_borough()
        resident = nell()
        AccessNeeds.objects.create(person=resident, needs=[AccessNeed.BSL])
        sign_in(client, olu(on=places.windrush))
        assert client.get(reverse("accounts:person_detail", args=[resident.pk])).status_code == 404
        response = client.post(
            reverse("accounts:person_detail", args=[resident.pk]), {"form": "act", "reason": "Library hub"}
        )
        assert response.status_code == 404

    def test_an_officer_whose_ward_covers_the_resident_sees_their_access_needs(self, client: Client) -> None:
        places = two_ward_borough()
        resident = nell()
        AccessNeeds.objects.create(person=resident, needs=[AccessNeed.BSL])
        sign_in(client, olu(on=places.norwood))
        page = client.get(reverse("accounts:person_detail", args=[resident.pk])).content.decode()
        assert "Access needs" in page and "bsl" in page
        assert "Start acting for them" in page

    def test_a_platform_wide_officer_opens_anyone(self, client: Client) -> None:
        two_ward_borough()
        resident = PersonFactory(full_name="Someone Elsewhere", postcode="M1 1AE")
        sign_in(client, ben())
        assert client.get(reverse("accounts:person_detail", args=[resident.pk])).status_code == 200
