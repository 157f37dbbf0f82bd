"""What must hold when ballots arrive at once. Run on PostgreSQL, where rows really lock."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting import services
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.models import Ballot, BallotChoice, Phase, Round, VoterMark
from coopcouncil.core.actors import Actor
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import proposals_by_title, round_in_phase
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voting() -> Round:
    return round_in_phase(ben(), Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_000), ("Street trees", 300_000)])


def _choices(round: Round) -> list[Choice]:
    return [Choice(proposals_by_title(round)["Pocket park"].pk)]


def test_many_submissions_of_one_form_at_once_store_one_ballot(voting: Round) -> None:
    voter, submission = amara(), uuid.uuid4()
    results = run_together(
        *[
            lambda: services.ballot_submit(
                actor=Actor(person=voter), round=voting, choices=_choices(voting), submission=submission
            )
        ]
        * 8
    )
    assert all(isinstance(r, services.BallotCast) for r in results), results
    assert sum(1 for r in results if r.receipt is not None) == 1
    assert Ballot.objects.filter(round=voting).count() == 1
    assert VoterMark.objects.filter(round=voting, person=voter).count() == 1


def test_different_forms_from_one_voter_at_once_store_one_ballot(voting: Round) -> None:
    voter = amara()
    results = run_together(
        *[
            lambda: services.ballot_submit(
                actor=Actor(person=voter), round=voting, choices=_choices(voting), submission=uuid.uuid4()
            )
        ]
        * 6
    )
    cast = [r for r in results if isinstance(r, services.BallotCast)]
    refused = [r for r in results if isinstance(r, services.AlreadyVotedError)]
    assert len(cast) == 1 and len(refused) == 5, results
    assert Ballot.objects.filter(round=voting).count() == 1


def test_one_voting_code_used_at_once_from_two_places_votes_once(voting: Round) -> None:
    (_serial, code), *_ = services.voting_codes_issue(
        actor=Actor(person=Person.objects.get(user__email="ben@lambeth.example")),
        round=voting,
        label="Brixton Library",
        how_many=1,
    )
    results = run_together(
        *[
            lambda: services.ballot_submit_with_code(
                round=voting, code=code, choices=_choices(voting), submission=uuid.uuid4()
            )
        ]
        * 4
    )
    assert sum(1 for r in results if isinstance(r, services.BallotCast)) == 1, results
    assert all(isinstance(r, services.BallotCast | ValidationError) for r in results)
    assert Ballot.objects.filter(round=voting).count() == 1


def test_a_crash_while_storing_the_choices_leaves_no_half_ballot(
    voting: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mark, the ballot and its choices are written in one transaction: all or nothing."""

    def crash(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the database went away mid-submission")

    monkeypatch.setattr(BallotChoice.objects, "bulk_create", crash)
    voter = amara()
    with pytest.raises(ConnectionError):
        services.ballot_submit(
            actor=Actor(person=voter), round=voting, choices=_choices(voting), submission=uuid.uuid4()
        )
    assert not VoterMark.objects.exists() and not Ballot.objects.exists()
    monkeypatch.undo()
    cast = services.ballot_submit(
        actor=Actor(person=voter), round=voting, choices=_choices(voting), submission=uuid.uuid4()
    )
    assert cast.receipt is not None and Ballot.objects.count() == 1
