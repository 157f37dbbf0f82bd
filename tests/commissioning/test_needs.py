"""Stages 1 to 3: evidence, needs and outcomes; the dot vote, the budget split and the decisions; the options."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning import selectors, services
from coopcouncil.commissioning.models import (
    Asset,
    AssetKind,
    DecisionMaker,
    DeliveryRoute,
    DotSet,
    EiaOutcome,
    EvidenceItem,
    Impact,
    MarketEventKind,
    Outcome,
    ProtectedCharacteristic,
    SeatType,
    Stage,
)
from coopcouncil.commissioning.services import needs
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import Decision, DecisionMethod
from coopcouncil.core.permissions import can_download_private_file
from tests.accounts.factories import PersonFactory
from tests.accounts.personas import amara, ben
from tests.commissioning.factories import programme_at
from tests.commissioning.needs_factories import (
    all_neutral,
    evidence_add,
    outcome_add,
    panel_of,
    programme_with_needs,
    programme_with_priorities_decided,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Person:
    return ben()


def _outcomes(programme: object) -> list[Outcome]:
    return list(Outcome.objects.filter(programme=programme).order_by("pk"))


def test_the_panel_brings_evidence_and_needs_and_officers_keep_assets_and_outcomes(officer: Person) -> None:
    programme = programme_at(officer)
    member = panel_of(officer, programme, young=1, residents=0)[0].person
    item = evidence_add(member, programme, title="What we heard at the youth club", is_public=False)
    need = needs.need_statement_add(
        actor=Actor(person=member), programme=programme, statement="Somewhere safe to meet", evidence=[item]
    )
    assert list(need.evidence.all()) == [item] and item.added_by == member
    with pytest.raises(PermissionDenied, match="keep the asset map"):
        needs.asset_add(actor=Actor(person=member), programme=programme, name="Brixton Rec", kind=AssetKind.VENUE)
    with pytest.raises(PermissionDenied, match="draft the outcomes"):
        outcome_add(member, programme, "Young people feel safe")
    with pytest.raises(PermissionDenied, match="add evidence"):
        evidence_add(amara(), programme)
    asset = needs.asset_add(
        actor=Actor(person=officer),
        programme=programme,
        name="Brixton Rec",
        kind=AssetKind.VENUE,
        run_by="Lambeth Council",
        place="Brixton",
    )
    assert asset.kind == AssetKind.VENUE
    # Private evidence is for the panel; the public list shows only what is public.
    assert list(selectors.evidence_for(programme=programme, public_only=True)) == []
    assert list(selectors.evidence_for(programme=programme, public_only=False)) == [item]


def test_needs_and_outcomes_say_clearly_what_is_missing(officer: Person) -> None:
    programme = programme_at(officer)
    other = programme_at(officer)
    theirs = evidence_add(officer, other)
    actor = Actor(person=officer)
    with pytest.raises(ValidationError) as error:
        needs.need_statement_add(actor=actor, programme=programme, statement="A need", evidence=[])
    assert error.value.message_dict == {"evidence": ["Choose the evidence that shows this need."]}
    with pytest.raises(ValidationError, match="gathered for this programme"):
        needs.need_statement_add(actor=actor, programme=programme, statement="A need", evidence=[theirs])
    with pytest.raises(ValidationError) as error:
        evidence_add(officer, programme, gathered_on=timezone.localdate() + timedelta(days=1))
    assert "today or in the past" in error.value.message_dict["gathered_on"][0]
    outcome_add(officer, programme, "Young people feel safe")
    with pytest.raises(ValidationError, match="already has an outcome"):
        outcome_add(officer, programme, "young people feel safe")
    outcome = needs.outcome_add(actor=actor, programme=programme, title="Help into work")
    with pytest.raises(ValidationError) as error:
        needs.indicator_add(actor=actor, outcome=outcome, measure="Young people in work", baseline="", method=" ")
    assert set(error.value.message_dict) == {"baseline", "method"}


def test_priorities_need_a_need_and_an_outcome_with_an_indicator(officer: Person) -> None:
    programme = programme_at(officer)
    actor = Actor(person=officer)
    assert services.stage_problems(programme, Stage.PRIORITIES) == [
        "State at least one need, with the evidence behind it.",
        "Draft at least one outcome with an indicator.",
    ]
    needs.outcome_add(actor=actor, programme=programme, title="No indicator yet")
    item = evidence_add(officer, programme)
    needs.need_statement_add(actor=actor, programme=programme, statement="Nowhere to go", evidence=[item])
    with pytest.raises(ValidationError, match="outcome with an indicator"):
        services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    outcome_add(officer, programme, "Young people feel safe")
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES, reason="Mapped")
    assert programme.stage == Stage.PRIORITIES
    with pytest.raises(ValidationError, match="before the panel prioritises"):
        outcome_add(officer, programme, "Too late")


def test_members_spread_their_dots_change_them_until_it_closes_and_results_rank_by_seat(officer: Person) -> None:
    programme = programme_with_needs(officer)
    young_a, young_b, resident = panel_of(officer, programme)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    safe, places, work = _outcomes(programme)
    with pytest.raises(ValidationError, match="not open"):
        needs.dots_place(actor=Actor(person=resident.person), programme=programme, dots={safe.pk: 1})
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    with pytest.raises(PermissionDenied, match="Only members of the panel"):
        needs.dots_place(actor=actor, programme=programme, dots={safe.pk: 1})
    with pytest.raises(ValidationError, match=re.escape("You have 5 dots but placed 7. Take 2 off.")):
        needs.dots_place(actor=Actor(person=young_a.person), programme=programme, dots={safe.pk: 4, work.pk: 3})
    needs.dots_place(actor=Actor(person=young_a.person), programme=programme, dots={safe.pk: 5})
    # Changing their mind replaces the whole set.
    needs.dots_place(actor=Actor(person=young_a.person), programme=programme, dots={places.pk: 3, work.pk: 2})
    needs.dots_place(actor=Actor(person=young_b.person), programme=programme, dots={places.pk: 2, work.pk: 3})
    needs.dots_place(actor=Actor(person=resident.person), programme=programme, dots={safe.pk: 5})
    assert DotSet.objects.filter(vote__programme=programme).count() == 3
    needs.dot_vote_close(actor=actor, programme=programme)
    with pytest.raises(ValidationError, match="not open"):
        needs.dots_place(actor=Actor(person=resident.person), programme=programme, dots={work.pk: 5})

    result = selectors.priorities_result(programme=programme)
    assert [(row.rank, row.outcome.title, row.dots) for row in result.rows] == [
        (1, "Help into work", 5),
        (1, "More places to go after school", 5),
        (1, "Young people feel safe", 5),
    ]
    by_title = {row.outcome.title: row.by_seat for row in result.rows}
    assert by_title["Young people feel safe"] == {SeatType.RESIDENT: 5}
    assert by_title["Help into work"] == {SeatType.YOUNG_COMMISSIONER: 5}
    assert result.members_voted == 3 and result.dots_cast == 15


def test_the_budget_split_cannot_exceed_the_envelope(officer: Person) -> None:
    programme = programme_with_needs(officer)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    safe, places, _work = _outcomes(programme)
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "The split comes to £3,000,000.50, which is £0.50 more than the budget envelope of £3,000,000."
        ),
    ):
        needs.budget_split_set(actor=actor, programme=programme, amounts={safe.pk: 200_000_000, places.pk: 100_000_050})
    needs.budget_split_set(actor=actor, programme=programme, amounts={safe.pk: 200_000_000, places.pk: 50_000_000})
    needs.budget_split_set(actor=actor, programme=programme, amounts={places.pk: 300_000_000})
    result = selectors.priorities_result(programme=programme)
    assert result.budget_allocated_pence == 300_000_000
    assert {row.outcome.title: row.budget_pence for row in result.rows}["Young people feel safe"] == 0


def test_the_equality_assessment_covers_the_nine_and_mitigates_negative_impacts(officer: Person) -> None:
    programme = programme_with_needs(officer)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    impacts = all_neutral()
    del impacts[ProtectedCharacteristic.RELIGION]
    impacts[ProtectedCharacteristic.DISABILITY] = (Impact.NEGATIVE, "")
    with pytest.raises(ValidationError) as error:
        needs.equality_assessment_record(
            actor=actor,
            programme=programme,
            evidence_used="Census 2021 by ward",
            outcome=EiaOutcome.ADJUST,
            completed_on=timezone.localdate(),
            impacts=impacts,  # type: ignore[arg-type]
        )
    assert error.value.message_dict == {
        "impact_religion": ["Say what the impact is on religion or belief."],
        "mitigation_disability": ["Say how the negative impact on disability will be reduced."],
    }
    impacts[ProtectedCharacteristic.RELIGION] = (Impact.NEUTRAL, "")
    impacts[ProtectedCharacteristic.DISABILITY] = (Impact.NEGATIVE, "Step-free venues only")
    impacts[ProtectedCharacteristic.CARE_LEAVERS] = (Impact.POSITIVE, "")
    upload = SimpleUploadedFile("eia.pdf", b"%PDF-1.4 assessment", content_type="application/pdf")
    assessment = needs.equality_assessment_record(
        actor=actor,
        programme=programme,
        evidence_used="Census 2021 by ward",
        outcome=EiaOutcome.ADJUST,
        completed_on=timezone.localdate(),
        impacts=impacts,  # type: ignore[arg-type]
        upload=upload,
    )
    assert assessment.completed_by == officer and assessment.impacts.count() == 10
    assert assessment.file is not None
    member = panel_of(officer, programme, young=1, residents=0)[0].person
    assert can_download_private_file(member, assessment.file)
    assert not can_download_private_file(amara(), assessment.file)


def test_the_decision_needs_the_recommendation_and_the_assessment_and_is_published(officer: Person) -> None:
    programme = programme_with_needs(officer)
    members = panel_of(officer, programme)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    safe, places, _work = _outcomes(programme)
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=5)
    for member in members:
        needs.dots_place(actor=Actor(person=member.person), programme=programme, dots={safe.pk: 4, places.pk: 1})
    with pytest.raises(ValidationError, match="Close the dot vote"):
        needs.priorities_recommend(actor=actor, programme=programme, reasons="Most dots")
    needs.dot_vote_close(actor=actor, programme=programme)
    with pytest.raises(ValidationError, match="Split the budget"):
        needs.priorities_recommend(actor=actor, programme=programme, reasons="Most dots")
    needs.budget_split_set(actor=actor, programme=programme, amounts={safe.pk: 250_000_000, places.pk: 50_000_000})
    recommendation = needs.priorities_recommend(actor=actor, programme=programme, reasons="Most dots from the panel")
    assert recommendation.method == DecisionMethod.VOTE
    assert recommendation.counts == {
        "Young people feel safe": 12,
        "More places to go after school": 3,
        "Help into work": 0,
        "members_voted": 3,
    }
    assert "1. Young people feel safe: 12 dots, £2,500,000" in recommendation.outcome
    decide = {
        "actor": actor,
        "programme": programme,
        "decision_maker": DecisionMaker.DELEGATED_OFFICER,
        "decided_at": timezone.now(),
    }
    with pytest.raises(ValidationError, match="equality impact assessment before"):
        needs.priorities_decide(**decide, decided_by="Jo Bloggs, Director", rationale="Follows the panel")  # type: ignore[arg-type]
    assert services.stage_problems(programme, Stage.OPTIONS) == [
        "Attach the equality impact assessment.",
        "Record the decision-maker's decision on the priorities and the budget split.",
    ]
    needs.equality_assessment_record(
        actor=actor,
        programme=programme,
        evidence_used="Youth survey",
        outcome=EiaOutcome.NO_MAJOR_CHANGE,
        completed_on=timezone.localdate(),
        impacts=all_neutral(),  # type: ignore[arg-type]
    )
    with pytest.raises(ValidationError) as error:
        needs.priorities_decide(**decide, decided_by=" ", rationale="")  # type: ignore[arg-type]
    assert set(error.value.message_dict) == {"decided_by", "rationale"}
    decision = needs.priorities_decide(
        **decide, decided_by="Jo Bloggs, Director of Children's Services", rationale="Follows the panel"
    )  # type: ignore[arg-type]
    assert decision.method == DecisionMethod.OFFICER and decision.reasons == "Follows the panel"
    assert decision.decided_by == "Jo Bloggs, Director of Children's Services"
    assert any("Equality impact assessment" in line for line in decision.evidence)
    titles = [d.title for d in selectors.decisions_about(programme=programme).order_by("decided_at")]
    assert titles == ["The panel's recommended priorities", "Priorities and budget split decided"]
    with pytest.raises(ValidationError, match="no longer change"):
        needs.budget_split_set(actor=actor, programme=programme, amounts={safe.pk: 1})
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.OPTIONS, reason="Decided")


def test_options_are_appraised_and_a_viable_route_chosen_as_a_decision(officer: Person) -> None:
    programme = programme_with_priorities_decided(officer)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.OPTIONS)
    needs.market_engagement_add(
        actor=actor,
        programme=programme,
        held_on=date(2026, 9, 1),
        kind=MarketEventKind.MARKET_WARMING,
        organisations="Brixton Youth Trust; Lambeth Play Association",
        notes="Providers want longer grants.",
    )
    assert services.stage_problems(programme, Stage.ACQUISITION) == [
        "Choose the delivery route after the options appraisal."
    ]
    needs.option_appraise(
        actor=actor,
        programme=programme,
        route=DeliveryRoute.IN_HOUSE,
        benefits="Direct control",
        risks="Costs more",
        cost_estimate_pence=350_000_000,
        is_viable=False,
    )
    needs.option_appraise(
        actor=actor,
        programme=programme,
        route=DeliveryRoute.GRANT,
        benefits="Local groups lead",
        risks="Capacity of small groups",
        cost_estimate_pence=290_000_000,
        is_viable=True,
    )
    choose = {"actor": actor, "programme": programme, "decision_maker": DecisionMaker.CABINET, "decided_by": ""}
    with pytest.raises(ValidationError, match="not viable"):
        needs.route_choose(**choose, route=DeliveryRoute.IN_HOUSE, reasons="Control")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Appraise this route"):
        needs.route_choose(**choose, route=DeliveryRoute.CONTRACT, reasons="Cheaper")  # type: ignore[arg-type]
    choice = needs.route_choose(**choose, route=DeliveryRoute.GRANT, reasons="Groups already run the work")  # type: ignore[arg-type]
    decision = Decision.objects.get(pk=choice.decision_id)
    assert decision.title == "Delivery route chosen: Grant" and decision.method == DecisionMethod.BODY
    assert decision.counts == {"routes_appraised": 2, "routes_viable": 1} and decision.decided_by == "Cabinet"
    assert decision in selectors.decisions_about(programme=programme)
    with pytest.raises(ValidationError, match="appraisal is closed"):
        needs.option_appraise(
            actor=actor,
            programme=programme,
            route=DeliveryRoute.CONTRACT,
            benefits="-",
            risks="-",
            cost_estimate_pence=1,
            is_viable=True,
        )
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.ACQUISITION, reason="Grant")


def test_the_next_cycle_starts_with_the_evidence_and_the_assets_carried_over(officer: Person) -> None:
    programme = programme_at(officer)
    upload = SimpleUploadedFile("notes.txt", b"What we heard", content_type="text/plain")
    item = evidence_add(officer, programme, title="Session notes", is_public=False, upload=upload)
    asset = needs.asset_add(actor=Actor(person=officer), programme=programme, name="Brixton Rec", kind=AssetKind.VENUE)
    programme.stage = Stage.REVIEW  # as if it had gone round the cycle
    programme.save(update_fields=["stage"])
    following = services.programme_next_cycle_start(
        actor=Actor(person=officer), programme=programme, slug="next-cycle", title="Next cycle"
    )
    carried = EvidenceItem.objects.get(programme=following)
    assert carried.carried_over_from == item and carried.title == "Session notes" and not carried.is_public
    assert carried.file_id == item.file_id and item.file is not None
    new_member = panel_of(officer, following, young=0, residents=1)[0].person
    assert can_download_private_file(new_member, item.file)  # the next cycle's panel opens the file too
    carried_asset = Asset.objects.get(programme=following)
    assert carried_asset.carried_over_from == asset and carried_asset.name == "Brixton Rec"
    assert EvidenceItem.objects.filter(programme=programme).count() == 1  # the previous cycle keeps its own


def test_evidence_files_are_private_to_the_panel_and_officers(officer: Person) -> None:
    programme = programme_at(officer)
    upload = SimpleUploadedFile("survey.csv", b"ward,count\nBrixton,12\n", content_type="text/csv")
    item = evidence_add(officer, programme, upload=upload)
    assert item.file is not None and item.file.original_name == "survey.csv"
    member = panel_of(officer, programme, young=0, residents=1)[0].person
    assert can_download_private_file(member, item.file)
    assert not can_download_private_file(PersonFactory(), item.file)


def test_a_members_evidence_needs_and_dots_are_exported_and_their_name_erased_from_them(officer: Person) -> None:
    from coopcouncil.commissioning.personal_data import commissioning_erase, commissioning_export

    programme = programme_with_needs(officer)
    member = panel_of(officer, programme, young=0, residents=1)[0].person
    item = evidence_add(member, programme, title="Notes from the tenants' meeting")
    needs.need_statement_add(
        actor=Actor(person=member), programme=programme, statement="Lifts out of order", evidence=[item]
    )
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.PRIORITIES)
    needs.dot_vote_open(actor=actor, programme=programme, dots_per_member=3)
    safe = _outcomes(programme)[0]
    needs.dots_place(actor=Actor(person=member), programme=programme, dots={safe.pk: 3})
    exported = commissioning_export(member)
    assert [e["title"] for e in exported["evidence_added"]] == ["Notes from the tenants' meeting"]
    assert [n["statement"] for n in exported["needs_stated"]] == ["Lifts out of order"]
    assert exported["dots_placed"][0]["dots"] == {"Young people feel safe": 3}
    commissioning_erase(member)
    item.refresh_from_db()
    assert item.added_by is None and item.title == "Notes from the tenants' meeting"
    assert selectors.priorities_result(programme=programme).dots_cast == 3  # the public result stands


def test_the_split_the_panel_recommended_is_the_split_decided() -> None:
    from tests.accounts.personas import ben
    from tests.commissioning.needs_factories import programme_with_priorities_decided

    officer = ben()
    programme = programme_with_priorities_decided(officer)
    outcome = Outcome.objects.filter(programme=programme).first()
    assert outcome is not None
    with pytest.raises(ValidationError):
        needs.budget_split_set(actor=Actor(person=officer), programme=programme, amounts={outcome.pk: 1})


def test_in_house_delivery_needs_no_call_to_reach_delivery() -> None:
    from coopcouncil.commissioning.models import DecisionMaker, DeliveryRoute, Stage
    from tests.accounts.personas import ben
    from tests.commissioning.needs_factories import programme_with_priorities_decided

    officer = ben()
    programme = programme_with_priorities_decided(officer)
    actor = Actor(person=officer)
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.OPTIONS, reason="Decided")
    needs.option_appraise(
        actor=actor,
        programme=programme,
        route=DeliveryRoute.IN_HOUSE,
        benefits="Staff already run the libraries.",
        risks="Less room for new ideas.",
        cost_estimate_pence=100_000_000,
        is_viable=True,
    )
    needs.route_choose(
        actor=actor,
        programme=programme,
        route=DeliveryRoute.IN_HOUSE,
        decision_maker=DecisionMaker.CABINET,
        decided_by="",
        reasons="The library staff co-produce the service with residents.",
    )
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.ACQUISITION, reason="Route chosen")
    assert services.stage_problems(programme, Stage.DELIVERY) == []
