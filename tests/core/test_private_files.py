from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coopcouncil.accounts.models import Role
from coopcouncil.core.actors import Actor
from coopcouncil.core.permissions import can_download_private_file, private_file_policy_register
from coopcouncil.core.services import private_file_store
from coopcouncil.places.models import Community
from tests.accounts.factories import PASSWORD, role_give
from tests.accounts.personas import amara, ben
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test", content_type="application/pdf")


class PrivateFileTests:
    def test_uploader_downloads_their_own_file(self, client: Client) -> None:
        owner = amara()
        stored = private_file_store(actor=Actor(person=owner), upload=_upload())
        assert stored.sha256 and stored.size == len(b"%PDF-1.4 test")
        client.login(email=owner.user.email, password=PASSWORD)
        response = client.get(f"/files/{stored.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        assert response["Cache-Control"] == "private, no-store"

    def test_others_get_not_found(self, client: Client) -> None:
        stored = private_file_store(actor=Actor(person=amara()), upload=_upload())
        other = ben(with_totp=False)
        other.role_assignments.all().delete()  # a plain resident, so no second factor is needed
        client.login(email=other.user.email, password=PASSWORD)
        assert client.get(f"/files/{stored.pk}/").status_code == 404

    def test_anonymous_people_get_not_found(self, client: Client) -> None:
        stored = private_file_store(actor=Actor(person=amara()), upload=_upload())
        assert client.get(f"/files/{stored.pk}/").status_code == 404

    def test_attached_files_follow_the_owning_areas_policy(self) -> None:
        """Files attached to an object are governed by the policy its area registered."""
        community = CommunityFactory()
        stored = private_file_store(actor=Actor(person=amara()), upload=_upload(), attached_to=community)
        officer = ben(with_totp=False)
        assert can_download_private_file(officer, stored) is False  # no policy for communities yet: closed
        private_file_policy_register(Community._meta.label, lambda person, obj: person.pk == officer.pk)
        try:
            assert can_download_private_file(officer, stored) is True
        finally:
            private_file_policy_register(Community._meta.label, lambda person, obj: False)

    def test_no_person_no_download(self) -> None:
        stored = private_file_store(actor=Actor(person=amara()), upload=_upload())
        assert can_download_private_file(None, stored) is False
        role_give(amara_other := ben(with_totp=False), Role.ADMINISTRATOR)
        assert can_download_private_file(amara_other, stored) is False
