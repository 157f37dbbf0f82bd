from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from coopcouncil.accounts.models import Person
from coopcouncil.notifications.models import Follow, Notification, Topic


def _target_filter(target: models.Model) -> dict[str, object]:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": str(target.pk)}


def follow_topics_for(*, person: Person, target: models.Model) -> set[str]:
    """The topics a person follows on something; empty when they do not follow it."""
    return set(Follow.objects.filter(person=person, **_target_filter(target)).values_list("topic", flat=True))


def follows_of(*, person: Person) -> QuerySet[Follow]:
    return Follow.objects.filter(person=person).select_related("target_type").order_by("created_at")


@dataclass(frozen=True)
class Followed:
    """One thing a person follows and the topics they chose, in the order topics are listed."""

    target: models.Model
    topics: list[Topic]


def followed_with_topics(*, person: Person) -> list[Followed]:
    """Everything a person follows, each once, in the order they started following it."""
    targets: dict[tuple[int, str], models.Model] = {}
    topics: dict[tuple[int, str], set[str]] = {}
    for follow in follows_of(person=person).prefetch_related("target"):
        if follow.target is None:  # the thing followed no longer exists
            continue
        key = (follow.target_type_id, follow.target_id)
        targets.setdefault(key, follow.target)
        topics.setdefault(key, set()).add(follow.topic)
    return [Followed(target, [t for t in Topic if t.value in topics[key]]) for key, target in targets.items()]


def followers_of(*, target: models.Model, topic: str) -> QuerySet[Person]:
    person_ids = Follow.objects.filter(topic=topic, **_target_filter(target)).values("person_id")
    return Person.objects.filter(pk__in=person_ids, anonymised_at__isnull=True)


def notifications_for(*, person: Person) -> QuerySet[Notification]:
    return Notification.objects.filter(person=person)
