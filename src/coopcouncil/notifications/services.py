"""Following and notifying. Email goes through the task queue, after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from coopcouncil.accounts.models import ConsentPurpose, ContactPreference, Person
from coopcouncil.accounts.permissions import CannotTakePart, can_take_part
from coopcouncil.accounts.selectors import consent_state
from coopcouncil.accounts.services import consent_give
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.notifications.models import ALL_TOPICS, Channel, Follow, Notification, NotificationStatus
from coopcouncil.notifications.permissions import may_be_told
from coopcouncil.notifications.selectors import followers_of
from coopcouncil.notifications.tasks import notification_email_send


class FollowError(ValueError):
    pass


def _person_for(actor: Actor) -> Person:
    person = actor.subject
    if person is None:
        raise FollowError("Sign in to follow things.")
    return person


@transaction.atomic
def follow_set(
    *, actor: Actor, target: models.Model, topics: Iterable[str] = ALL_TOPICS, asks_for_updates: bool = False
) -> set[str]:
    """Follow ``target`` for exactly these topics (an empty set stops following).

    Following is taking part, so a child still waiting for a parent's consent cannot; anyone can
    stop. ``asks_for_updates`` says the person pressed a follow button that told them we will
    write to them about what they follow: if they have never answered the contact_updates
    consent, that press records it. A consent they withdrew stays withdrawn (docs/privacy.md).
    """
    person = _person_for(actor)
    wanted = set(topics)
    unknown = wanted - set(ALL_TOPICS)
    if unknown:
        raise FollowError(f"Unknown topics: {', '.join(sorted(unknown))}.")
    if wanted and not can_take_part(person):
        raise CannotTakePart
    if (
        wanted
        and asks_for_updates
        and consent_state(person=person, purpose=ConsentPurpose.CONTACT_UPDATES) == "not_asked"
    ):
        consent_give(actor=actor, purpose=ConsentPurpose.CONTACT_UPDATES, method="follow button")
    target_type = ContentType.objects.get_for_model(target)
    existing = Follow.objects.filter(person=person, target_type=target_type, target_id=str(target.pk))
    have = set(existing.values_list("topic", flat=True))
    existing.filter(topic__in=have - wanted).delete()
    Follow.objects.bulk_create(
        [Follow(person=person, target_type=target_type, target_id=str(target.pk), topic=t) for t in wanted - have],
        ignore_conflicts=True,
    )
    if have != wanted:
        audit_record(
            actor=actor,
            action="follow.changed" if wanted else "follow.stopped",
            target=target,
            details={"topics": sorted(wanted)},
        )
    return wanted


def _channel_for(person: Person) -> Channel | None:
    preference = person.contact_preference
    if preference == ContactPreference.NONE:
        return None
    if preference == ContactPreference.POST:
        return Channel.LETTER if person.address else None
    if preference == ContactPreference.SMS:
        return Channel.SMS if person.phone else None
    return Channel.EMAIL


@transaction.atomic
def followers_notify(
    *, target: models.Model, topic: str, subject: str, body: str, link: str = ""
) -> list[Notification]:
    """Tell everyone who follows ``target`` for ``topic`` and agreed to be told, each by their channel.

    Only followers with an active contact_updates consent are written to (``may_be_told``):
    withdrawing it stops every notification at once, while the follows themselves stay until the
    person stops them. A child whose parent has not agreed is not written to, whatever they follow.
    """
    return people_notify(
        people=followers_of(target=target, topic=topic).select_related("user"),
        topic=topic,
        subject=subject,
        body=body,
        link=link,
    )


@transaction.atomic
def people_notify(
    *,
    people: Iterable[Person] = (),
    about_their_own: Iterable[Person] = (),
    topic: str,
    subject: str,
    body: str,
    link: str = "",
) -> list[Notification]:
    """Tell these people, each once and by the channel they chose, as far as ``may_be_told`` allows.

    ``people`` hear because they follow something (a round and the community that owns it), so
    only with an active contact_updates consent. ``about_their_own`` hear about something of their
    own, such as the review of their proposal: they need no consent to updates, but a child who
    cannot take part is still not written to. Someone in both is told once.

    Emails are queued as tasks once the transaction commits. Letters wait for the next print run
    and texts for an SMS gateway, so people who are not online are not left out of the design.
    """
    created: list[Notification] = []
    seen: set[int] = set()
    everyone = chain(((person, True) for person in about_their_own), ((person, False) for person in people))
    for person, own in everyone:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        if not may_be_told(person, about_their_own=own):
            continue
        channel = _channel_for(person)
        if channel is None:
            continue
        created.append(
            Notification.objects.create(
                person=person,
                topic=topic,
                channel=channel,
                subject=subject,
                body=body,
                link=link,
                status=NotificationStatus.FOR_PRINT if channel == Channel.LETTER else NotificationStatus.QUEUED,
            )
        )
    email_ids = [n.pk for n in created if n.channel == Channel.EMAIL]
    transaction.on_commit(lambda: [notification_email_send.enqueue(pk) for pk in email_ids])
    return created
