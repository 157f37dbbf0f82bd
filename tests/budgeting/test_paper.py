"""Paper ballots: two officers key each paper, disagreements queue, batches reconcile before counting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopcouncil.accounts.models import Person, Role
from coopcouncil.budgeting import selectors, services
from coopcouncil.budgeting.ballot_rules import Choice
from coopcouncil.budgeting.codes import paper_receipt
from coopcouncil.budgeting.models import Ballot, Channel, PaperBatch, Phase, Round
from coopcouncil.core.actors import Actor
from tests.accounts.factories import person_with_login, role_give
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import proposals_by_title, round_in_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben_officer() -> Person:
    return ben()


@pytest.fixture
def fola_officer() -> Person:
    fola = person_with_login(email="fola@lambeth.example", full_name="Fola Bankole")
    role_give(fola, Role.OFFICER)
    return fola


@pytest.fixture
def green_fund(ben_officer: Person) -> Round:
    return round_in_phase(
        ben_officer,
        Phase.VOTING_OPEN,
        projects=[("Pocket park", 1_200_000), ("Youth kitchen", 500_000), ("Street trees", 300_000)],
    )


@pytest.fixture
def batch(green_fund: Round, ben_officer: Person) -> PaperBatch:
    return services.paper_batch_create(
        actor=Actor(person=ben_officer), round=green_fund, label="Brixton Rec, 14 March", how_many=50
    )


def _choices(round: Round, *titles: str) -> list[Choice]:
    proposals = proposals_by_title(round)
    return [Choice(proposals[t].pk) for t in titles]


def test_batches_are_numbered_on_from_the_last(green_fund: Round, ben_officer: Person, batch: PaperBatch) -> None:
    second = services.paper_batch_create(
        actor=Actor(person=ben_officer), round=green_fund, label="Streatham Library", how_many=20
    )
    assert (batch.first_serial, batch.last_serial) == (1, 50)
    assert (second.first_serial, second.last_serial) == (51, 70)


def test_two_agreeing_keyings_make_a_paper_ballot(
    green_fund: Round, batch: PaperBatch, ben_officer: Person, fola_officer: Person
) -> None:
    choices = _choices(green_fund, "Youth kitchen", "Pocket park")
    assert (
        services.paper_entry_key(actor=Actor(person=ben_officer), batch=batch, serial=7, choices=choices) == "waiting"
    )
    assert not Ballot.objects.exists()
    same_in_other_order = list(reversed(choices))
    outcome = services.paper_entry_key(
        actor=Actor(person=fola_officer), batch=batch, serial=7, choices=same_in_other_order
    )
    assert outcome == "entered"
    ballot = Ballot.objects.get(round=green_fund)
    assert (ballot.channel, ballot.paper_serial) == (Channel.PAPER, "7")
    # The voter's tear-off slip carries the receipt that finds it.
    assert selectors.ballot_for_receipt(round=green_fund, receipt=paper_receipt(green_fund.pk, 7)) == ballot


def test_one_officer_cannot_key_the_same_paper_twice(green_fund: Round, batch: PaperBatch, ben_officer: Person) -> None:
    choices = _choices(green_fund, "Street trees")
    services.paper_entry_key(actor=Actor(person=ben_officer), batch=batch, serial=3, choices=choices)
    with pytest.raises(ValidationError, match="A second officer must key it"):
        services.paper_entry_key(actor=Actor(person=ben_officer), batch=batch, serial=3, choices=choices)


def test_disagreeing_keyings_wait_for_a_resolution(
    green_fund: Round, batch: PaperBatch, ben_officer: Person, fola_officer: Person
) -> None:
    services.paper_entry_key(
        actor=Actor(person=ben_officer), batch=batch, serial=12, choices=_choices(green_fund, "Street trees")
    )
    outcome = services.paper_entry_key(
        actor=Actor(person=fola_officer), batch=batch, serial=12, choices=_choices(green_fund, "Pocket park")
    )
    assert outcome == "discrepancy"
    queue = selectors.paper_discrepancies(round=green_fund)
    assert [(d.serial, {k.keyed_by for k in d.keyings}) for d in queue] == [(12, {ben_officer, fola_officer})]
    with pytest.raises(ValidationError, match="discrepancy queue"):
        services.paper_entry_key(
            actor=Actor(person=ben_officer), batch=batch, serial=12, choices=_choices(green_fund, "Pocket park")
        )
    with pytest.raises(ValidationError, match="what the paper shows"):
        services.paper_discrepancy_resolve(
            actor=Actor(person=ben_officer), batch=batch, serial=12, choices=_choices(green_fund, "Pocket park")
        )
    resolved = services.paper_discrepancy_resolve(
        actor=Actor(person=ben_officer),
        batch=batch,
        serial=12,
        choices=_choices(green_fund, "Pocket park"),
        note="The cross is in the park's box; a smudge beside the trees.",
    )
    assert resolved == "entered"
    assert selectors.paper_discrepancies(round=green_fund) == []
    ballot = Ballot.objects.get(paper_serial="12")
    assert [c.proposal.title for c in ballot.choices.all()] == ["Pocket park"]


def test_a_paper_both_officers_call_spoilt_is_set_aside(
    green_fund: Round, batch: PaperBatch, ben_officer: Person, fola_officer: Person
) -> None:
    for officer in (ben_officer, fola_officer):
        outcome = services.paper_entry_key(
            actor=Actor(person=officer), batch=batch, serial=4, spoilt=True, spoilt_reason="Four crosses"
        )
    assert outcome == "spoilt"
    assert batch.spoilt.get().serial == 4 and not Ballot.objects.exists()


def test_a_paper_outside_the_batch_is_refused(green_fund: Round, batch: PaperBatch, ben_officer: Person) -> None:
    with pytest.raises(ValidationError, match="not in this batch"):
        services.paper_entry_key(
            actor=Actor(person=ben_officer), batch=batch, serial=51, choices=_choices(green_fund, "Street trees")
        )


def test_a_paper_breaking_the_ballot_rules_must_be_keyed_as_spoilt(ben_officer: Person) -> None:
    round = round_in_phase(ben_officer, Phase.VOTING_OPEN, projects=[("Park", 100), ("Trees", 100)], max_choices=1)
    batch = services.paper_batch_create(actor=Actor(person=ben_officer), round=round, label="Hall", how_many=5)
    with pytest.raises(ValidationError, match="Choose no more than 1 project"):
        services.paper_entry_key(
            actor=Actor(person=ben_officer), batch=batch, serial=5, choices=_choices(round, "Park", "Trees")
        )


def test_residents_cannot_key_papers(batch: PaperBatch, green_fund: Round) -> None:
    with pytest.raises(PermissionDenied):
        services.paper_entry_key(
            actor=Actor(person=amara()), batch=batch, serial=1, choices=_choices(green_fund, "Street trees")
        )


def test_counting_waits_until_every_batch_is_reconciled(
    green_fund: Round, batch: PaperBatch, ben_officer: Person, fola_officer: Person
) -> None:
    officer = Actor(person=ben_officer)
    for serial in (1, 2):
        for keyer in (ben_officer, fola_officer):
            services.paper_entry_key(
                actor=Actor(person=keyer), batch=batch, serial=serial, choices=_choices(green_fund, "Street trees")
            )
    services.paper_entry_key(actor=officer, batch=batch, serial=3, choices=_choices(green_fund, "Pocket park"))
    services.round_phase_advance(actor=officer, round=green_fund, to=Phase.VOTING_CLOSED)

    report = selectors.paper_reconciliation(round=green_fund)
    assert report.problems == [
        "Record how many papers were handed out and returned for “Brixton Rec, 14 March”.",
        "“Brixton Rec, 14 March”: 1 papers still need their second keying.",
    ]
    with pytest.raises(ValidationError, match="Record how many papers"):
        services.round_phase_advance(actor=officer, round=green_fund, to=Phase.COUNTING)

    services.paper_batch_reconcile(actor=officer, batch=batch, issued=40, returned=3)
    services.paper_entry_key(
        actor=Actor(person=fola_officer), batch=batch, serial=3, choices=_choices(green_fund, "Pocket park")
    )
    row = selectors.paper_reconciliation(round=green_fund).batches[0]
    assert (row.entered, row.spoilt, row.keyed_once, row.unaccounted) == (3, 0, 0, 0)
    services.round_phase_advance(actor=officer, round=green_fund, to=Phase.COUNTING)
    green_fund.refresh_from_db()
    assert green_fund.phase == Phase.COUNTING


def test_returns_cannot_exceed_papers_handed_out(batch: PaperBatch, ben_officer: Person) -> None:
    with pytest.raises(ValidationError) as error:
        services.paper_batch_reconcile(actor=Actor(person=ben_officer), batch=batch, issued=10, returned=11)
    assert error.value.message_dict == {"returned": ["Papers returned cannot be more than papers handed out."]}
