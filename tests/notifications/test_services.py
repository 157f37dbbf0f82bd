from __future__ import annotations

import pytest
from django.core import mail

from coopcouncil.accounts.models import ContactPreference
from coopcouncil.accounts.permissions import CannotTakePart
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from coopcouncil.notifications.models import ALL_TOPICS, Channel, Follow, NotificationStatus, Topic
from coopcouncil.notifications.selectors import follow_topics_for, followers_of
from coopcouncil.notifications.services import FollowError, follow_set, followers_notify
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, kemi
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


class FollowTests:
    def test_follow_all_topics_then_narrow_then_stop(self) -> None:
        resident, community = amara(), CommunityFactory()
        actor = Actor(person=resident)
        assert follow_set(actor=actor, target=community) == set(ALL_TOPICS)
        follow_set(actor=actor, target=community, topics=[Topic.VOTES])
        assert follow_topics_for(person=resident, target=community) == {"votes"}
        follow_set(actor=actor, target=community, topics=[])
        assert not Follow.objects.exists()
        assert list(AuditEntry.objects.filter(actor=resident).values_list("action", flat=True).order_by("id")) == [
            "follow.changed",
            "follow.changed",
            "follow.stopped",
        ]

    def test_unknown_topics_and_nobody_are_refused(self) -> None:
        with pytest.raises(FollowError):
            follow_set(actor=Actor(person=amara()), target=CommunityFactory(), topics=["gossip"])
        with pytest.raises(FollowError):
            follow_set(actor=Actor(person=None), target=CommunityFactory())

    def test_followers_are_found_per_topic(self) -> None:
        community = CommunityFactory()
        votes_only, everything = PersonFactory(), PersonFactory()
        follow_set(actor=Actor(person=votes_only), target=community, topics=[Topic.VOTES])
        follow_set(actor=Actor(person=everything), target=community)
        assert set(followers_of(target=community, topic=Topic.VOTES)) == {votes_only, everything}
        assert list(followers_of(target=community, topic=Topic.MEETINGS)) == [everything]


class FollowConsentTests:
    def test_a_child_waiting_for_a_parent_cannot_follow_but_can_stop(self) -> None:
        child, community = kemi(), CommunityFactory()
        with pytest.raises(CannotTakePart):
            follow_set(actor=Actor(person=child), target=community)
        assert not Follow.objects.exists() and not child.consents.exists()
        Follow.objects.create(person=child, target=community, topic=Topic.VOTES)
        assert follow_set(actor=Actor(person=child), target=community, topics=[]) == set()


class NotifyTests:
    def test_each_follower_is_told_by_their_own_channel(self, django_capture_on_commit_callbacks) -> None:
        community = CommunityFactory()
        by_email = amara()
        by_post = PersonFactory(contact_preference=ContactPreference.POST, address="1 Demo Road")
        by_sms_without_phone = PersonFactory(contact_preference=ContactPreference.SMS)
        opted_out = PersonFactory(contact_preference=ContactPreference.NONE)
        for person in (by_email, by_post, by_sms_without_phone, opted_out):
            follow_set(actor=Actor(person=person), target=community)
        with django_capture_on_commit_callbacks(execute=True):
            sent = followers_notify(target=community, topic=Topic.VOTES, subject="Voting is open", body="Vote now")
        assert {(n.person, n.channel) for n in sent} == {(by_email, Channel.EMAIL), (by_post, Channel.LETTER)}
        letter = next(n for n in sent if n.channel == Channel.LETTER)
        letter.refresh_from_db()
        assert letter.status == NotificationStatus.FOR_PRINT
        email = next(n for n in sent if n.channel == Channel.EMAIL)
        email.refresh_from_db()
        assert email.status == NotificationStatus.SENT  # the task ran after commit
        assert [m.to for m in mail.outbox] == [["amara@example.org"]]

    def test_no_email_is_queued_when_the_transaction_rolls_back(self) -> None:
        from django.db import transaction

        community = CommunityFactory()
        follow_set(actor=Actor(person=amara()), target=community)
        with pytest.raises(RuntimeError), transaction.atomic():
            followers_notify(target=community, topic=Topic.NEWS, subject="x", body="y")
            raise RuntimeError("something failed later in the same transaction")
        assert mail.outbox == []
