"""What budgeting exports for a person, and what erasure leaves: ballots stay, links to the person go."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from coopcouncil.accounts.services import person_anonymise
from coopcouncil.budgeting import services
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.models import Ballot, Comment, Phase, Proposal, VoterMark
from coopcouncil.budgeting.personal_data import REMOVED, budgeting_expire, budgeting_export
from coopcouncil.core.actors import Actor
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import proposals_by_title, round_in_phase

pytestmark = pytest.mark.django_db


def test_a_voter_and_proposer_is_exported_then_erased_while_their_ballot_still_counts() -> None:
    officer, resident = ben(), amara()
    ideas = round_in_phase(officer, Phase.IDEAS_OPEN, title="Ideas round")
    proposal = services.proposal_submit(
        actor=Actor(person=resident),
        round=ideas,
        title="Benches",
        description="Six benches.",
        estimated_cost_pence=450_000,
        category="community",
    )
    services.comment_post(actor=Actor(person=resident), proposal=proposal, body="My neighbour Ada would love these.")
    voting = round_in_phase(officer, Phase.VOTING_OPEN, projects=[("Pocket park", 100_000)], title="Voting round")
    services.ballot_submit(
        actor=Actor(person=resident),
        round=voting,
        choices=[Choice(proposals_by_title(voting)["Pocket park"].pk)],
        submission=uuid.uuid4(),
    )

    exported = budgeting_export(resident)
    assert [p["title"] for p in exported["proposals"]] == ["Benches"]
    assert exported["comments"][0]["body"] == "My neighbour Ada would love these."
    assert [(v["round"], v["channel"]) for v in exported["voted_in"]] == [("Voting round", "online")]

    person_anonymise(actor=Actor(person=officer), person=resident)
    assert Proposal.objects.get(pk=proposal.pk).proposers.count() == 0
    assert Comment.objects.get().body == REMOVED
    assert VoterMark.objects.get(round=voting).person is None
    assert Ballot.objects.filter(round=voting).count() == 1


def test_the_register_forgets_who_voted_after_a_year() -> None:
    voting = round_in_phase(ben(), Phase.VOTING_OPEN, projects=[("Pocket park", 100_000)])
    resident = amara()
    services.ballot_submit(
        actor=Actor(person=resident),
        round=voting,
        choices=[Choice(proposals_by_title(voting)["Pocket park"].pk)],
        submission=uuid.uuid4(),
    )
    assert budgeting_expire(timezone.now()) == {"budgeting_register": 0}
    assert budgeting_expire(timezone.now() + timedelta(days=366)) == {"budgeting_register": 1}
    assert VoterMark.objects.get().person is None and Ballot.objects.count() == 1
