from __future__ import annotations

import pytest

from coopcouncil.core.actors import Actor
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.selectors import followed_with_topics
from coopcouncil.notifications.services import follow_set
from tests.accounts.personas import amara
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_everything_followed_is_listed_once_with_its_topics_in_order(django_assert_max_num_queries) -> None:
    resident = amara()
    youth, libraries, housing = (CommunityFactory(name=name) for name in ("Youth services", "Libraries", "Housing"))
    follow_set(actor=Actor(person=resident), target=youth, topics=[Topic.NEWS, Topic.VOTES, Topic.IDEAS])
    follow_set(actor=Actor(person=resident), target=libraries, topics=[Topic.MEETINGS])
    follow_set(actor=Actor(person=resident), target=housing, topics=[Topic.DECISIONS])
    housing.delete()  # a followed thing that no longer exists is left out
    with django_assert_max_num_queries(3):
        followed = followed_with_topics(person=resident)
    assert [(item.target, item.topics) for item in followed] == [
        (youth, [Topic.IDEAS, Topic.VOTES, Topic.NEWS]),
        (libraries, [Topic.MEETINGS]),
    ]
