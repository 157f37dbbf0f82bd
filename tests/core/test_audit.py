from __future__ import annotations

import pytest

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AppendOnlyError, AuditEntry
from coopcouncil.core.services import audit_record
from tests.accounts.personas import amara, ben
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


class AuditRecordTests:
    def test_keeps_actor_and_person_acted_for(self) -> None:
        """An entry made in acting-for mode names both the officer and the resident."""
        officer, resident = ben(with_totp=False), amara()
        entry = audit_record(actor=Actor(person=officer, on_behalf_of=resident), action="thing.done", target=resident)
        entry.refresh_from_db()
        assert (entry.actor, entry.on_behalf_of, entry.action) == (officer, resident, "thing.done")
        assert entry.target == resident
        assert entry.target_label == f"Person #{resident.pk}"

    def test_a_person_is_labelled_by_number_and_a_community_by_name(self) -> None:
        """The log outlives erasure, so it never keeps a person's name; records about no one keep theirs."""
        resident = amara()
        entry = audit_record(actor=Actor(person=resident), action="thing.done", target=resident)
        assert "Amara" not in entry.target_label and "Amara" not in str(entry)
        community = CommunityFactory(name="Brixton")
        assert audit_record(actor=Actor.system(), action="thing.done", target=community).target_label == "Brixton"

    def test_entries_cannot_be_changed(self) -> None:
        """Saving an existing entry again is refused."""
        entry = audit_record(actor=Actor.system(), action="thing.done")
        entry.action = "something.else"
        with pytest.raises(AppendOnlyError):
            entry.save()

    def test_entries_cannot_be_deleted_one_by_one_or_in_bulk(self) -> None:
        entry = audit_record(actor=Actor.system(), action="thing.done")
        with pytest.raises(AppendOnlyError):
            entry.delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.update(action="x")
        assert AuditEntry.objects.filter(action="thing.done").count() == 1
