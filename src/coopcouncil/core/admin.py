from django.contrib import admin

from coopcouncil.core.models import AuditEntry, Decision


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "action", "actor", "on_behalf_of", "target_label"]
    list_filter = ["action"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    list_display = ["decided_at", "title", "decided_by", "method"]
    list_filter = ["method"]
