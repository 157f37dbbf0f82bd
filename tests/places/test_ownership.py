"""Ownership designed once: what later features (rounds, programmes, meetings) inherit from
``OwnedByCommunityOrOrganisation``, tested through a concrete model that exists only here.

The model lives in an isolated app registry, so no migration, no other test and no
``makemigrations --check`` ever sees it. Its table is made with the schema editor, from the same
model state a migration would use, so the check constraint is the database's own, on SQLite and
on PostgreSQL alike: the refusals below come from the database, not from Python.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import isolate_apps
from pytest_django import DjangoDbBlocker

from coopcouncil.accounts.models import Person, Role
from coopcouncil.accounts.permissions import has_role
from coopcouncil.places.models import Community, CommunityKind, OwnedByCommunityOrOrganisation
from tests.accounts.factories import OrganisationFactory, person_with_login, role_give
from tests.places.factories import CommunityFactory

with isolate_apps("coopcouncil.places"):

    class Programme(OwnedByCommunityOrOrganisation):
        """A stand-in for a real owned thing, such as a participatory budgeting round."""

        name = models.CharField(max_length=100)

        # A subclass that declares its own Meta must extend the parent's, or it loses the constraint.
        class Meta(OwnedByCommunityOrOrganisation.Meta):
            app_label = "places"

        def __str__(self) -> str:
            return self.name


@pytest.fixture(scope="module")
def programme_table(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Create the table once for the module, outside any test's transaction: SQLite cannot change
    its schema inside one while it enforces foreign keys."""
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Programme)
        try:
            yield
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Programme)


@pytest.fixture
def owned(programme_table: None, db: None) -> Iterator[None]:
    yield
    # The content type made for Programme is rolled back with the test; its cached row must go too,
    # or a later test could be handed it for a real model that reuses the id.
    ContentType.objects.clear_cache()


@pytest.fixture
def borough() -> Community:
    return CommunityFactory(name="Lambeth", slug="lambeth", kind=CommunityKind.BOROUGH)


def chidi_on(scope: models.Model) -> Person:
    """Chidi, a councillor: his role is on one scope only."""
    chidi = person_with_login(email="chidi@lambeth.example", full_name="Chidi Mensah")
    role_give(chidi, Role.COUNCILLOR, on=scope)
    return chidi


def test_the_check_constraint_is_inherited_under_the_subclass_name() -> None:
    assert [constraint.name for constraint in Programme._meta.constraints] == ["places_programme_one_owner"]


@isolate_apps("coopcouncil.places")
def test_a_meta_that_does_not_extend_the_parents_loses_the_constraint() -> None:
    """The pitfall the model's docstring warns about, so it cannot quietly happen to a real feature."""

    class Careless(OwnedByCommunityOrOrganisation):
        class Meta:
            app_label = "places"

    assert Careless._meta.constraints == []


@pytest.mark.usefixtures("owned")
class OwnershipTests:
    def test_a_community_can_own_it(self, borough: Community) -> None:
        ward = CommunityFactory(name="Brixton Windrush", kind=CommunityKind.WARD, parent=borough)
        programme = Programme.objects.create(name="Windrush grants", owner_community=ward)
        programme.refresh_from_db()
        assert programme.owner == ward
        assert programme.permission_parent() == ward

    def test_an_organisation_can_own_it(self) -> None:
        coop = OrganisationFactory(name="Young Lambeth Co-operative")
        programme = Programme.objects.create(name="Youth fund", owner_organisation=coop)
        programme.refresh_from_db()
        assert programme.owner == coop
        assert programme.permission_parent() == coop

    def test_the_database_refuses_no_owner(self) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.create(name="Nobody's")
        assert not Programme.objects.exists()

    def test_the_database_refuses_two_owners(self) -> None:
        community, coop = CommunityFactory(), OrganisationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.create(name="Everybody's", owner_community=community, owner_organisation=coop)
        assert not Programme.objects.exists()

    def test_an_update_cannot_remove_the_owner_either(self) -> None:
        programme = Programme.objects.create(name="Youth fund", owner_organisation=OrganisationFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.filter(pk=programme.pk).update(owner_organisation=None)

    def test_an_unsaved_object_without_an_owner_says_so(self) -> None:
        with pytest.raises(ValueError, match="has no owner yet"):
            _ = Programme(name="Draft").owner


@pytest.mark.usefixtures("owned")
class RoleInheritanceTests:
    def test_a_role_on_the_owning_community_covers_what_it_owns(self, borough: Community) -> None:
        ward = CommunityFactory(name="Brixton Windrush", kind=CommunityKind.WARD, parent=borough)
        programme = Programme.objects.create(name="Windrush grants", owner_community=ward)
        chidi = chidi_on(ward)
        assert has_role(chidi, [Role.COUNCILLOR], on=programme)
        assert not has_role(chidi, [Role.OFFICER], on=programme)  # only the role he holds

    def test_a_role_on_the_communitys_parent_covers_it_too(self, borough: Community) -> None:
        ward = CommunityFactory(name="Brixton Windrush", kind=CommunityKind.WARD, parent=borough)
        programme = Programme.objects.create(name="Windrush grants", owner_community=ward)
        assert has_role(chidi_on(borough), [Role.COUNCILLOR], on=programme)

    def test_a_role_on_another_community_does_not(self, borough: Community) -> None:
        ward = CommunityFactory(name="Brixton Windrush", kind=CommunityKind.WARD, parent=borough)
        neighbour = CommunityFactory(name="Knight's Hill", kind=CommunityKind.WARD, parent=borough)
        programme = Programme.objects.create(name="Windrush grants", owner_community=ward)
        assert not has_role(chidi_on(neighbour), [Role.COUNCILLOR], on=programme)

    def test_a_role_on_the_owning_organisation_covers_what_it_owns(self) -> None:
        coop, other = OrganisationFactory(name="Young Lambeth Co-operative"), OrganisationFactory()
        programme = Programme.objects.create(name="Youth fund", owner_organisation=coop)
        efua = person_with_login(email="efua@brixtonyouth.example", full_name="Efua Asante")
        role_give(efua, Role.PROVIDER_REPRESENTATIVE, on=coop)
        assert has_role(efua, [Role.PROVIDER_REPRESENTATIVE], on=programme)
        Programme.objects.filter(pk=programme.pk).update(owner_organisation=other)
        programme.refresh_from_db()
        assert not has_role(efua, [Role.PROVIDER_REPRESENTATIVE], on=programme)  # it follows the owner
