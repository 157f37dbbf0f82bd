from __future__ import annotations

import pytest

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AppendOnlyError, AuditEntry
from coopcouncil.core.services import audit_record
from tests.accounts.personas import amara, ben

pytestmark = pytest.mark.django_db


class AuditRecordTests:
    def test_keeps_actor_and_person_acted_for(self) -> None:
        """An entry made in acting-for mode names both the officer and the resident."""
        officer, resident = ben(with_totp=False), amara()
        entry = audit_record(actor=Actor(person=officer, on_behalf_of=resident), action="thing.done", target=resident)
        entry.refresh_from_db()
        assert (entry.actor, entry.on_behalf_of, entry.action) == (officer, resident, "thing.done")
        assert entry.target == resident
        assert entry.target_label == str(resident)

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
