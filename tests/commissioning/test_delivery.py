"""Stages 5 and 6: contracts and KPIs, returns verified by officers, feedback, ratings and the review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import selectors, services
from coopcouncil.commissioning.models import (
    KPI,
    RAG,
    CarriedOverEvidence,
    FeedbackStatus,
    KPIDirection,
    KPIFrequency,
    KPIReturn,
    Programme,
    Rating,
    ReturnEventKind,
    ReturnStatus,
    ReviewOutcome,
    Stage,
    period_containing,
)
from coopcouncil.commissioning.personal_data import COMMISSIONING_PERSONAL_DATA
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, DecisionMethod
from tests.accounts.personas import amara, ben, nell
from tests.commissioning.delivery_factories import (
    contract_in_delivery,
    evidence_file,
    kpi_on,
    representative_of,
    supplier_with_representative,
)
from tests.commissioning.factories import programme_at

pytestmark = pytest.mark.django_db

APRIL = date(2026, 4, 1)


@pytest.fixture
def officer() -> Person:
    return ben()


def _kpi(direction: KPIDirection, green: str, amber: str) -> KPI:
    return KPI(direction=direction, green_at=Decimal(green), amber_at=Decimal(amber))


@pytest.mark.parametrize(
    ("value", "rag"),
    [("200.00", RAG.GREEN), ("199.99", RAG.AMBER), ("150.00", RAG.AMBER), ("149.99", RAG.RED), ("0", RAG.RED)],
)
def test_where_higher_is_better_a_value_on_a_threshold_takes_the_better_colour(value: str, rag: RAG) -> None:
    assert _kpi(KPIDirection.HIGHER, "200", "150").rag_for(Decimal(value)) == rag


@pytest.mark.parametrize(
    ("value", "rag"),
    [("5.00", RAG.GREEN), ("5.01", RAG.AMBER), ("10.00", RAG.AMBER), ("10.01", RAG.RED), ("0", RAG.GREEN)],
)
def test_where_lower_is_better_the_comparisons_turn_round(value: str, rag: RAG) -> None:
    assert _kpi(KPIDirection.LOWER, "5", "10").rag_for(Decimal(value)) == rag


def test_no_value_is_grey() -> None:
    assert _kpi(KPIDirection.HIGHER, "200", "150").rag_for(None) == RAG.GREY


def test_periods_are_calendar_months_and_quarters() -> None:
    assert period_containing(KPIFrequency.MONTHLY, date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_containing(KPIFrequency.MONTHLY, date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_containing(KPIFrequency.QUARTERLY, date(2026, 5, 9)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert period_containing(KPIFrequency.QUARTERLY, date(2026, 11, 1)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_officers_record_the_contract_and_kpis_with_thresholds_in_order(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    with pytest.raises(PermissionDenied):
        contract_in_delivery(representative, supplier, programme=programme_at(officer, Stage.DELIVERY))
    with pytest.raises(ValidationError, match="acquiring services"):
        contract_in_delivery(officer, supplier, stage=Stage.OPTIONS)
    contract = contract_in_delivery(officer, supplier)
    with pytest.raises(ValidationError) as wrong_way:
        kpi_on(contract, officer, green_at=Decimal("150"), amber_at=Decimal("200"))
    assert "amber_at" in wrong_way.value.message_dict
    with pytest.raises(ValidationError) as lower_wrong_way:
        kpi_on(contract, officer, direction=KPIDirection.LOWER, green_at=Decimal("10"), amber_at=Decimal("5"))
    assert "amber_at" in lower_wrong_way.value.message_dict
    with pytest.raises(ValidationError, match="2 decimal places"):
        kpi_on(contract, officer, target=Decimal("200.125"))
    kpi = kpi_on(contract, officer)
    assert kpi.target == Decimal("200.00") and kpi.contract == contract
    assert AuditEntry.objects.filter(action="contract.kpi_added").count() == 1


def test_only_the_suppliers_representatives_send_returns_with_evidence(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    _other_supplier, rival = supplier_with_representative("Another Trust")
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)
    for outsider in (rival, amara(), officer):
        with pytest.raises(PermissionDenied):
            delivery.kpi_return_submit(
                actor=Actor(person=outsider), kpi=kpi, period_start=APRIL, value=Decimal(180), evidence=evidence_file()
            )
    actor = Actor(person=representative)
    with pytest.raises(ValidationError) as no_evidence:
        delivery.kpi_return_submit(actor=actor, kpi=kpi, period_start=APRIL, value=Decimal(180), evidence=None)
    assert "evidence" in no_evidence.value.message_dict
    with pytest.raises(ValidationError, match="first day of its period"):
        delivery.kpi_return_submit(
            actor=actor, kpi=kpi, period_start=date(2026, 4, 2), value=Decimal(180), evidence=evidence_file()
        )
    with pytest.raises(ValidationError, match="outside the contract"):
        delivery.kpi_return_submit(
            actor=actor, kpi=kpi, period_start=date(2026, 3, 1), value=Decimal(180), evidence=evidence_file()
        )
    with pytest.raises(ValidationError, match="2 decimal places"):
        delivery.kpi_return_submit(
            actor=actor, kpi=kpi, period_start=APRIL, value=Decimal("180.001"), evidence=evidence_file()
        )
    assert not KPIReturn.objects.exists()
    kpi_return, created = delivery.kpi_return_submit(
        actor=actor, kpi=kpi, period_start=APRIL, value=Decimal("180.5"), evidence=evidence_file()
    )
    assert created and kpi_return.period_end == date(2026, 4, 30) and kpi_return.value == Decimal("180.50")
    assert kpi_return.evidence is not None and kpi_return.evidence.attached_to == kpi_return
    assert kpi_return.status == ReturnStatus.SUBMITTED and kpi_return.rag == RAG.GREY


def test_one_return_per_period_and_a_queried_one_is_sent_again_with_its_history(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)
    actor = Actor(person=representative)
    first, _created = delivery.kpi_return_submit(
        actor=actor, kpi=kpi, period_start=APRIL, value=Decimal(210), evidence=evidence_file()
    )
    with pytest.raises(delivery.ReturnAlreadySubmittedError):
        delivery.kpi_return_submit(actor=actor, kpi=kpi, period_start=APRIL, value=Decimal(220), evidence=None)
    with pytest.raises(PermissionDenied):
        delivery.kpi_return_verify(actor=actor, kpi_return=first)
    with pytest.raises(ValidationError) as no_note:
        delivery.kpi_return_query(actor=Actor(person=officer), kpi_return=first, note=" ")
    assert "note" in no_note.value.message_dict
    delivery.kpi_return_query(actor=Actor(person=officer), kpi_return=first, note="The register shows 190.")
    again, created = delivery.kpi_return_submit(
        actor=actor, kpi=kpi, period_start=APRIL, value=Decimal(190), evidence=None, note="Corrected."
    )
    assert not created and again.pk == first.pk and again.status == ReturnStatus.SUBMITTED
    assert again.evidence == first.evidence  # the first evidence still stands when no new file is sent
    verified = delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=again)
    assert verified.rag == RAG.AMBER
    with pytest.raises(ValidationError, match="waiting to be verified"):
        delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=again)
    events = list(verified.events.values_list("kind", "value"))
    assert events == [
        (ReturnEventKind.SUBMITTED, Decimal("210.00")),
        (ReturnEventKind.QUERIED, Decimal("210.00")),
        (ReturnEventKind.RESUBMITTED, Decimal("190.00")),
        (ReturnEventKind.VERIFIED, Decimal("190.00")),
    ]
    assert KPIReturn.objects.filter(kpi=kpi).count() == 1
    assert {"kpi_return.submitted", "kpi_return.queried", "kpi_return.resubmitted", "kpi_return.verified"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_evidence_is_fetched_only_by_the_suppliers_people_and_the_programmes_officers(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    _other, rival = supplier_with_representative("Another Trust")
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)
    kpi_return, _created = delivery.kpi_return_submit(
        actor=Actor(person=representative), kpi=kpi, period_start=APRIL, value=Decimal(210), evidence=evidence_file()
    )
    assert kpi_return.evidence is not None
    url = reverse("core:private_file_download", args=[kpi_return.evidence.pk])
    # A second representative of the same supplier, who did not upload it, may fetch it too.
    people = {
        "uploader": representative,
        "colleague": representative_of(supplier),
        "officer": officer,
        "rival": rival,
        "resident": amara(),
    }
    statuses = {name: _as(person).get(url).status_code for name, person in people.items()}
    assert statuses == {
        "uploader": 200,
        "colleague": 200,
        "officer": 200,
        "rival": 404,
        "resident": 404,
    }  # not even told it exists


def _as(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def test_residents_feedback_is_moderated_and_officers_enter_paper_feedback_for_residents(officer: Person) -> None:
    supplier, _representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    resident = amara()
    with pytest.raises(PermissionDenied):
        delivery.feedback_give(actor=Actor(person=None), contract=contract, rating=4)
    with pytest.raises(ValidationError) as bad_rating:
        delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=6)
    assert "rating" in bad_rating.value.message_dict
    kind = delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=5, comment="Great club.")
    rude = delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=1, comment="Spam spam")
    paper = delivery.feedback_give(
        actor=Actor(person=officer, on_behalf_of=nell()), contract=contract, rating=3, comment="Needs longer hours."
    )
    silent = delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=4)
    assert paper.person.full_name == "Nell Adeyemi" and paper.entered_by == officer
    assert silent.status == FeedbackStatus.PUBLISHED  # a rating alone has nothing to moderate
    assert list(selectors.feedback_to_moderate(programme=contract.programme)) == [kind, rude, paper]
    with pytest.raises(PermissionDenied):
        delivery.feedback_moderate(actor=Actor(person=resident), feedback=kind, publish=True)
    delivery.feedback_moderate(actor=Actor(person=officer), feedback=kind, publish=True)
    delivery.feedback_moderate(actor=Actor(person=officer), feedback=rude, publish=False)
    with pytest.raises(ValidationError, match="already been moderated"):
        delivery.feedback_moderate(actor=Actor(person=officer), feedback=rude, publish=True)
    summary = selectors.feedback_summary(contract=contract)
    assert summary.total == 3 and summary.by_rating == {5: 1, 4: 1, 3: 1, 2: 0, 1: 0}
    assert summary.average == 4
    assert [f.comment for f in summary.comments] == ["Great club."]


def test_a_performance_rating_is_a_published_decision_with_its_rationale(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    kpi = kpi_on(contract, officer)
    kpi_return, _created = delivery.kpi_return_submit(
        actor=Actor(person=representative), kpi=kpi, period_start=APRIL, value=Decimal(230), evidence=evidence_file()
    )
    delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=kpi_return)
    quarter = {"period_start": APRIL, "period_end": date(2026, 6, 30)}
    with pytest.raises(ValidationError) as no_reason:
        delivery.performance_rate(
            actor=Actor(person=officer), contract=contract, rating=Rating.GOOD, rationale="", **quarter
        )
    assert "rationale" in no_reason.value.message_dict
    with pytest.raises(PermissionDenied):
        delivery.performance_rate(
            actor=Actor(person=representative), contract=contract, rating=Rating.GOOD, rationale="We did.", **quarter
        )
    rating = delivery.performance_rate(
        actor=Actor(person=officer),
        contract=contract,
        rating=Rating.GOOD,
        rationale="Attendance above target.",
        by_panel=True,
        **quarter,
    )
    assert rating.decision.method == DecisionMethod.BODY and rating.decision.counts == {
        "green": 1,
        "amber": 0,
        "red": 0,
    }
    assert rating.decision in selectors.decisions_about(programme=contract.programme)
    with pytest.raises(ValidationError, match="already been rated"):
        delivery.performance_rate(
            actor=Actor(person=officer), contract=contract, rating=Rating.INADEQUATE, rationale="Again.", **quarter
        )


def _advance(officer: Person, programme: Programme, to: Stage) -> None:
    services.programme_stage_advance(actor=Actor(person=officer), programme=programme, to=to, reason="Done.")


def test_review_needs_a_contract_with_kpis_and_closing_needs_a_review_that_ends_the_cycle(officer: Person) -> None:
    supplier, _representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    programme = contract.programme
    with pytest.raises(ValidationError, match="contract and its KPIs"):
        _advance(officer, programme, Stage.REVIEW)
    kpi_on(contract, officer)
    _advance(officer, programme, Stage.REVIEW)
    with pytest.raises(ValidationError, match="recommission or decommission"):
        _advance(officer, programme, Stage.CLOSED)
    review = delivery.review_decide(
        actor=Actor(person=officer), programme=programme, outcome=ReviewOutcome.CONTINUE, reasons="On track."
    )
    assert review.next_cycle is None and Programme.objects.get(pk=programme.pk).stage == Stage.REVIEW
    with pytest.raises(ValidationError, match="recommission or decommission"):
        _advance(officer, programme, Stage.CLOSED)
    delivery.review_decide(
        actor=Actor(person=officer),
        programme=programme,
        outcome=ReviewOutcome.DECOMMISSION,
        reasons="No longer needed.",
    )
    assert Programme.objects.get(pk=programme.pk).stage == Stage.CLOSED
    assert [d.outcome for d in selectors.decisions_about(programme=programme).order_by("decided_at", "id")] == [
        str(ReviewOutcome.CONTINUE.label),
        str(ReviewOutcome.DECOMMISSION.label),
    ]


def test_recommissioning_starts_the_next_cycle_at_stage_one_with_the_evidence(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    kpi = kpi_on(contract, officer)
    kpi_return, _created = delivery.kpi_return_submit(
        actor=Actor(person=representative), kpi=kpi, period_start=APRIL, value=Decimal(120), evidence=evidence_file()
    )
    delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=kpi_return)
    programme = contract.programme
    with pytest.raises(ValidationError, match="stage 6"):
        delivery.review_decide(
            actor=Actor(person=officer), programme=programme, outcome=ReviewOutcome.IMPROVE, reasons="Slow start."
        )
    _advance(officer, programme, Stage.REVIEW)
    with pytest.raises(ValidationError) as unnamed:
        delivery.review_decide(
            actor=Actor(person=officer), programme=programme, outcome=ReviewOutcome.RECOMMISSION, reasons="Off target."
        )
    assert "next_title" in unnamed.value.message_dict
    review = delivery.review_decide(
        actor=Actor(person=officer),
        programme=programme,
        outcome=ReviewOutcome.RECOMMISSION,
        reasons="Attendance stayed red.",
        next_slug="youth-2030",
        next_title="Youth services 2030 to 2033",
    )
    following = review.next_cycle
    assert following is not None and following.stage == Stage.NEEDS and following.cycle == 2
    assert following.previous_cycle == programme
    evidence = CarriedOverEvidence.objects.get(programme=following)
    [carried] = evidence.summary["contracts"]
    assert carried["kpis"][0]["latest_rag"] == "red" and carried["kpis"][0]["latest_value"] == "120.00"
    assert evidence.summary["review"]["outcome"] == "recommission"
    with pytest.raises(ValidationError, match="already ended this cycle"):
        delivery.review_decide(
            actor=Actor(person=officer), programme=programme, outcome=ReviewOutcome.DECOMMISSION, reasons="And stop."
        )
    _advance(officer, programme, Stage.CLOSED)  # the cycle that was recommissioned may now close


def test_the_kpi_series_shows_every_period_with_grey_where_nothing_is_verified(officer: Person) -> None:
    supplier, representative = supplier_with_representative()
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer, frequency=KPIFrequency.QUARTERLY)
    for start, value in ((APRIL, 210), (date(2026, 7, 1), 140)):
        kpi_return, _created = delivery.kpi_return_submit(
            actor=Actor(person=representative),
            kpi=kpi,
            period_start=start,
            value=Decimal(value),
            evidence=evidence_file(),
        )
        delivery.kpi_return_verify(actor=Actor(person=officer), kpi_return=kpi_return)
    series = selectors.kpi_series(kpi=kpi, today=date(2027, 1, 15))
    assert [(p.period_start, p.rag) for p in series.points] == [
        (APRIL, RAG.GREEN),
        (date(2026, 7, 1), RAG.RED),
        (date(2026, 10, 1), RAG.GREY),
        (date(2027, 1, 1), RAG.GREY),
    ]
    assert series.latest is not None and series.latest.value == Decimal("140.00") and series.latest_rag == RAG.RED


def test_a_residents_feedback_is_in_their_export_and_erasure_removes_the_comment_not_the_rating(
    officer: Person,
) -> None:
    supplier, _representative = supplier_with_representative()
    contract = contract_in_delivery(officer, supplier)
    resident = amara()
    feedback = delivery.feedback_give(actor=Actor(person=resident), contract=contract, rating=2, comment="Too far.")
    exported = COMMISSIONING_PERSONAL_DATA.export(resident)["service_feedback"]
    assert exported == [
        {
            "service": "Youth clubs in Brixton",
            "rating": 2,
            "comment": "Too far.",
            "status": "pending",
            "given_at": feedback.created_at.isoformat(),
            "entered_by_an_officer": False,
        }
    ]
    COMMISSIONING_PERSONAL_DATA.erase(resident)
    feedback.refresh_from_db()
    assert feedback.comment == "" and selectors.feedback_summary(contract=contract).total == 1
