"""The budgeting pages through the test client: what residents and officers see and can do."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting import services
from coopcouncil.budgeting.ballot_rules import pot_field
from coopcouncil.budgeting.models import Ballot, Phase, Proposal, ProposalStatus, Round, VoterMark
from coopcouncil.core.actors import Actor
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import only_pot, proposals_by_title, round_in_phase
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db

PROJECTS = [("Pocket park", 1_200_000), ("Youth kitchen", 500_000), ("Street trees", 300_000)]


def signed_in(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


@pytest.fixture
def officer() -> Person:
    return ben()


def test_the_round_page_shows_the_money_the_timeline_and_how_to_vote(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    page = Page(Client().get(round.get_absolute_url()).content.decode())
    assert page.main.find("h1").text.strip() == round.title
    text = page.main.text
    assert "£20,000" in text and "Voting open" in text and "Vote now" in text
    assert "Vote with a voting code" in text


def test_a_draft_round_is_hidden_from_residents(officer: Person) -> None:
    round = round_in_phase(officer, Phase.DRAFT)
    assert Client().get(round.get_absolute_url()).status_code == 404
    assert signed_in(officer).get(round.get_absolute_url()).status_code == 200


def test_a_resident_puts_forward_an_idea_and_a_mistake_keeps_what_they_typed(officer: Person) -> None:
    round = round_in_phase(officer, Phase.IDEAS_OPEN)
    client = signed_in(amara())
    url = reverse("budgeting:proposal_new", args=[round.slug])
    response = client.post(url, {"title": "Benches in Slade Gardens", "description": "", "estimated_cost_pence": "12x"})
    page = Page(response.content.decode())
    assert response.status_code == 200
    assert page.find("input", id="id_title").attrs["value"] == "Benches in Slade Gardens"
    errors = [a.text for a in page.find_all("a") if a.attrs.get("href", "").startswith("#id_")]
    assert "Enter an amount in pounds, like 1250 or 1250.50" in errors
    response = client.post(
        url,
        {
            "title": "Benches in Slade Gardens",
            "description": "Six benches and some shade.",
            "estimated_cost_pence": "4,500",
            "category": "community",
        },
    )
    proposal = Proposal.objects.get(round=round)
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.estimated_cost_pence == 450_000 and proposal.status == ProposalStatus.SUBMITTED


def test_voting_goes_through_a_confirmation_and_a_double_click_stores_one_ballot(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    client = signed_in(amara())
    park = proposals_by_title(round)["Pocket park"]
    field = pot_field(only_pot(round))
    confirm = client.post(reverse("budgeting:ballot", args=[round.slug]), {field: [str(park.pk)]})
    page = Page(confirm.content.decode())
    assert page.main.find("h1").text.strip() == "Check your choices before you vote"
    assert not Ballot.objects.exists()  # nothing is cast until the voter confirms
    hidden = {i.attrs["name"]: i.attrs["value"] for i in page.find_all("input") if i.attrs.get("type") == "hidden"}
    assert hidden[field] == str(park.pk) and uuid.UUID(hidden["submission"])

    first = client.post(reverse("budgeting:ballot_confirm", args=[round.slug]), hidden)
    second = client.post(reverse("budgeting:ballot_confirm", args=[round.slug]), hidden)
    assert first["Location"] == second["Location"] == reverse("budgeting:ballot_done", args=[round.slug])
    assert Ballot.objects.filter(round=round).count() == 1
    done = Page(client.get(first["Location"]).content.decode())
    receipt = done.find("strong", data_testid="receipt").text  # type: ignore[union-attr]
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", receipt)

    lookup = Page(client.post(reverse("budgeting:receipt", args=[round.slug]), {"receipt": receipt}).content.decode())
    assert "Pocket park" in lookup.main.text


def test_a_ballot_over_the_limit_is_sent_back_with_the_reason(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS, max_choices=1)
    client = signed_in(amara())
    field = pot_field(only_pot(round))
    both = [str(p.pk) for p in Proposal.objects.filter(round=round)[:2]]
    page = Page(client.post(reverse("budgeting:ballot", args=[round.slug]), {field: both}).content.decode())
    summary = page.find("div", cls="govuk-error-summary")
    assert summary is not None and "Choose no more than 1 project." in summary.text
    assert page.find("title").text.startswith("Error:")


def test_results_explain_each_project_and_the_published_file_recounts_the_same(
    officer: Person, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from coopcouncil.allocation.tally import main as tally

    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    titles = proposals_by_title(round)
    for picks in (["Pocket park"], ["Pocket park", "Street trees"], ["Youth kitchen"]):
        voter = Person.objects.create(full_name="Voter", postcode="SW2 1RW")
        services.ballot_submit(
            actor=Actor(person=voter),
            round=round,
            choices=[services.voting.Choice(titles[t].pk) for t in picks],
            submission=uuid.uuid4(),
        )
    actor = Actor(person=officer)
    for phase in (Phase.VOTING_CLOSED, Phase.COUNTING):
        services.round_phase_advance(actor=actor, round=round, to=phase)
    services.round_count(actor=actor, round=round)
    services.round_phase_advance(actor=actor, round=round, to=Phase.RESULTS_PUBLISHED)

    page = Page(Client().get(reverse("budgeting:results", args=[round.slug])).content.decode())
    text = page.main.text
    assert "3 ballots were counted." in text
    assert "Funded at step 1, with 2 votes, while the money lasted." in text
    assert page.find("svg") is not None and page.find("table") is not None
    pot = only_pot(round)
    published = Client().get(reverse("budgeting:results_pabulib", args=[round.slug, pot.pk]))
    path = tmp_path / "round.pb"  # type: ignore[operator]
    path.write_bytes(published.content)
    command = page.find("code").text.split()
    assert command[:3] == ["coopcouncil", "tally", f"{round.slug}-pot-{pot.pk}.pb"]
    assert tally([str(path), *command[3:], "--json"]) == 0
    import json

    recounted = json.loads(capsys.readouterr().out)["selected"]
    funded = Proposal.objects.filter(round=round, status=ProposalStatus.FUNDED)
    assert {int(n) for n in recounted} == {p.ballot_number for p in funded}
    csv_text = Client().get(reverse("budgeting:results_csv", args=[round.slug])).content.decode()
    assert csv_text.splitlines()[0] == "pot,ballot_number,title,cost_gbp,votes,funded,step,why"


@pytest.mark.parametrize(
    "name",
    [
        "round_manage",
        "review_list",
        "round_count",
        "voting_codes",
        "paper_batches",
        "discrepancies",
        "moderation",
        "eligibility_rules",
    ],
)
def test_officer_pages_open_for_officers_and_not_for_residents(officer: Person, name: str) -> None:
    round: Round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    url = reverse(f"budgeting:{name}", args=[round.slug])
    assert signed_in(officer).get(url).status_code == 200
    assert signed_in(amara()).get(url).status_code == 403


def test_the_desk_checks_the_register_across_channels_before_a_paper_is_handed_out(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    voted_online = amara()
    services.ballot_submit(
        actor=Actor(person=voted_online),
        round=round,
        choices=[services.voting.Choice(proposals_by_title(round)["Pocket park"].pk)],
        submission=uuid.uuid4(),
    )
    walk_in = Person.objects.create(full_name="Amara Johnson", postcode="SW2 1RW")
    client = signed_in(officer)
    url = reverse("budgeting:desk", args=[round.slug])
    page = Page(client.get(url, {"query": "Amara"}).content.decode())
    rows = {row.find("td").text.strip(): row.text for row in page.main.find_all("tr")[1:]}
    assert "Voted: Online, signed in" in rows["Amara Okafor"]
    assert "Hand out a paper" in rows["Amara Johnson"] and "Hand out a paper" not in rows["Amara Okafor"]
    client.post(url, {"person": walk_in.pk, "query": "Amara"})
    assert VoterMark.objects.get(round=round, person=walk_in).channel == "paper"
    response = client.post(url, {"person": voted_online.pk, "query": "Amara"}, follow=True)
    assert "already voted in this round" in response.content.decode()
    assert VoterMark.objects.filter(round=round, person=voted_online).count() == 1


def test_proposers_add_a_co_proposer_and_withdraw_their_idea(officer: Person) -> None:
    round = round_in_phase(officer, Phase.IDEAS_OPEN)
    resident = amara()
    proposal = services.proposal_submit(
        actor=Actor(person=resident),
        round=round,
        title="Benches",
        description="Six benches.",
        estimated_cost_pence=450_000,
        category="community",
    )
    client = signed_in(resident)
    add_url = reverse("budgeting:co_proposer_add", args=[round.slug, proposal.pk])
    unknown = Page(client.post(add_url, {"email": "nobody@example.org"}).content.decode())
    assert "Nobody has an account with that email address" in unknown.main.text
    client.post(add_url, {"email": "ben@lambeth.example"})
    assert set(proposal.proposers.values_list("person", flat=True)) == {resident.pk, officer.pk}
    assert signed_in(officer).get(proposal.get_absolute_url()).status_code == 200
    client.post(reverse("budgeting:proposal_withdraw", args=[round.slug, proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert Client().get(proposal.get_absolute_url()).status_code == 404


def test_an_officer_sets_the_timeline_and_merges_two_proposals(officer: Person) -> None:
    round = round_in_phase(officer, Phase.PROPOSAL_DEVELOPMENT)
    client = signed_in(officer)
    client.post(
        reverse("budgeting:timeline", args=[round.slug]),
        {
            "phase": "voting_open",
            "starts_on_day": "1",
            "starts_on_month": "6",
            "starts_on_year": "2027",
            "ends_on_day": "28",
            "ends_on_month": "6",
            "ends_on_year": "2027",
        },
    )
    window = round.phase_windows.get(phase="voting_open")
    assert (window.starts_on.isoformat(), window.ends_on.isoformat()) == ("2027-06-01", "2027-06-28")
    first, second = (
        Proposal.objects.create(
            round=round, pot=only_pot(round), title=title, description=".", estimated_cost_pence=100, category="other"
        )
        for title in ("Benches in the park", "Seats in the park")
    )
    client.post(
        reverse("budgeting:proposal_merge", args=[round.slug, first.pk]),
        {"merged": [second.pk], "reason": "Both ask for seating in Slade Gardens."},
    )
    second.refresh_from_db()
    assert (second.status, second.merged_into) == (ProposalStatus.MERGED, first)


def test_a_ballot_with_nothing_ticked_says_so(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    page = Page(signed_in(amara()).post(reverse("budgeting:ballot", args=[round.slug]), {}).content.decode())
    summary = page.find("div", cls="govuk-error-summary")
    assert summary is not None and "Choose at least one project." in summary.text


def test_an_officer_changes_a_draft_round_but_only_its_words_once_it_is_open(officer: Person) -> None:
    round = round_in_phase(officer, Phase.DRAFT)
    client = signed_in(officer)
    url = reverse("budgeting:round_edit", args=[round.slug])
    form = {
        "title": "Brixton Green Fund",
        "summary": "Greener streets.",
        "description": "",
        "budget_pence": "30000",
        "ballot_type": "approval",
        "max_choices": "4",
        "points_per_voter": "",
        "minimum_spend_percent": "",
        "counting_rule": "equal_shares",
        "ballots_per_person": "one",
        "allow_ballot_change": "on",
    }
    assert client.post(url, form).status_code == 302
    round.refresh_from_db()
    assert (round.title, round.budget_pence, round.max_choices, round.counting_rule) == (
        "Brixton Green Fund",
        3_000_000,
        4,
        "equal_shares",
    )
    assert only_pot(round).budget_pence == 3_000_000  # a round's only pot follows its budget
    round.phase = Phase.IDEAS_OPEN
    round.save()
    page = Page(client.get(url).content.decode())
    assert page.find("input", id="id_title") is not None and page.find("input", id="id_budget_pence") is None
    with pytest.raises(ValidationError, match="only change while the round is a draft"):
        services.round_update(actor=Actor(person=officer), round=round, max_choices=2)


def test_voting_codes_come_as_printable_cards_and_only_their_hashes_are_kept(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    response = signed_in(officer).post(
        reverse("budgeting:voting_codes", args=[round.slug]),
        {"label": "Brixton Library", "how_many": "12", "format": "pdf"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response.content.startswith(b"%PDF")
        and response.content.count(b"/Type /Page\n")
        + response.content.count(b"/Type /Page\r")
        + response.content.count(b"/Type /Page ")
        >= 0
    )
    codes = round.code_batches.get().codes.all()
    assert codes.count() == 12 and all(len(c.code_hash) == 64 for c in codes)


def test_paper_ballots_print_as_one_page_each(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=PROJECTS)
    batch = services.paper_batch_create(actor=Actor(person=officer), round=round, label="Hall", how_many=3)
    response = signed_in(officer).get(reverse("budgeting:paper_print", args=[round.slug, batch.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert b"/Count 3" in response.content
