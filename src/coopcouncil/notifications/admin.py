from django.contrib import admin

from coopcouncil.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "subject", "channel", "status"]
    list_filter = ["channel", "status", "topic"]
