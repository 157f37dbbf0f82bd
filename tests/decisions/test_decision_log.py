"""The public decision log: filters, the page, the Atom feed and the JSON API agree."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision, DecisionMethod
from coopcouncil.core.services import decision_record
from coopcouncil.decisions.selectors import DecisionFilters, decisions_published
from tests.accounts.personas import ben
from tests.budgeting.factories import round_in_phase
from tests.commissioning.factories import programme_at
from tests.frontend.html import Page
from tests.places.factories import TwoWardBorough, two_ward_borough

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _on(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 18, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def borough() -> TwoWardBorough:
    return two_ward_borough()


@pytest.fixture
def decisions(borough: TwoWardBorough) -> dict[str, Decision]:
    officer = ben()
    actor = Actor(person=officer)
    green_fund = round_in_phase(officer, owner=borough.windrush)
    libraries = programme_at(officer, owner=borough.libraries, title="Library service co-production")
    return {
        "budget": decision_record(
            actor=actor,
            decided_at=_on(2027, 3, 4),
            decided_by="Residents' vote",
            method=DecisionMethod.COUNT,
            title="Windrush green fund: results",
            outcome="Funded 4 projects.",
            reasons="Counted by the published rule.",
            counts={"ballots": 412, "funded": 4},
            evidence=["/budgets/windrush/results/"],
            subject=green_fund,
        ),
        "programme": decision_record(
            actor=actor,
            decided_at=_on(2027, 6, 10),
            decided_by="Cabinet",
            method=DecisionMethod.BODY,
            title="Libraries: outcomes and budgets agreed",
            outcome="Three outcomes funded.",
            reasons="The panel's recommendation, with the equality impact assessment.",
            subject=libraries,
        ),
        "private": decision_record(
            actor=actor,
            decided_at=_on(2027, 6, 11),
            decided_by="Evaluation panel",
            method=DecisionMethod.BODY,
            title="Not yet published",
            outcome="Scores moderated.",
            reasons="Before award.",
            subject=libraries,
            is_public=False,
        ),
    }


def test_a_decision_is_filed_under_its_subjects_owner(decisions: dict[str, Decision], borough: TwoWardBorough) -> None:
    assert decisions["budget"].scope == borough.windrush
    assert decisions["programme"].scope == borough.libraries


def test_filters_narrow_by_community_ward_kind_and_dates(
    decisions: dict[str, Decision], borough: TwoWardBorough
) -> None:
    def titles(**filters: object) -> list[str]:
        return [d.title for d in decisions_published(DecisionFilters(**filters))]  # type: ignore[arg-type]

    everything = titles()
    assert everything == ["Libraries: outcomes and budgets agreed", "Windrush green fund: results"]
    # The borough holds both; a community under it only its own.
    assert titles(community=borough.borough) == everything
    assert titles(community=borough.windrush) == ["Windrush green fund: results"]
    assert titles(ward=borough.windrush_ward) == ["Windrush green fund: results"]
    assert titles(ward=borough.norwood_ward) == []
    assert titles(kind="commissioning") == ["Libraries: outcomes and budgets agreed"]
    assert titles(kind="other") == []
    assert titles(decided_from=_on(2027, 6, 10).date()) == ["Libraries: outcomes and budgets agreed"]
    assert titles(decided_to=_on(2027, 3, 4).date()) == ["Windrush green fund: results"]


def test_the_page_lists_published_decisions_and_explains_bad_filters(decisions: dict[str, Decision]) -> None:
    client = Client()
    page = Page(client.get("/decisions/").content.decode())
    text = page.main.text
    assert "Windrush green fund: results" in text and "Libraries: outcomes and budgets agreed" in text
    assert "Not yet published" not in text
    filtered = Page(client.get("/decisions/?kind=budgeting").content.decode()).main.text
    assert "Windrush green fund" in filtered and "Libraries: outcomes" not in filtered
    bad = client.get(
        "/decisions/?decided_from_day=10&decided_from_month=6&decided_from_year=2027"
        "&decided_to_day=1&decided_to_month=1&decided_to_year=2027"
    )
    bad_page = Page(bad.content.decode())
    assert bad_page.error_summary_links() and not bad_page.broken_error_summary_links()
    assert "The end date must be the same as or after the start date" in bad_page.main.text
    # Nothing is hidden because a filter was wrong: the list is unfiltered.
    assert "Windrush green fund" in bad_page.main.text and "Libraries: outcomes" in bad_page.main.text


def test_a_decision_page_says_who_when_how_and_why(decisions: dict[str, Decision]) -> None:
    client = Client()
    text = Page(client.get(f"/decisions/{decisions['budget'].reference}/").content.decode()).main.text
    for expected in (
        "Residents' vote",
        "4 March 2027",
        "Count of ballots by a published rule",
        "Counted by the published rule.",
        "412",
        "Brixton Windrush",
    ):
        assert expected in text
    assert client.get(f"/decisions/{decisions['private'].reference}/").status_code == 404


def test_the_atom_feed_has_the_same_filtered_decisions(decisions: dict[str, Decision]) -> None:
    response = Client().get("/decisions/feed/?kind=commissioning")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Libraries: outcomes and budgets agreed"]
    assert entries[0].findtext(f"{ATOM}id") == f"urn:uuid:{decisions['programme'].reference}"
    assert "Decided by Cabinet" in (entries[0].findtext(f"{ATOM}summary") or "")


def test_the_api_pages_and_filters_and_names_bad_parameters(
    decisions: dict[str, Decision], borough: TwoWardBorough
) -> None:
    client = Client()
    body = client.get("/api/v1/decisions", {"ward": borough.windrush_ward.gss_code}).json()
    assert body["count"] == 1 and body["results"][0]["title"] == "Windrush green fund: results"
    assert body["results"][0]["counts"] == {"ballots": 412, "funded": 4}
    assert body["results"][0]["evidence"][0].startswith("http")
    paged = client.get("/api/v1/decisions", {"limit": 1, "offset": 1}).json()
    assert paged["count"] == 2 and [d["title"] for d in paged["results"]] == ["Windrush green fund: results"]
    wrong = client.get("/api/v1/decisions", {"kind": "parking"})
    assert wrong.status_code == 422 and "Unknown kind" in wrong.json()["detail"]
    one = client.get(f"/api/v1/decisions/{decisions['programme'].reference}").json()
    assert one["kind"] == "commissioning" and one["decided_by"] == "Cabinet"
    assert client.get(f"/api/v1/decisions/{decisions['private'].reference}").status_code == 404


def test_a_co_operatives_own_decisions_are_found_by_its_name_and_org_id() -> None:
    from coopcouncil.accounts.models import Organisation, OrganisationKind

    officer = ben()
    ylc = Organisation.objects.create(
        name="Young Lambeth Co-operative", kind=OrganisationKind.COOPERATIVE, org_id="GB-MPR-7000001"
    )
    decision_record(
        actor=Actor(person=officer),
        decided_at=_on(2027, 5, 1),
        decided_by="Members at the AGM",
        method=DecisionMethod.VOTE,
        title="Resolution 2: Young members on the board",
        outcome="Passed.",
        reasons="80 for, 12 against.",
        scope=ylc,
    )
    assert [d.title for d in decisions_published(DecisionFilters(organisation=ylc))] == [
        "Resolution 2: Young members on the board"
    ]
    page = Page(Client().get(f"/decisions/?organisation={ylc.pk}").content.decode()).main.text
    assert "Resolution 2: Young members on the board" in page
    body = Client().get("/api/v1/decisions", {"organisation": "GB-MPR-7000001"}).json()
    assert body["count"] == 1 and body["results"][0]["scope"] == "Young Lambeth Co-operative"


def test_the_log_page_does_not_query_once_per_decision(
    decisions: dict[str, Decision], django_assert_max_num_queries: object
) -> None:
    budget = decisions["budget"]
    for number in range(10):
        decision_record(
            actor=Actor(person=budget.recorded_by),
            decided_at=_on(2027, 4, 1 + number),
            decided_by="Residents' vote",
            method=DecisionMethod.COUNT,
            title=f"Another result {number}",
            outcome="Funded.",
            reasons="Counted.",
            subject=budget.subject,
        )
    client = Client()
    client.get("/decisions/")  # warm the content-type cache
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert client.get("/decisions/").status_code == 200
