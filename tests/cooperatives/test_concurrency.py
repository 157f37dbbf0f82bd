"""Member numbers when the secretary and a colleague approve at the same moment. Run on PostgreSQL."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coopcouncil.cooperatives import services
from coopcouncil.cooperatives.models import Member
from coopcouncil.core.actors import Actor
from tests.accounts.factories import PersonFactory
from tests.concurrency import run_together
from tests.cooperatives.factories import born, class_named, youth_cooperative

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_approvals_at_once_give_each_member_their_own_number() -> None:
    cooperative, secretary = youth_cooperative()
    young_people = class_named(cooperative, "Young people")
    applications = [
        services.application_submit(
            actor=Actor(person=PersonFactory(date_of_birth=born(14, timezone.localdate()), birth_year=None)),
            membership_class=young_people,
            supports_aims=True,
        )
        for _ in range(6)
    ]
    results = run_together(
        *[
            (
                lambda application=application: services.application_decide(
                    actor=Actor(person=secretary), application=application, approve=True
                )
            )
            for application in applications
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    numbers = sorted(Member.objects.filter(cooperative=cooperative).values_list("member_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_one_application_approved_twice_at_once_makes_one_member() -> None:
    cooperative, secretary = youth_cooperative()
    application = services.application_submit(
        actor=Actor(person=PersonFactory(date_of_birth=born(14, timezone.localdate()), birth_year=None)),
        membership_class=class_named(cooperative, "Young people"),
        supports_aims=True,
    )
    results = run_together(
        *[lambda: services.application_decide(actor=Actor(person=secretary), application=application, approve=True)] * 4
    )
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert Member.objects.filter(cooperative=cooperative).count() == 1


def test_concurrent_votes_by_one_member_on_a_resolution_count_once() -> None:
    from datetime import timedelta

    from coopcouncil.cooperatives.models import Cooperative, ResolutionKind, ResolutionVote, VoteChoice
    from coopcouncil.meetings import services as meeting_services

    cooperative, secretary = youth_cooperative()
    Cooperative.objects.filter(pk=cooperative.pk).update(quorum_members=1)
    person = PersonFactory(date_of_birth=born(17, timezone.localdate()), birth_year=None)
    application = services.application_submit(
        actor=Actor(person=person), membership_class=class_named(cooperative, "Young people"), supports_aims=True
    )
    services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
    starts = timezone.now() + timedelta(days=20)
    agm = services.general_meeting_call(
        actor=Actor(person=secretary),
        cooperative=cooperative,
        title="AGM",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=meeting_services.Venue(name="Brixton Library"),
    )
    resolution = services.resolution_propose(
        actor=Actor(person=secretary),
        general_meeting=agm,
        title="Rules",
        text="Adopt them.",
        kind=ResolutionKind.SPECIAL,
    )
    meeting_services.attendance_record(actor=Actor(person=secretary), meeting=agm.meeting, person=person)
    services.resolution_voting_open(actor=Actor(person=secretary), resolution=resolution)
    results = run_together(
        *[lambda: services.resolution_vote(actor=Actor(person=person), resolution=resolution, choice=VoteChoice.FOR)]
        * 6
    )
    assert sum(1 for r in results if isinstance(r, ResolutionVote)) == 1, results
    assert ResolutionVote.objects.filter(resolution=resolution).count() == 1
