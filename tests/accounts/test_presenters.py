from __future__ import annotations

from datetime import date

from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.presenters import person_public_name

ON = date(2026, 11, 22)


def test_childrens_names_are_never_shown_publicly() -> None:
    assert (
        person_public_name(Person(full_name="Ada Child", date_of_birth=date(2014, 1, 1)), on=ON) == "A young resident"
    )
    assert person_public_name(Person(full_name="Teen", birth_year=2008), on=ON) == "A young resident"


def test_adults_are_shown_by_the_name_they_chose() -> None:
    assert person_public_name(Person(full_name="Amara Okafor", known_as="Amara", birth_year=1990), on=ON) == "Amara"
    assert person_public_name(Person(full_name="Kofi Mensah"), on=ON) == "Kofi Mensah"


def test_anonymised_people_have_no_name() -> None:
    person = Person(full_name="Anonymised person 7", anonymised_at=timezone.now())
    assert person_public_name(person, on=ON) == "A former participant"
