"""The pages of stages 1 to 3: what the panel and officers fill in, what they are told, what the public sees."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import services
from coopcouncil.commissioning.models import (
    DecisionMaker,
    DeliveryRoute,
    DotSet,
    EvidenceItem,
    NeedStatement,
    Outcome,
    Programme,
    ProtectedCharacteristic,
    SeatType,
    Stage,
)
from coopcouncil.commissioning.services import needs
from coopcouncil.core.actors import Actor
from tests.accounts.factories import person_with_login
from tests.accounts.personas import amara, ben
from tests.commissioning.factories import programme_at
from tests.commissioning.needs_factories import (
    evidence_add,
    programme_with_needs,
    programme_with_priorities_decided,
)
from tests.frontend.html import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def _client(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def _member(officer: Person, programme: Programme, email: str = "young@example.org") -> Person:
    person = person_with_login(email=email, full_name="Jay Member", birth_year=1990)
    services.panel_member_appoint(
        actor=Actor(person=officer), programme=programme, person=person, seat_type=SeatType.RESIDENT
    )
    return person


def _summary(page: Page) -> str:
    summary = page.find("div", cls="govuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.text


def _outcomes(programme: Programme) -> list[Outcome]:
    return list(Outcome.objects.filter(programme=programme).order_by("pk"))


def test_a_panel_member_adds_evidence_with_a_private_file_and_is_told_what_is_missing(officer: Person) -> None:
    programme = programme_at(officer)
    member = _member(officer, programme)
    client = _client(member)
    url = f"/commissioning/{programme.slug}/evidence/"
    resident = _client(amara())
    assert resident.get(url).status_code == 403
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "drop_in", "title": "", "summary": "Kept this", "source": "Drop-in"})
    page = Page(bad.content.decode())
    assert bad.status_code == 200 and page.title.startswith("Error:")
    assert "Enter a title" in _summary(page) and not page.broken_error_summary_links()
    assert "Kept this" in bad.content.decode()  # nothing typed is lost
    upload = SimpleUploadedFile("notes.txt", b"What we heard", content_type="text/plain")
    good = client.post(
        url,
        {
            "kind": "drop_in",
            "title": "Drop-in at Brixton library",
            "summary": "Parents asked for holiday clubs.",
            "source": "Brixton library drop-in",
            "gathered_on_day": "3",
            "gathered_on_month": "4",
            "gathered_on_year": "2026",
            "upload": upload,
        },
    )
    assert good.status_code == 302
    item = EvidenceItem.objects.get(programme=programme)
    assert item.file is not None and not item.is_public and item.added_by == member
    assert client.get(f"/files/{item.file.pk}/").status_code == 200
    assert resident.get(f"/files/{item.file.pk}/").status_code in (403, 404)
    public = Client().get(programme.get_absolute_url()).content.decode()
    assert "Drop-in at Brixton library" not in public  # not marked public


def test_a_need_without_evidence_is_refused_and_the_statement_kept(officer: Person) -> None:
    programme = programme_at(officer)
    item = evidence_add(officer, programme)
    client = _client(officer)
    url = f"/commissioning/{programme.slug}/needs/"
    response = client.post(url, {"statement": "Nowhere to go after school"})
    page = Page(response.content.decode())
    assert "Choose the evidence that shows this need." in _summary(page)
    assert "Nowhere to go after school" in response.content.decode()
    assert client.post(url, {"statement": "Nowhere to go", "evidence": [item.pk]}).status_code == 302
    assert NeedStatement.objects.get(programme=programme).evidence.get() == item


def test_officers_draft_outcomes_with_indicators_on_their_page(officer: Person) -> None:
    programme = programme_at(officer)
    client = _client(officer)
    url = f"/officer/commissioning/{programme.slug}/outcomes/"
    response = client.post(
        url, {"form": "outcome", "outcome-title": "Young people feel safe", "outcome-measure": "Feeling safe"}
    )
    page = Page(response.content.decode())
    assert response.status_code == 200 and "Enter the baseline" in _summary(page)
    assert 'value="Young people feel safe"' in response.content.decode()
    ok = client.post(
        url,
        {
            "form": "outcome",
            "outcome-title": "Young people feel safe",
            "outcome-measure": "Young people who feel safe",
            "outcome-baseline": "41% in 2026",
            "outcome-method": "Youth survey",
        },
    )
    assert ok.status_code == 302
    assert Outcome.objects.get(programme=programme).indicators.get().baseline == "41% in 2026"
    assert _client(amara()).get(url).status_code == 403
    manage = client.get(f"/officer/commissioning/{programme.slug}/").content.decode()
    for link in ("evidence/", "assets/", "needs/", "outcomes/", "priorities/", "equality-assessment/", "options/"):
        assert link in manage


def test_panel_members_reach_their_dots_from_the_programme_page_and_change_them(officer: Person) -> None:
    programme = programme_with_needs(officer)
    member = _member(officer, programme)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    client = _client(member)
    page = client.get(programme.get_absolute_url()).content.decode()
    dots_url = f"/commissioning/{programme.slug}/priorities/dots/"
    assert dots_url in page
    assert dots_url not in Client().get(programme.get_absolute_url()).content.decode()
    safe, places, work = _outcomes(programme)
    over = client.post(dots_url, {f"outcome_{safe.pk}": "4", f"outcome_{places.pk}": "3"})
    assert "You have 5 dots but placed 7. Take 2 off." in _summary(Page(over.content.decode()))
    assert 'value="4"' in over.content.decode()
    assert client.post(dots_url, {f"outcome_{safe.pk}": "3", f"outcome_{work.pk}": "2"}).status_code == 302
    assert client.post(dots_url, {f"outcome_{places.pk}": "5"}).status_code == 302
    dot_set = DotSet.objects.get(vote__programme=programme)
    assert {p.outcome_id: p.dots for p in dot_set.placements.all()} == {places.pk: 5}
    assert _client(officer).get(dots_url).status_code == 403  # the officer has no seat


def test_the_officer_is_told_when_the_split_is_over_the_envelope_and_the_assessment_is_missing(
    officer: Person,
) -> None:
    programme = programme_with_needs(officer)
    services.programme_stage_advance(actor=Actor(person=officer), programme=programme, to=Stage.PRIORITIES)
    safe, places, _work = _outcomes(programme)
    client = _client(officer)
    url = f"/officer/commissioning/{programme.slug}/priorities/"
    over = client.post(
        url, {"form": "split", f"split-outcome_{safe.pk}": "2000000", f"split-outcome_{places.pk}": "1500000"}
    )
    text = _summary(Page(over.content.decode()))
    assert "The split comes to £3,500,000, which is £500,000 more than the budget envelope of £3,000,000." in text
    assert 'value="1500000"' in over.content.decode()
    eia = client.post(f"/officer/commissioning/{programme.slug}/equality-assessment/", {"evidence_used": "Census"})
    summary = _summary(Page(eia.content.decode()))
    assert "Say what the impact is on age." in summary and "Say what the impact is on sexual orientation." in summary
    assert "Census" in eia.content.decode()


def test_the_public_page_shows_the_priorities_the_split_the_assessment_and_the_route(officer: Person) -> None:
    programme = programme_with_priorities_decided(officer)
    evidence_add(officer, programme, title="Private session notes", is_public=False)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.OPTIONS)
    client = _client(officer)
    options_url = f"/officer/commissioning/{programme.slug}/options/"
    appraised = client.post(
        options_url,
        {
            "form": "appraise",
            "appraise-route": DeliveryRoute.GRANT,
            "appraise-benefits": "Local groups lead",
            "appraise-risks": "Small groups' capacity",
            "appraise-cost_estimate_pence": "2900000",
            "appraise-is_viable": "yes",
        },
    )
    assert appraised.status_code == 302
    missing = client.post(
        options_url,
        {
            "form": "choose",
            "choose-route": DeliveryRoute.GRANT,
            "choose-decision_maker": DecisionMaker.DELEGATED_OFFICER,
            "choose-reasons": "Groups already run the work",
        },
    )
    summary = _summary(Page(missing.content.decode()))
    assert "Name the officer who took the decision, and their post." in summary
    chosen = client.post(
        options_url,
        {
            "form": "choose",
            "choose-route": DeliveryRoute.GRANT,
            "choose-decision_maker": DecisionMaker.DELEGATED_OFFICER,
            "choose-decided_by": "Jo Bloggs, Director",
            "choose-reasons": "Groups already run the work",
        },
    )
    assert chosen.status_code == 302
    page = Page(Client().get(programme.get_absolute_url()).content.decode())
    text = page.main.text
    assert "Youth survey 2026" in text and "Private session notes" not in text
    assert "Young people feel safe" in text and "Baseline: 41% in 2026" in text
    assert page.find("svg", cls="cc-chart") is not None
    table = next(t for t in page.find_all("table") if "Outcomes ranked" in t.text)
    assert "£2,000,000" in table.text and "Young commissioner: 6" in table.text
    assert "Impact on each protected characteristic" in text and "No major change" in text
    assert "Delivery route chosen: Grant" in text and "Groups already run the work" in text
    assert not page.duplicate_ids()


def test_the_decision_form_says_what_is_missing_and_keeps_what_was_typed(officer: Person) -> None:
    programme = programme_with_needs(officer)
    services.programme_stage_advance(actor=Actor(person=officer), programme=programme, to=Stage.PRIORITIES)
    client = _client(officer)
    url = f"/officer/commissioning/{programme.slug}/priorities/"
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "form": "decide",
            "decide-decision_maker": DecisionMaker.CABINET,
            "decide-decided_on_day": str(today.day),
            "decide-decided_on_month": str(today.month),
            "decide-decided_on_year": str(today.year),
            "decide-rationale": "Follows the panel",
        },
    )
    assert "Record the panel's recommendation first." in _summary(Page(response.content.decode()))
    assert "Follows the panel" in response.content.decode()


def test_an_officer_takes_stage_two_through_the_pages_to_the_decision(officer: Person) -> None:
    programme = programme_with_needs(officer)
    member = _member(officer, programme)
    services.programme_stage_advance(actor=Actor(person=officer), programme=programme, to=Stage.PRIORITIES)
    client = _client(officer)
    url = f"/officer/commissioning/{programme.slug}/priorities/"
    assert client.post(url, {"form": "open", "open-dots_per_member": "4"}).status_code == 302
    safe, places, _work = _outcomes(programme)
    dots_url = f"/commissioning/{programme.slug}/priorities/dots/"
    assert _client(member).post(dots_url, {f"outcome_{safe.pk}": "4"}).status_code == 302
    assert client.post(url, {"form": "close"}).status_code == 302
    split = {"form": "split", f"split-outcome_{safe.pk}": "2500000", f"split-outcome_{places.pk}": "500000"}
    assert client.post(url, split).status_code == 302
    today = timezone.localdate()
    eia = {
        "evidence_used": "Census 2021 by ward",
        "outcome": "no_major_change",
        "completed_on_day": str(today.day),
        "completed_on_month": str(today.month),
        "completed_on_year": str(today.year),
        **{f"impact_{c.value}": "neutral" for c in ProtectedCharacteristic},
        "impact_disability": "negative",
        "mitigation_disability": "Step-free venues only",
    }
    assert client.post(f"/officer/commissioning/{programme.slug}/equality-assessment/", eia).status_code == 302
    recommend = {"form": "recommend", "recommend-reasons": "The panel put every dot on safety"}
    assert client.post(url, recommend).status_code == 302
    decide = {
        "form": "decide",
        "decide-decision_maker": DecisionMaker.CABINET,
        "decide-decided_on_day": str(today.day),
        "decide-decided_on_month": str(today.month),
        "decide-decided_on_year": str(today.year),
        "decide-rationale": "Agreed at cabinet",
    }
    assert client.post(url, decide).status_code == 302
    page = client.get(url).content.decode()
    assert "Decided by Cabinet" in page and "Agreed at cabinet" in page
    manage = client.post(f"/officer/commissioning/{programme.slug}/", {"reason": "Priorities decided"})
    assert manage.status_code == 302
    programme.refresh_from_db()
    assert programme.stage == Stage.OPTIONS
    public = Client().get(programme.get_absolute_url()).content.decode()
    assert "Step-free venues only" in public and "£2,500,000" in public
