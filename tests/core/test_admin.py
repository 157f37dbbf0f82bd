"""The admin site shows the audit log and decision records but cannot add, change or delete them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, DecisionMethod
from coopcouncil.core.services import audit_record, decision_record
from tests.accounts.personas import amara, dara

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client: Client) -> Client:
    """A superuser with two-factor set up: everything the admin site allows, it allows them."""
    client.force_login(dara(with_totp=True))
    return client


class AuditEntryAdminTests:
    def test_entries_can_be_read(self, superuser_client: Client) -> None:
        entry = audit_record(actor=Actor.system(), action="person.registered", target=amara())
        assert "person.registered" in superuser_client.get(reverse("admin:core_auditentry_changelist")).content.decode()
        page = superuser_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()

    def test_entries_cannot_be_changed_added_or_deleted(self, superuser_client: Client) -> None:
        entry = audit_record(actor=Actor.system(), action="person.registered")
        change = superuser_client.post(
            reverse("admin:core_auditentry_change", args=[entry.pk]), {"action": "nothing.happened"}
        )
        assert change.status_code == 403
        assert superuser_client.get(reverse("admin:core_auditentry_add")).status_code == 403
        assert superuser_client.post(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
        entry.refresh_from_db()
        assert entry.action == "person.registered"

    def test_the_list_offers_no_bulk_delete(self, superuser_client: Client) -> None:
        audit_record(actor=Actor.system(), action="person.registered")
        response = superuser_client.post(
            reverse("admin:core_auditentry_changelist"),
            {"action": "delete_selected", "_selected_action": [str(e.pk) for e in AuditEntry.objects.all()]},
        )
        assert "delete_selected" not in response.content.decode()
        assert AuditEntry.objects.filter(action="person.registered").exists()


class DecisionAdminTests:
    def test_decisions_can_be_read_but_not_changed(self, superuser_client: Client) -> None:
        decision = decision_record(
            actor=Actor.system(),
            decided_at=timezone.now(),
            decided_by="Youth panel",
            method=DecisionMethod.VOTE,
            title="Fund the Stockwell cooking club",
            outcome="Funded: £20,000",
            reasons="It scored highest on outcomes for 11-16s.",
        )
        change_url = reverse("admin:core_decision_change", args=[decision.pk])
        assert superuser_client.get(change_url).status_code == 200
        assert superuser_client.post(change_url, {"title": "Fund something else"}).status_code == 403
        assert superuser_client.get(reverse("admin:core_decision_add")).status_code == 403
        assert superuser_client.post(reverse("admin:core_decision_delete", args=[decision.pk])).status_code == 403
        decision.refresh_from_db()
        assert decision.title == "Fund the Stockwell cooking club"
