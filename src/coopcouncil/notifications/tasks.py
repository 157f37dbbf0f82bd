"""Background jobs for notifications. They run on the configured Django tasks backend."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from coopcouncil.core.links import absolute_url
from coopcouncil.notifications.models import Notification, NotificationStatus


@task()
def notification_email_send(notification_id: int) -> str:
    notification = Notification.objects.select_related("person", "person__user").get(pk=notification_id)
    if notification.status != NotificationStatus.QUEUED:
        return "already handled"
    person = notification.person
    address = person.contact_email or (person.user.email if person.user else "")
    if not address:
        notification.status = NotificationStatus.FAILED
        notification.save(update_fields=["status"])
        return "no email address"
    body = notification.body + (f"\n\n{absolute_url(notification.link)}" if notification.link else "")
    send_mail(notification.subject, body, None, [address])
    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at"])
    return "sent"
