"""Factories for people, logins and organisations, shared by every area's tests."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.contenttypes.models import ContentType

from coopcouncil.accounts.models import Organisation, OrganisationKind, Person, Role, RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return model_class.objects.create_user(kwargs.pop("email"), kwargs.pop("password", PASSWORD), **kwargs)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="en_GB")
    postcode = "SW2 1RW"
    birth_year = 1990


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COMMUNITY_GROUP


def person_with_login(*, email: str | None = None, **person_fields: Any) -> Person:
    user = UserFactory(**({"email": email} if email else {}))
    return PersonFactory(user=user, contact_email=user.email, **person_fields)


def role_give(person: Person, role: Role, on: Any = None) -> RoleAssignment:
    return RoleAssignment.objects.create(
        person=person,
        role=role,
        scope_type=ContentType.objects.get_for_model(on) if on is not None else None,
        scope_id=str(on.pk) if on is not None else "",
    )
