"""What the notifications area holds about a person."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from coopcouncil.accounts.models import Person
from coopcouncil.core.personal_data import PersonalDataArea
from coopcouncil.notifications.models import Follow, Notification


def notifications_export(person: Person) -> dict[str, Any]:
    return {
        "follows": [{"target": str(f.target), "topic": f.topic} for f in Follow.objects.filter(person=person)],
        "messages": [
            {"subject": n.subject, "channel": n.channel, "status": n.status, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(person=person)
        ],
    }


def notifications_erase(person: Person) -> None:
    Follow.objects.filter(person=person).delete()
    Notification.objects.filter(person=person).delete()


def notifications_expire(now: datetime) -> dict[str, int]:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS["notification"])
    return {"notification": Notification.objects.filter(created_at__lt=cutoff).delete()[0]}


NOTIFICATIONS_PERSONAL_DATA = PersonalDataArea(
    name="notifications",
    export=notifications_export,
    erase=notifications_erase,
    models=("notifications.Follow", "notifications.Notification"),
    expire=notifications_expire,
)
