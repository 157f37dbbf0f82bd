"""Casting ballots: one per voter across channels, kept apart from who voted, with receipts."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coopcouncil.accounts.models import ParentalConsentRequest, Person, RegisteredVia
from coopcouncil.accounts.permissions import CannotTakePart
from coopcouncil.accounts.services import parental_consent_answer, person_anonymise
from coopcouncil.budgeting import selectors, services
from coopcouncil.budgeting.ballot_rules import Choice, pot_field
from coopcouncil.budgeting.eligibility import Answer, eligibility_for
from coopcouncil.budgeting.models import (
    Ballot,
    BallotsPerPerson,
    BallotType,
    Category,
    Channel,
    EligibilityKind,
    Phase,
    Proposal,
    Round,
    VoterMark,
)
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben, kemi
from tests.budgeting.factories import only_pot, proposals_by_title, round_in_phase

pytestmark = pytest.mark.django_db

PARK_PROJECTS = [("Pocket park", 1_200_000), ("Youth kitchen", 500_000), ("Street trees", 300_000)]


def _ids(round: Round, *titles: str) -> list[Choice]:
    proposals = proposals_by_title(round)
    return [Choice(proposals[title].pk) for title in titles]


@pytest.fixture
def officer() -> Person:
    return ben()


@pytest.fixture
def voting(officer: Person) -> Round:
    return round_in_phase(officer, Phase.VOTING_OPEN, projects=PARK_PROJECTS, max_choices=2)


class BallotSubmitTests:
    def test_a_resident_votes_and_gets_a_receipt_that_finds_their_ballot(self, voting: Round) -> None:
        resident = amara()
        cast = services.ballot_submit(
            actor=Actor(person=resident),
            round=voting,
            choices=_ids(voting, "Pocket park", "Street trees"),
            submission=uuid.uuid4(),
        )
        assert cast.receipt is not None and not cast.repeat
        ballot = selectors.ballot_for_receipt(round=voting, receipt=cast.receipt.lower().replace("-", " "))
        assert ballot is not None and ballot.pk == cast.ballot_id
        assert {c.proposal.title for c in ballot.choices.all()} == {"Pocket park", "Street trees"}
        mark = VoterMark.objects.get(round=voting)
        assert (mark.person, mark.channel, mark.credential) == (resident, Channel.ONLINE, f"account:{resident.pk}")

    def test_the_ballot_holds_no_trace_of_who_cast_it(self, voting: Round) -> None:
        resident = amara()
        cast = services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=_ids(voting, "Youth kitchen"), submission=uuid.uuid4()
        )
        ballot = Ballot.objects.get(pk=cast.ballot_id)
        person_fields = [f.name for f in Ballot._meta.get_fields() if getattr(f, "related_model", None) is Person]
        assert person_fields == []
        assert ballot.cast_on == timezone.localdate()  # the day, not the time, so it cannot be matched to the mark
        entry = AuditEntry.objects.get(action="ballot.cast")
        assert str(ballot.pk) not in str(entry.details) and entry.details == {"channel": "online"}

    def test_sending_the_same_form_twice_stores_one_ballot(self, voting: Round) -> None:
        resident, submission = amara(), uuid.uuid4()
        choices = _ids(voting, "Pocket park")
        first = services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=choices, submission=submission
        )
        again = services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=choices, submission=submission
        )
        assert first.receipt is not None and again.repeat and again.receipt is None
        assert Ballot.objects.filter(round=voting).count() == 1

    def test_a_second_ballot_from_the_same_voter_is_refused(self, voting: Round) -> None:
        resident = amara()
        services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
        )
        with pytest.raises(services.AlreadyVotedError, match="already voted"):
            services.ballot_submit(
                actor=Actor(person=resident),
                round=voting,
                choices=_ids(voting, "Youth kitchen"),
                submission=uuid.uuid4(),
            )
        assert Ballot.objects.filter(round=voting).count() == 1

    def test_too_many_choices_are_refused_with_the_limit(self, voting: Round) -> None:
        with pytest.raises(ValidationError) as error:
            services.ballot_submit(
                actor=Actor(person=amara()),
                round=voting,
                choices=_ids(voting, "Pocket park", "Youth kitchen", "Street trees"),
                submission=uuid.uuid4(),
            )
        assert error.value.message_dict == {pot_field(only_pot(voting)): ["Choose no more than 2 projects."]}
        assert not Ballot.objects.exists() and not VoterMark.objects.exists()

    def test_an_empty_ballot_and_a_project_from_elsewhere_are_refused(self, voting: Round, officer: Person) -> None:
        other = round_in_phase(officer, Phase.VOTING_OPEN, projects=[("Elsewhere", 100)])
        resident = amara()
        with pytest.raises(ValidationError, match="Choose at least one project"):
            services.ballot_submit(actor=Actor(person=resident), round=voting, choices=[], submission=uuid.uuid4())
        with pytest.raises(ValidationError, match="not on this ballot"):
            services.ballot_submit(
                actor=Actor(person=resident), round=voting, choices=_ids(other, "Elsewhere"), submission=uuid.uuid4()
            )

    def test_voting_is_refused_outside_the_voting_phase(self, officer: Person) -> None:
        shortlist = round_in_phase(officer, Phase.SHORTLIST_PUBLISHED, projects=PARK_PROJECTS)
        with pytest.raises(ValidationError, match="not open"):
            services.ballot_submit(
                actor=Actor(person=amara()),
                round=shortlist,
                choices=_ids(shortlist, "Pocket park"),
                submission=uuid.uuid4(),
            )

    def test_a_voter_outside_the_age_range_is_told_why(self, officer: Person) -> None:
        youth = {"kind": EligibilityKind.AGE, "minimum_age": 11, "maximum_age": 19, "age_on": date(2027, 3, 1)}
        round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PARK_PROJECTS, rules=[youth])
        grown_up = PersonFactory(date_of_birth=date(1980, 5, 1), birth_year=1980)
        with pytest.raises(PermissionDenied, match="aged 19 or under"):
            services.ballot_submit(
                actor=Actor(person=grown_up), round=round, choices=_ids(round, "Pocket park"), submission=uuid.uuid4()
            )
        assert not VoterMark.objects.exists()

    def test_an_officer_acting_for_a_resident_casts_an_assisted_ballot(self, voting: Round, officer: Person) -> None:
        resident = PersonFactory(full_name="Nell Adeyemi")
        cast = services.ballot_submit(
            actor=Actor(person=officer, on_behalf_of=resident),
            round=voting,
            choices=_ids(voting, "Youth kitchen"),
            submission=uuid.uuid4(),
        )
        assert Ballot.objects.get(pk=cast.ballot_id).channel == Channel.ASSISTED
        mark = VoterMark.objects.get(round=voting)
        assert (mark.person, mark.marked_by) == (resident, officer)
        entry = AuditEntry.objects.get(action="ballot.cast")
        assert (entry.actor, entry.on_behalf_of) == (officer, resident)

    def test_an_anonymised_voters_ballot_still_counts(self, voting: Round, officer: Person) -> None:
        resident = amara()
        services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
        )
        person_anonymise(actor=Actor(person=officer), person=resident)
        assert Ballot.objects.filter(round=voting).count() == 1
        assert selectors.ballot_choices_of(round=voting).count() == 1


class BallotTypeTests:
    def test_a_knapsack_ballot_must_fit_the_budget_and_spend_the_minimum(self, officer: Person) -> None:
        round = round_in_phase(
            officer,
            Phase.VOTING_OPEN,
            projects=PARK_PROJECTS,
            ballot_type=BallotType.KNAPSACK,
            max_choices=None,
            budget_pence=1_500_000,
            minimum_spend_percent=50,
        )
        field = pot_field(only_pot(round))
        resident = amara()
        with pytest.raises(ValidationError) as over:
            services.ballot_submit(
                actor=Actor(person=resident),
                round=round,
                choices=_ids(round, "Pocket park", "Youth kitchen"),
                submission=uuid.uuid4(),
            )
        assert over.value.message_dict[field] == [
            "Your choices cost £17,000, more than the £15,000 there is to spend. Remove a project."
        ]
        with pytest.raises(ValidationError) as under:
            services.ballot_submit(
                actor=Actor(person=resident), round=round, choices=_ids(round, "Street trees"), submission=uuid.uuid4()
            )
        assert under.value.message_dict[field] == [
            "Choose projects worth at least £7,500 (50% of the money). Yours cost £3,000."
        ]
        cast = services.ballot_submit(
            actor=Actor(person=resident),
            round=round,
            choices=_ids(round, "Pocket park", "Street trees"),
            submission=uuid.uuid4(),
        )
        assert cast.receipt

    def test_cumulative_points_must_not_exceed_the_allowance(self, officer: Person) -> None:
        resident = amara()
        round = round_in_phase(
            officer,
            Phase.VOTING_OPEN,
            projects=PARK_PROJECTS,
            ballot_type=BallotType.CUMULATIVE,
            max_choices=None,
            points_per_voter=10,
        )
        park, kitchen = (p.pk for p in (proposals_by_title(round)[t] for t in ("Pocket park", "Youth kitchen")))
        with pytest.raises(ValidationError, match=r"You have given 12 points\. You have 10 to share out\."):
            services.ballot_submit(
                actor=Actor(person=resident),
                round=round,
                choices=[Choice(park, points=7), Choice(kitchen, points=5)],
                submission=uuid.uuid4(),
            )
        services.ballot_submit(
            actor=Actor(person=resident),
            round=round,
            choices=[Choice(park, points=7), Choice(kitchen, points=3)],
            submission=uuid.uuid4(),
        )
        assert sorted(c.points for c in selectors.ballot_choices_of(round=round)) == [3, 7]

    def test_ranks_must_run_one_two_three(self, officer: Person) -> None:
        resident = amara()
        round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PARK_PROJECTS, ballot_type=BallotType.RANKED)
        park, kitchen = (p.pk for p in (proposals_by_title(round)[t] for t in ("Pocket park", "Youth kitchen")))
        with pytest.raises(ValidationError, match="without gaps"):
            services.ballot_submit(
                actor=Actor(person=resident),
                round=round,
                choices=[Choice(park, rank=1), Choice(kitchen, rank=3)],
                submission=uuid.uuid4(),
            )
        with pytest.raises(ValidationError, match="different number"):
            services.ballot_submit(
                actor=Actor(person=resident),
                round=round,
                choices=[Choice(park, rank=1), Choice(kitchen, rank=1)],
                submission=uuid.uuid4(),
            )


class ReceiptTests:
    def test_a_voter_changes_their_ballot_with_the_receipt_before_the_close(self, voting: Round) -> None:
        cast = services.ballot_submit(
            actor=Actor(person=amara()), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
        )
        assert cast.receipt is not None
        services.ballot_change(round=voting, receipt=cast.receipt, choices=_ids(voting, "Street trees"))
        ballot = Ballot.objects.get(round=voting)
        assert [c.proposal.title for c in ballot.choices.all()] == ["Street trees"] and ballot.changed_count == 1
        Round.objects.filter(pk=voting.pk).update(phase=Phase.VOTING_CLOSED)
        voting.refresh_from_db()
        with pytest.raises(ValidationError, match="not open"):
            services.ballot_change(round=voting, receipt=cast.receipt, choices=_ids(voting, "Pocket park"))

    def test_a_wrong_receipt_and_a_round_without_changes_are_refused(self, officer: Person) -> None:
        round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PARK_PROJECTS, allow_ballot_change=False)
        cast = services.ballot_submit(
            actor=Actor(person=amara()), round=round, choices=_ids(round, "Pocket park"), submission=uuid.uuid4()
        )
        assert cast.receipt is not None
        with pytest.raises(ValidationError, match="cannot be changed"):
            services.ballot_change(round=round, receipt=cast.receipt, choices=_ids(round, "Street trees"))
        assert selectors.ballot_for_receipt(round=round, receipt="AAAA-BBBB-CCCC-DDDD") is None


class VotingCodeTests:
    def test_a_code_from_the_library_votes_once(self, voting: Round, officer: Person) -> None:
        codes = services.voting_codes_issue(
            actor=Actor(person=officer), round=voting, label="Brixton Library", how_many=3
        )
        assert [serial for serial, _ in codes] == [1, 2, 3]
        code = codes[0][1]
        cast = services.ballot_submit_with_code(
            round=voting, code=code.lower(), choices=_ids(voting, "Street trees"), submission=uuid.uuid4()
        )
        assert Ballot.objects.get(pk=cast.ballot_id).channel == Channel.CODE
        with pytest.raises(services.AlreadyVotedError, match="used already"):
            services.ballot_submit_with_code(
                round=voting, code=code, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
            )
        with pytest.raises(ValidationError, match="not right"):
            services.ballot_submit_with_code(
                round=voting, code="ABCD-EFGH-JKMN-PQRS", choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
            )

    def test_a_cancelled_code_no_longer_works(self, voting: Round, officer: Person) -> None:
        (_serial, code), *_ = services.voting_codes_issue(
            actor=Actor(person=officer), round=voting, label="Lost cards", how_many=1
        )
        services.voting_code_cancel(actor=Actor(person=officer), code=voting.code_batches.get().codes.get())
        with pytest.raises(ValidationError, match="not right"):
            services.ballot_submit_with_code(
                round=voting, code=code, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
            )

    def test_only_officers_issue_codes(self, voting: Round) -> None:
        with pytest.raises(PermissionDenied):
            services.voting_codes_issue(actor=Actor(person=amara()), round=voting, label="Home", how_many=5)


class MarkedRegisterTests:
    def test_a_voter_who_voted_online_gets_no_paper_at_the_desk(self, voting: Round, officer: Person) -> None:
        resident = amara()
        services.ballot_submit(
            actor=Actor(person=resident), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
        )
        with pytest.raises(services.AlreadyVotedError, match="already voted in this round"):
            services.paper_ballot_issue(actor=Actor(person=officer), round=voting, voter=resident)

    def test_one_online_and_one_in_person_where_the_round_allows_it(self, officer: Person) -> None:
        round = round_in_phase(
            officer, Phase.VOTING_OPEN, projects=PARK_PROJECTS, ballots_per_person=BallotsPerPerson.ONE_PER_CHANNEL
        )
        resident = amara()
        services.ballot_submit(
            actor=Actor(person=resident), round=round, choices=_ids(round, "Pocket park"), submission=uuid.uuid4()
        )
        services.paper_ballot_issue(
            actor=Actor(person=officer), round=round, voter=resident, declared_other_channel=True
        )
        with pytest.raises(services.AlreadyVotedError):
            services.paper_ballot_issue(actor=Actor(person=officer), round=round, voter=resident)
        assert sorted(VoterMark.objects.filter(round=round).values_list("slot", flat=True)) == ["in_person", "online"]


class ChildrenWaitingForAParentTests:
    """Voting and putting forward ideas are taking part: a child under 13 waits until a parent or
    carer agrees, whatever the round's own rules (docs/privacy.md)."""

    WAITING = "a parent or carer has not agreed"

    def test_a_child_cannot_vote_until_her_mother_agrees(self, voting: Round) -> None:
        child = kemi()
        assert eligibility_for(child, voting, on=timezone.localdate()).reasons == (str(CannotTakePart()),)
        with pytest.raises(PermissionDenied, match=self.WAITING):
            services.ballot_submit(
                actor=Actor(person=child), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
            )
        assert not VoterMark.objects.exists() and not Ballot.objects.exists()
        parental_consent_answer(request=ParentalConsentRequest.objects.get(child=child), granted=True)
        assert eligibility_for(child, voting, on=timezone.localdate()).answer is Answer.YES
        cast = services.ballot_submit(
            actor=Actor(person=child), round=voting, choices=_ids(voting, "Pocket park"), submission=uuid.uuid4()
        )
        assert cast.receipt is not None

    def test_an_officer_acting_for_a_child_cannot_vote_for_him(self, voting: Round, officer: Person) -> None:
        """Registered at a hub, no parent has been asked yet."""
        child = PersonFactory(date_of_birth=date(2017, 9, 1), birth_year=2017, registered_via=RegisteredVia.ASSISTED)
        with pytest.raises(PermissionDenied, match=self.WAITING):
            services.ballot_submit(
                actor=Actor(person=officer, on_behalf_of=child),
                round=voting,
                choices=_ids(voting, "Youth kitchen"),
                submission=uuid.uuid4(),
            )
        assert not VoterMark.objects.exists()

    def test_the_desk_hands_no_paper_to_a_child_and_tells_the_officer_why(self, voting: Round, officer: Person) -> None:
        with pytest.raises(PermissionDenied, match="cannot vote yet: they are under 13 and a parent or carer"):
            services.paper_ballot_issue(actor=Actor(person=officer), round=voting, voter=kemi())
        assert not VoterMark.objects.exists()

    def test_a_child_cannot_put_forward_an_idea(self, officer: Person) -> None:
        ideas = round_in_phase(officer, Phase.IDEAS_OPEN)
        with pytest.raises(PermissionDenied, match=self.WAITING):
            services.proposal_submit(
                actor=Actor(person=kemi()),
                round=ideas,
                title="A swing in Slade Gardens",
                description="For the little ones on the estate.",
                estimated_cost_pence=80_000,
                category=Category.COMMUNITY,
            )
        assert not Proposal.objects.exists()
