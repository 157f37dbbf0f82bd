"""People and roles change only through the services that audit them, never in the admin site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import Role, RoleAssignment
from tests.accounts.factories import role_give
from tests.accounts.personas import amara, dara

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client: Client) -> Client:
    client.force_login(dara(with_totp=True))
    return client


class RoleAssignmentAdminTests:
    def test_roles_can_be_listed_but_not_given_changed_or_removed(self, superuser_client: Client) -> None:
        resident = amara()
        assignment = role_give(resident, Role.OFFICER)
        listing = superuser_client.get(reverse("admin:accounts_roleassignment_changelist"))
        assert listing.status_code == 200 and "Amara Okafor" in listing.content.decode()
        add = superuser_client.post(
            reverse("admin:accounts_roleassignment_add"), {"person": resident.pk, "role": Role.ADMINISTRATOR}
        )
        assert add.status_code == 403
        change_url = reverse("admin:accounts_roleassignment_change", args=[assignment.pk])
        assert superuser_client.post(change_url, {"person": resident.pk, "role": Role.ADMINISTRATOR}).status_code == 403
        delete_url = reverse("admin:accounts_roleassignment_delete", args=[assignment.pk])
        assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
        assert list(RoleAssignment.objects.values_list("role", flat=True)) == [Role.OFFICER]


class PersonAdminTests:
    def test_people_can_be_looked_up_but_not_edited(self, superuser_client: Client) -> None:
        resident = amara()
        change_url = reverse("admin:accounts_person_change", args=[resident.pk])
        assert superuser_client.get(change_url).status_code == 200
        assert superuser_client.post(change_url, {"full_name": "Someone Else"}).status_code == 403
        assert superuser_client.post(reverse("admin:accounts_person_delete", args=[resident.pk])).status_code == 403
        resident.refresh_from_db()
        assert resident.full_name == "Amara Okafor"
