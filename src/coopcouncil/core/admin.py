from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from coopcouncil.core.models import AuditEntry, Decision


class ReadOnlyModelAdmin[M: models.Model](admin.ModelAdmin[M]):
    """The admin site may look at these, never change them.

    A change made here would skip the service that checks permission and writes the audit entry, so
    for anything the audit log or a decision record vouches for, the admin site is a window only.
    """

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin[AuditEntry]):
    list_display = ["at", "action", "actor", "on_behalf_of", "target_label"]
    list_filter = ["action"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyModelAdmin[Decision]):
    list_display = ["decided_at", "title", "decided_by", "method"]
    list_filter = ["method"]
