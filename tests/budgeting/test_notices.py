"""What budgeting tells people: followers with their consent to updates, proposers about their own ideas."""

from __future__ import annotations

import pytest

from coopcouncil.accounts.models import ConsentPurpose, ParentalConsentRequest, Person
from coopcouncil.accounts.services import consent_give, parental_consent_answer
from coopcouncil.budgeting import services
from coopcouncil.budgeting.models import Category, FeasibilityOutcome, Phase, Proposal, Round
from coopcouncil.core.actors import Actor
from coopcouncil.notifications.models import Follow, Notification, Topic
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben, kemi
from tests.budgeting.factories import round_in_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def _idea(round: Round, by: Person) -> Proposal:
    proposal = services.proposal_submit(
        actor=Actor(person=by),
        round=round,
        title="Benches in Slade Gardens",
        description="Somewhere to sit by the playground.",
        estimated_cost_pence=400_000,
        category=Category.COMMUNITY,
    )
    return proposal


def test_proposers_hear_the_outcome_of_the_review_without_a_consent_to_updates(officer: Person) -> None:
    round = round_in_phase(officer, Phase.IDEAS_OPEN)
    proposer = amara()
    proposal = _idea(round, proposer)
    assert not proposer.consents.filter(purpose=ConsentPurpose.CONTACT_UPDATES).exists()
    Round.objects.filter(pk=round.pk).update(phase=Phase.FEASIBILITY_REVIEW)
    proposal.refresh_from_db()
    services.feasibility_review_record(
        actor=Actor(person=officer),
        proposal=proposal,
        outcome=FeasibilityOutcome.NOT_FEASIBLE,
        published_reason="The gardens are being rebuilt next year.",
    )
    assert list(Notification.objects.values_list("person", "subject")) == [
        (proposer.pk, "Your idea cannot go on the ballot: Benches in Slade Gardens")
    ]


def test_a_child_proposer_whose_parents_agreement_was_withdrawn_is_not_told(officer: Person) -> None:
    round = round_in_phase(officer, Phase.IDEAS_OPEN)
    child = kemi()
    parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
    proposal = _idea(round, child)
    child.consents.filter(purpose=ConsentPurpose.PARENTAL).delete()
    Round.objects.filter(pk=round.pk).update(phase=Phase.FEASIBILITY_REVIEW)
    proposal.refresh_from_db()
    services.feasibility_review_record(
        actor=Actor(person=officer),
        proposal=proposal,
        outcome=FeasibilityOutcome.NOT_FEASIBLE,
        published_reason="The gardens are being rebuilt next year.",
    )
    assert not Notification.objects.exists()


def test_followers_of_a_round_hear_it_open_only_with_their_consent(officer: Person) -> None:
    round = round_in_phase(officer, Phase.DRAFT)
    agreed, not_asked = amara(), PersonFactory()
    consent_give(actor=Actor(person=agreed), purpose=ConsentPurpose.CONTACT_UPDATES, method="consents page")
    for person in (agreed, not_asked):
        Follow.objects.create(person=person, target=round.owner, topic=Topic.IDEAS)
    services.round_phase_advance(actor=Actor(person=officer), round=round, to=Phase.IDEAS_OPEN)
    assert list(Notification.objects.values_list("person", flat=True)) == [agreed.pk]
