"""What must hold when one panel member's dots arrive at once. Run on PostgreSQL, where rows really lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import DotPlacement, DotSet, DotVote, Outcome, Stage
from coopcouncil.commissioning.services import needs
from coopcouncil.core.actors import Actor
from tests.accounts.personas import ben
from tests.commissioning.needs_factories import panel_of, programme_with_needs
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_submissions_of_one_members_dots_at_once_leave_one_set() -> None:
    officer = ben()
    programme = programme_with_needs(officer)
    member = panel_of(officer, programme, young=1, residents=0)[0]
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    safe, places, work = Outcome.objects.filter(programme=programme).order_by("pk")
    choices = [{safe.pk: 5}, {places.pk: 3, work.pk: 2}] * 3
    results = run_together(
        *[
            lambda dots=dots: needs.dots_place(actor=Actor(person=member.person), programme=programme, dots=dots)
            for dots in choices
        ]
    )
    assert all(isinstance(result, DotSet) for result in results), results
    dot_set = DotSet.objects.get(vote__programme=programme)
    placed = {p.outcome_id: p.dots for p in DotPlacement.objects.filter(dot_set=dot_set)}
    assert placed in ({safe.pk: 5}, {places.pk: 3, work.pk: 2})  # one whole submission, never a mixture
    assert sum(placed.values()) == 5


def test_dots_arriving_as_the_vote_closes_land_before_it_or_are_refused() -> None:
    officer = ben()
    programme = programme_with_needs(officer)
    members = panel_of(officer, programme, young=3, residents=0)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    vote = needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    first = Outcome.objects.filter(programme=programme).order_by("pk").first()
    assert first is not None
    needs.dots_place(actor=Actor(person=members[0].person), programme=programme, dots={first.pk: 5})
    results = run_together(
        lambda: needs.dot_vote_close(actor=actor, programme=programme),
        *[
            lambda member=member: needs.dots_place(
                actor=Actor(person=member.person), programme=programme, dots={first.pk: 5}
            )
            for member in members[1:]
        ],
    )
    assert all(isinstance(result, DotVote | DotSet | ValidationError) for result in results), results
    refused = sum(1 for result in results if isinstance(result, ValidationError))
    vote.refresh_from_db()
    landed = DotSet.objects.filter(vote=vote)
    assert vote.closed_at is not None
    assert all(dot_set.submitted_at <= vote.closed_at for dot_set in landed)
    assert landed.count() == len(members) - refused
