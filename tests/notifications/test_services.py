from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from coopcouncil.accounts.models import ConsentPurpose, ContactPreference, ParentalConsentRequest
from coopcouncil.accounts.permissions import CannotTakePart
from coopcouncil.accounts.services import consent_withdraw, has_consent, parental_consent_answer
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from coopcouncil.notifications.models import ALL_TOPICS, Channel, Follow, NotificationStatus, Topic
from coopcouncil.notifications.selectors import follow_topics_for, followers_of
from coopcouncil.notifications.services import FollowError, follow_set, followers_notify, people_notify
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
            follow_set(actor=Actor(person=child), target=community, asks_for_updates=True)
        assert not Follow.objects.exists() and not child.consents.exists()
        Follow.objects.create(person=child, target=community, topic=Topic.VOTES)
        assert follow_set(actor=Actor(person=child), target=community, topics=[]) == set()

    def test_pressing_follow_asks_for_updates_once(self) -> None:
        """The button says we will write; pressing it records the consent if none was ever given."""
        resident = amara()
        follow_set(actor=Actor(person=resident), target=CommunityFactory(), asks_for_updates=True)
        follow_set(actor=Actor(person=resident), target=CommunityFactory(), asks_for_updates=True)
        consent = resident.consents.get(purpose=ConsentPurpose.CONTACT_UPDATES)
        assert (consent.method, consent.is_active) == ("follow button", True)

    def test_following_again_does_not_undo_a_withdrawal(self) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=CommunityFactory(), asks_for_updates=True)
        consent_withdraw(actor=Actor(person=resident), purpose=ConsentPurpose.CONTACT_UPDATES)
        follow_set(actor=Actor(person=resident), target=CommunityFactory(), asks_for_updates=True)
        assert not has_consent(resident, ConsentPurpose.CONTACT_UPDATES)

    def test_a_follow_made_by_code_records_no_consent(self) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=CommunityFactory())
        assert not resident.consents.exists()


class NotifyTests:
    def test_each_follower_is_told_by_their_own_channel(self, django_capture_on_commit_callbacks) -> None:
        community = CommunityFactory()
        by_email = amara()
        by_post = PersonFactory(contact_preference=ContactPreference.POST, address="1 Demo Road")
        by_sms_without_phone = PersonFactory(contact_preference=ContactPreference.SMS)
        opted_out = PersonFactory(contact_preference=ContactPreference.NONE)
        for person in (by_email, by_post, by_sms_without_phone, opted_out):
            follow_set(actor=Actor(person=person), target=community, asks_for_updates=True)
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

    def test_only_followers_who_agreed_to_updates_are_told(self) -> None:
        """Withdrawing the consent stops every notification; the follows themselves stay."""
        community = CommunityFactory()
        agreed, withdrew, never_asked = amara(), PersonFactory(), PersonFactory()
        for person in (agreed, withdrew):
            follow_set(actor=Actor(person=person), target=community, asks_for_updates=True)
        follow_set(actor=Actor(person=never_asked), target=community)
        consent_withdraw(actor=Actor(person=withdrew), purpose=ConsentPurpose.CONTACT_UPDATES)
        sent = followers_notify(target=community, topic=Topic.NEWS, subject="News", body="Read it")
        assert [n.person for n in sent] == [agreed]
        assert Follow.objects.filter(person=withdrew).exists()

    def test_a_child_whose_parents_consent_was_withdrawn_is_not_told(self) -> None:
        child, community = kemi(), CommunityFactory()
        parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        follow_set(actor=Actor(person=child), target=community, asks_for_updates=True)
        assert [n.person for n in followers_notify(target=community, topic=Topic.NEWS, subject="a", body="b")] == [
            child
        ]
        child.consents.filter(purpose=ConsentPurpose.PARENTAL).update(withdrawn_at=timezone.now())
        assert followers_notify(target=community, topic=Topic.NEWS, subject="a", body="b") == []

    def test_the_email_carries_an_absolute_link(self, settings, django_capture_on_commit_callbacks) -> None:
        settings.SITE_URL = "https://participate.example.gov.uk"
        community = CommunityFactory()
        follow_set(actor=Actor(person=amara()), target=community, asks_for_updates=True)
        with django_capture_on_commit_callbacks(execute=True):
            followers_notify(target=community, topic=Topic.NEWS, subject="x", body="y", link="/communities/x/")
        assert mail.outbox[0].body.endswith("\n\nhttps://participate.example.gov.uk/communities/x/")

    def test_no_email_is_queued_when_the_transaction_rolls_back(self) -> None:
        from django.db import transaction

        community = CommunityFactory()
        follow_set(actor=Actor(person=amara()), target=community, asks_for_updates=True)
        with pytest.raises(RuntimeError), transaction.atomic():
            followers_notify(target=community, topic=Topic.NEWS, subject="x", body="y")
            raise RuntimeError("something failed later in the same transaction")
        assert mail.outbox == []


class PeopleNotifyTests:
    """One rule for every message (notifications.permissions.may_be_told, docs/privacy.md)."""

    def test_news_needs_consent_but_a_message_about_their_own_does_not(self) -> None:
        follower_who_agreed, follower, proposer = amara(), PersonFactory(), PersonFactory()
        follow_set(actor=Actor(person=follower_who_agreed), target=CommunityFactory(), asks_for_updates=True)
        sent = people_notify(
            people=[follower_who_agreed, follower, proposer],
            about_their_own=[proposer],
            topic=Topic.DECISIONS,
            subject="Your idea can go on the ballot",
            body="Officers costed it.",
        )
        assert sorted(n.person.pk for n in sent) == sorted([follower_who_agreed.pk, proposer.pk])

    def test_a_child_who_cannot_take_part_hears_nothing_even_about_her_own(self) -> None:
        child = kemi()
        assert people_notify(about_their_own=[child], topic=Topic.DECISIONS, subject="a", body="b") == []
        parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        assert [
            n.person for n in people_notify(about_their_own=[child], topic=Topic.DECISIONS, subject="a", body="b")
        ] == [child]

    def test_each_person_is_told_once(self) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=CommunityFactory(), asks_for_updates=True)
        sent = people_notify(
            people=[resident, resident], about_their_own=[resident], topic=Topic.NEWS, subject="a", body="b"
        )
        assert len(sent) == 1
