"""/api/v1/budgets: open data to read, and ballots for signed-in voters."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting.models import Ballot, Phase
from tests.accounts.personas import amara, ben
from tests.budgeting.factories import proposals_by_title, round_in_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def test_rounds_and_proposals_are_open_data_but_drafts_are_not(officer: Person) -> None:
    voting = round_in_phase(officer, Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_000)])
    draft = round_in_phase(officer, Phase.DRAFT)
    listed = Client().get("/api/v1/budgets").json()
    assert [r["slug"] for r in listed] == [voting.slug]
    assert listed[0]["pots"][0]["budget_pence"] == 2_000_000
    assert Client().get(f"/api/v1/budgets/{draft.slug}").status_code == 404
    detail = Client().get(f"/api/v1/budgets/{voting.slug}").json()
    assert [step["state"] for step in detail["timeline"]][:5] == ["done", "done", "done", "done", "current"]
    [proposal] = Client().get(f"/api/v1/budgets/{voting.slug}/proposals").json()
    assert (proposal["title"], proposal["ballot_number"], proposal["cost_pence"]) == ("Pocket park", 1, 1_200_000)
    assert Client().get(f"/api/v1/budgets/{voting.slug}/results").status_code == 404


def test_a_signed_in_voter_casts_a_ballot_once_through_the_api(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_000), ("Trees", 300_000)])
    voter = amara()
    client = Client(enforce_csrf_checks=True)
    assert voter.user is not None
    client.force_login(voter.user)
    client.get(round.get_absolute_url())  # the page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    body = {"submission": str(uuid.uuid4()), "choices": [{"proposal": proposals_by_title(round)["Trees"].pk}]}
    url = f"/api/v1/budgets/{round.slug}/ballots"
    first = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    again = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    other = client.post(
        url, {**body, "submission": str(uuid.uuid4())}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert first.status_code == 201 and first.json()["receipt"]
    assert again.status_code == 200 and again.json() == {"receipt": None, "repeat": True}
    assert other.status_code == 409 and "already voted" in other.json()["detail"]
    assert Ballot.objects.filter(round=round).count() == 1


def test_an_invalid_ballot_says_what_is_wrong_and_anonymous_callers_are_refused(officer: Person) -> None:
    round = round_in_phase(officer, Phase.VOTING_OPEN, projects=[("Pocket park", 1_200_000)])
    url = f"/api/v1/budgets/{round.slug}/ballots"
    body = {"submission": str(uuid.uuid4()), "choices": []}
    assert Client().post(url, body, content_type="application/json").status_code == 401
    client = Client()
    voter = amara()
    assert voter.user is not None
    client.force_login(voter.user)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "Choose at least one project."
