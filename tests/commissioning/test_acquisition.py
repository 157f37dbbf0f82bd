"""Stage 4: the specification, calls, bids, evaluation, moderation and the award, rule by rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopcouncil.accounts.models import Organisation, Person, Role
from coopcouncil.commissioning import selectors, services
from coopcouncil.commissioning.models import Programme, SeatType, Stage
from coopcouncil.commissioning.models.acquisition import (
    Award,
    Bid,
    Call,
    CallKind,
    CallStatus,
    Criterion,
    CriterionKind,
    Evaluation,
)
from coopcouncil.commissioning.permissions import (
    acts_for_organisation,
    can_evaluate_bid,
    can_see_bid,
    can_see_bid_price,
    can_see_evaluations_of_others,
)
from coopcouncil.commissioning.services import acquisition
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry, Decision, DecisionMethod, PrivateFile
from coopcouncil.core.permissions import can_download_private_file
from coopcouncil.meetings.models import MeetingDecision
from coopcouncil.notifications.models import Notification
from tests.accounts.factories import PersonFactory, person_with_login, role_give
from tests.accounts.personas import ben
from tests.commissioning.factories import programme_at

pytestmark = pytest.mark.django_db

# Residents' agreed scores count twice an officer's: the programme's rule, not the number of people.
PANEL = [
    services.SeatPlan(SeatType.RESIDENT, seats=2, quorum=2, score_weight=2),
    services.SeatPlan(SeatType.OFFICER, seats=2, quorum=1, score_weight=1),
]


@dataclass
class Panel:
    officer: Person
    programme: Programme
    residents: list[Person]
    panel_officer: Person


def acquiring_programme(officer: Person) -> Panel:
    """A programme at acquisition with two residents and an officer on its panel, and an agreed specification."""
    programme = programme_at(officer, Stage.ACQUISITION, seats=PANEL)
    actor = Actor(person=officer)
    residents = [person_with_login(), person_with_login()]
    for resident in residents:
        services.panel_member_appoint(actor=actor, programme=programme, person=resident, seat_type=SeatType.RESIDENT)
    panel_officer = person_with_login()
    services.panel_member_appoint(actor=actor, programme=programme, person=panel_officer, seat_type=SeatType.OFFICER)
    version = acquisition.specification_draft(
        actor=actor, programme=programme, title="Youth services", body="Open-access youth clubs in every ward."
    )
    acquisition.specification_agree(
        actor=actor, version=version, decided_by="Youth services panel", reasons="Agreed at the panel meeting."
    )
    return Panel(officer, programme, residents, panel_officer)


def call_with_criteria(panel: Panel, slug: str = "youth-clubs", lot: str = "") -> Call:
    actor = Actor(person=panel.officer)
    call = acquisition.call_create(
        actor=actor,
        programme=panel.programme,
        slug=slug,
        title=f"Youth clubs {slug}",
        kind=CallKind.TENDER,
        lot=lot,
        value_limit_pence=15_000_000,
        closes_at=timezone.now() + timedelta(days=30),
    )
    both = [SeatType.RESIDENT, SeatType.OFFICER]
    acquisition.criterion_add(
        actor=actor, call=call, kind=CriterionKind.QUALITY, title="Quality", weight=50, seat_types=both
    )
    acquisition.criterion_add(
        actor=actor,
        call=call,
        kind=CriterionKind.SOCIAL_VALUE,
        title="Local jobs and skills",
        weight=20,
        seat_types=[SeatType.RESIDENT],
    )
    acquisition.criterion_add(actor=actor, call=call, kind=CriterionKind.PRICE, title="Price", weight=30)
    return call


def provider(name: str, org_id: str) -> tuple[Person, Organisation]:
    person = person_with_login()
    organisation = acquisition.provider_organisation_register(
        actor=Actor(person=person), name=name, org_id=org_id, role_title="Chief executive"
    )
    return person, organisation


def submitted_bid(person: Person, organisation: Organisation, call: Call, price_pence: int) -> Bid:
    actor = Actor(person=person)
    bid = acquisition.bid_start(actor=actor, call=call, organisation=organisation)
    answers = {c.pk: f"Our answer to {c.title}." for c in call.criteria.all() if not c.is_price}
    acquisition.bid_save(actor=actor, bid=bid, answers=answers, price_pence=price_pence)
    return acquisition.bid_submit(actor=actor, bid=bid)


def criteria(call: Call) -> dict[str, Criterion]:
    return {c.title: c for c in call.criteria.all()}


@dataclass
class Evaluating:
    panel: Panel
    call: Call
    bid_a: Bid
    bid_b: Bid
    bidder_a: Person
    bidder_b: Person


def evaluating(officer: Person) -> Evaluating:
    """Two compliant bids for an opened call, and every evaluator declared with no interests."""
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    bidder_a, org_a = provider("Brixton Youth Trust", "GB-CHC-1234567")
    bidder_b, org_b = provider("Streatham Youth CIC", "GB-COH-01234567")
    bid_a = submitted_bid(bidder_a, org_a, call, 10_000_000)
    bid_b = submitted_bid(bidder_b, org_b, call, 8_000_000)
    acquisition.call_close(actor=Actor(person=officer), call=call)
    for bid in (bid_a, bid_b):
        acquisition.bid_compliance_set(actor=Actor(person=officer), bid=bid, compliant=True)
    for evaluator in [*panel.residents, panel.panel_officer]:
        acquisition.interests_declare(actor=Actor(person=evaluator), call=call, interests={})
    return Evaluating(panel, call, fresh(bid_a), fresh(bid_b), bidder_a, bidder_b)


def fresh(bid: Bid) -> Bid:
    """The bid as a new request reads it, with its call's current state."""
    return Bid.objects.select_related("call__programme", "organisation").get(pk=bid.pk)


def score_all(setup: Evaluating, bid: Bid, resident: dict[str, int], officer: dict[str, int]) -> None:
    """Both residents and the panel officer score; each seat type agrees those scores."""
    by_title = criteria(setup.call)
    for person in setup.panel.residents:
        acquisition.evaluation_submit(
            actor=Actor(person=person),
            bid=bid,
            scores={by_title[t].pk: (s, "Reasons given.") for t, s in resident.items()},
        )
    acquisition.evaluation_submit(
        actor=Actor(person=setup.panel.panel_officer),
        bid=bid,
        scores={by_title[t].pk: (s, "Reasons given.") for t, s in officer.items()},
    )
    chair = Actor(person=setup.panel.officer)
    acquisition.moderation_finish(
        actor=chair, bid=bid, seat_type=SeatType.RESIDENT, agreed={by_title[t].pk: (s, "") for t, s in resident.items()}
    )
    acquisition.moderation_finish(
        actor=chair, bid=bid, seat_type=SeatType.OFFICER, agreed={by_title[t].pk: (s, "") for t, s in officer.items()}
    )


@pytest.fixture
def officer() -> Person:
    return ben()


# The specification ---------------------------------------------------------------------------


def test_the_specification_is_drafted_in_versions_commented_on_and_one_agreed(officer: Person) -> None:
    programme = programme_at(officer, Stage.ACQUISITION, seats=PANEL)
    actor = Actor(person=officer)
    resident = person_with_login()
    services.panel_member_appoint(actor=actor, programme=programme, person=resident, seat_type=SeatType.RESIDENT)
    first = acquisition.specification_draft(actor=actor, programme=programme, title="Youth", body="Draft one.")
    acquisition.specification_comment(actor=Actor(person=resident), version=first, body="Add detached youth work.")
    with pytest.raises(PermissionDenied):
        acquisition.specification_comment(actor=Actor(person=person_with_login()), version=first, body="Hello")
    second = acquisition.specification_draft(
        actor=actor, programme=programme, title="Youth", body="Draft two.", change_note="Detached work added."
    )
    assert (first.number, second.number) == (1, 2)
    assert selectors.specification_agreed(programme=programme) is None
    acquisition.specification_agree(actor=actor, version=second, decided_by="Youth panel", reasons="Consensus.")
    assert selectors.specification_agreed(programme=programme) == second
    with pytest.raises(ValidationError):
        acquisition.specification_comment(actor=Actor(person=resident), version=second, body="Too late.")
    timeline = [entry.title for entry in selectors.programme_timeline(programme=programme)]
    assert any("Service specification agreed" in title for title in timeline)


# The call --------------------------------------------------------------------------------------


def test_a_call_opens_only_with_weights_adding_to_100_social_value_and_an_agreed_specification(
    officer: Person,
) -> None:
    programme = programme_at(officer, Stage.ACQUISITION, seats=PANEL)
    actor = Actor(person=officer)
    call = acquisition.call_create(
        actor=actor,
        programme=programme,
        slug="first",
        title="First call",
        kind=CallKind.GRANT,
        value_limit_pence=1_000_000,
        closes_at=timezone.now() + timedelta(days=10),
    )
    acquisition.criterion_add(
        actor=actor, call=call, kind=CriterionKind.QUALITY, title="Q", weight=60, seat_types=[SeatType.RESIDENT]
    )
    problems = acquisition.call_problems(call)
    assert len(problems) == 3  # weights, social value, specification
    with pytest.raises(ValidationError):
        acquisition.call_open(actor=actor, call=call)
    with pytest.raises(ValidationError):
        acquisition.criterion_add(
            actor=actor, call=call, kind=CriterionKind.PRICE, title="P", weight=10, seat_types=["resident"]
        )
    with pytest.raises(ValidationError):
        acquisition.criterion_add(
            actor=actor, call=call, kind=CriterionKind.SOCIAL_VALUE, title="S", weight=10, seat_types=["councillor"]
        )
    assert Call.objects.get(pk=call.pk).status == CallStatus.DRAFT


def test_criteria_weights_cannot_change_once_the_bids_are_opened(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    actor = Actor(person=officer)
    quality = criteria(call)["Quality"]
    acquisition.call_open(actor=actor, call=call)
    with pytest.raises(ValidationError):
        acquisition.criterion_add(actor=actor, call=call, kind=CriterionKind.QUALITY, title="New", weight=5)
    acquisition.call_close(actor=actor, call=call)
    with pytest.raises(ValidationError, match="Weights cannot change"):
        acquisition.criterion_update(actor=actor, criterion=quality, weight=40, seat_types=[SeatType.RESIDENT])
    assert Criterion.objects.get(pk=quality.pk).weight == 50
    with pytest.raises(ValidationError):
        services.seat_rule_set(
            actor=actor, programme=panel.programme, seat_type=SeatType.RESIDENT, seats=2, quorum=2, score_weight=1
        )


def test_only_officers_running_the_programme_set_up_calls(officer: Person) -> None:
    panel = acquiring_programme(officer)
    with pytest.raises(PermissionDenied):
        acquisition.call_create(
            actor=Actor(person=panel.residents[0]),
            programme=panel.programme,
            slug="mine",
            title="Mine",
            kind=CallKind.TENDER,
            value_limit_pence=100,
            closes_at=timezone.now() + timedelta(days=1),
        )


# Providers and bids ----------------------------------------------------------------------------


def test_providers_register_their_organisation_by_charity_or_company_number() -> None:
    person, organisation = provider("Brixton Youth Trust", "gb-chc-1234567")
    assert organisation.org_id == "GB-CHC-1234567" and organisation.kind == "provider"
    assert acts_for_organisation(person, organisation)
    assert not acts_for_organisation(person_with_login(), organisation)
    with pytest.raises(ValidationError):
        provider("Copycat", "GB-CHC-1234567")
    with pytest.raises(ValidationError):
        provider("Short number Ltd", "GB-COH-1234")
    with pytest.raises(ValidationError):
        provider("Council", "GB-LAE-LBH")


def test_providers_see_only_their_own_bids_and_submit_complete_ones(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    alice, trust = provider("Brixton Youth Trust", "GB-CHC-1234567")
    bola, cic = provider("Streatham Youth CIC", "GB-COH-01234567")
    with pytest.raises(PermissionDenied):
        acquisition.bid_start(actor=Actor(person=bola), call=call, organisation=trust)
    bid = acquisition.bid_start(actor=Actor(person=alice), call=call, organisation=trust)
    with pytest.raises(ValidationError):
        acquisition.bid_submit(actor=Actor(person=alice), bid=bid)  # nothing answered, no price
    other = submitted_bid(bola, cic, call, 9_000_000)
    assert list(selectors.bids_of(person=alice)) == [bid]
    assert can_see_bid(alice, bid) and not can_see_bid(alice, other)
    assert not can_see_bid(officer, bid)  # a draft is the bidder's alone
    assert can_see_bid(officer, other) and can_see_bid_price(officer, other)
    with pytest.raises(ValidationError, match="more than the most"):
        acquisition.bid_save(
            actor=Actor(person=alice),
            bid=bid,
            answers={c.pk: "Answer." for c in call.criteria.all() if not c.is_price},
            price_pence=20_000_000,
        )
        acquisition.bid_submit(actor=Actor(person=alice), bid=bid)


def test_bid_attachments_are_private_files_only_the_bidder_and_officers_download(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    alice, trust = provider("Brixton Youth Trust", "GB-CHC-1234567")
    bid = acquisition.bid_start(actor=Actor(person=alice), call=call, organisation=trust)
    colleague = person_with_login()
    role_give(colleague, Role.PROVIDER_REPRESENTATIVE, on=trust)
    attachment = acquisition.bid_attachment_add(
        actor=Actor(person=alice),
        bid=bid,
        upload=SimpleUploadedFile("accounts.pdf", b"%PDF-1.4 accounts", content_type="application/pdf"),
        label="Audited accounts",
    )
    assert attachment.file.attached_to == bid
    assert can_download_private_file(colleague, attachment.file)
    assert not can_download_private_file(person_with_login(), attachment.file)
    assert not can_download_private_file(panel.residents[0], attachment.file)
    answers = {c.pk: "Answer." for c in call.criteria.all() if not c.is_price}
    acquisition.bid_save(actor=Actor(person=alice), bid=bid, answers=answers, price_pence=1_000_000)
    acquisition.bid_submit(actor=Actor(person=alice), bid=bid)
    assert can_download_private_file(officer, PrivateFile.objects.get(pk=attachment.file_id))


def test_no_bids_once_the_call_has_closed(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    acquisition.call_close(actor=Actor(person=officer), call=call)
    alice, trust = provider("Brixton Youth Trust", "GB-CHC-1234567")
    with pytest.raises(ValidationError, match="not open"):
        acquisition.bid_start(actor=Actor(person=alice), call=call, organisation=trust)


# Evaluation ----------------------------------------------------------------------------------


def test_evaluators_see_bids_only_after_declaring_and_never_one_they_are_conflicted_on(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    a = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), call, 10_000_000)
    b = submitted_bid(*provider("Streatham Youth CIC", "GB-COH-01234567"), call, 8_000_000)
    acquisition.call_close(actor=Actor(person=officer), call=call)
    for bid in (a, b):
        acquisition.bid_compliance_set(actor=Actor(person=officer), bid=bid, compliant=True)
    a, b = fresh(a), fresh(b)
    resident = panel.residents[0]
    assert selectors.bids_to_evaluate(person=resident, call=call) == []
    assert not can_see_bid(resident, a)
    with pytest.raises(PermissionDenied):
        acquisition.evaluation_submit(actor=Actor(person=resident), bid=a, scores={})
    acquisition.interests_declare(
        actor=Actor(person=resident), call=call, interests={a.pk: "My sister is a trustee of this charity."}
    )
    assert selectors.bids_to_evaluate(person=resident, call=call) == [b]
    assert can_see_bid(resident, b) and not can_see_bid(resident, a)
    with pytest.raises(ValidationError):
        acquisition.interests_declare(actor=Actor(person=resident), call=call, interests={})
    with pytest.raises(PermissionDenied):
        acquisition.interests_declare(actor=Actor(person=person_with_login()), call=call, interests={})


def test_evaluators_score_alone_with_reasons_and_see_others_only_after_submitting(officer: Person) -> None:
    setup = evaluating(officer)
    first, second = setup.panel.residents
    by_title = criteria(setup.call)
    resident_scores = {
        by_title["Quality"].pk: (4, "Strong youth offer."),
        by_title["Local jobs and skills"].pk: (3, ""),
    }
    with pytest.raises(ValidationError, match="reasons"):
        acquisition.evaluation_submit(actor=Actor(person=first), bid=setup.bid_a, scores=resident_scores)
    with pytest.raises(ValidationError):  # the officers' seat does not score social value here; residents must
        acquisition.evaluation_submit(
            actor=Actor(person=first), bid=setup.bid_a, scores={by_title["Quality"].pk: (4, "Good.")}
        )
    with pytest.raises(ValidationError):
        acquisition.evaluation_submit(
            actor=Actor(person=first),
            bid=setup.bid_a,
            scores={by_title["Quality"].pk: (6, "Off the scale."), by_title["Local jobs and skills"].pk: (3, "Ok.")},
        )
    good = {by_title["Quality"].pk: (4, "Strong youth offer."), by_title["Local jobs and skills"].pk: (3, "Ten jobs.")}
    assert not can_see_evaluations_of_others(second, setup.bid_a)
    acquisition.evaluation_submit(actor=Actor(person=first), bid=setup.bid_a, scores=good)
    assert can_see_evaluations_of_others(first, setup.bid_a)
    assert not can_see_evaluations_of_others(second, setup.bid_a)
    assert can_see_evaluations_of_others(officer, setup.bid_a)  # the chair, who has no seat
    with pytest.raises(ValidationError, match="already submitted"):
        acquisition.evaluation_submit(actor=Actor(person=first), bid=setup.bid_a, scores=good)
    assert Evaluation.objects.filter(bid=setup.bid_a, evaluator=first).count() == 1


def test_price_is_seen_by_officers_and_the_bidder_never_by_evaluators(officer: Person) -> None:
    setup = evaluating(officer)
    resident, panel_officer = setup.panel.residents[0], setup.panel.panel_officer
    assert can_evaluate_bid(resident, setup.bid_a)
    assert not can_see_bid_price(resident, setup.bid_a)
    assert not can_see_bid_price(panel_officer, setup.bid_a)  # an officer seat scores quality only
    assert can_see_bid_price(officer, setup.bid_a) and can_see_bid_price(setup.bidder_a, setup.bid_a)


def test_moderation_needs_the_seat_types_quorum_and_reasons_where_it_differs(officer: Person) -> None:
    setup = evaluating(officer)
    by_title = criteria(setup.call)
    quality, social = by_title["Quality"].pk, by_title["Local jobs and skills"].pk
    first, second = setup.panel.residents
    chair = Actor(person=officer)
    acquisition.evaluation_submit(
        actor=Actor(person=first), bid=setup.bid_a, scores={quality: (4, "Good."), social: (3, "Some.")}
    )
    with pytest.raises(ValidationError, match="at least 2"):
        acquisition.moderation_finish(
            actor=chair, bid=setup.bid_a, seat_type=SeatType.RESIDENT, agreed={quality: (4, ""), social: (3, "")}
        )
    acquisition.evaluation_submit(
        actor=Actor(person=second), bid=setup.bid_a, scores={quality: (2, "Thin."), social: (3, "Some.")}
    )
    with pytest.raises(ValidationError, match="reason"):
        acquisition.moderation_finish(
            actor=chair, bid=setup.bid_a, seat_type=SeatType.RESIDENT, agreed={quality: (3, ""), social: (3, "")}
        )
    with pytest.raises(PermissionDenied):
        acquisition.moderation_finish(
            actor=Actor(person=setup.panel.panel_officer),
            bid=setup.bid_a,
            seat_type=SeatType.RESIDENT,
            agreed={quality: (3, "Agreed."), social: (3, "")},
        )
    moderation = acquisition.moderation_finish(
        actor=chair,
        bid=setup.bid_a,
        seat_type=SeatType.RESIDENT,
        agreed={quality: (3, "Agreed between the two accounts."), social: (3, "")},
    )
    assert moderation.evaluations_counted == 2
    with pytest.raises(ValidationError, match="already agreed"):
        acquisition.evaluation_submit(
            actor=Actor(person=setup.panel.residents[1]), bid=setup.bid_a, scores={quality: (1, "x"), social: (1, "x")}
        )


def test_totals_are_computed_exactly_from_moderated_scores_seat_weights_and_the_price_formula(
    officer: Person,
) -> None:
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    score_all(setup, setup.bid_b, resident={"Quality": 3, "Local jobs and skills": 5}, officer={"Quality": 2})
    results = selectors.call_results(call=setup.call)
    assert results.complete and results.lowest_price_pence == 8_000_000
    a, b = results.for_bid(setup.bid_a), results.for_bid(setup.bid_b)
    assert a is not None and b is not None
    # Quality: residents 4 at weight 2 and the officer 3 at weight 1 make 11/3 of 5, of 50 points.
    assert a.criteria[0].combined == Fraction(11, 3) and a.criteria[0].points == Fraction(110, 3)
    assert a.criteria[1].points == 12  # social value: 3 of 5, of 20
    assert a.criteria[2].points == 24  # price: 80,000 / 100,000 of 30
    assert a.total == Fraction(218, 3) and a.total_text == "72.67"
    assert b.total == Fraction(80, 3) + 20 + 30 and b.total_text == "76.67"
    assert [result.bid for result in results.bids] == [setup.bid_b, setup.bid_a]


def test_results_are_incomplete_until_every_seat_type_moderated(officer: Person) -> None:
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    results = selectors.call_results(call=setup.call)
    b = results.for_bid(setup.bid_b)
    assert not results.complete and b is not None and b.total is None
    assert b.missing_seat_types == [SeatType.OFFICER, SeatType.RESIDENT]
    with pytest.raises(ValidationError, match="moderated"):
        acquisition.award_recommend(actor=Actor(person=officer), call=setup.call, bid=setup.bid_a, reasons="Best.")


# The award -------------------------------------------------------------------------------------


def awarded(officer: Person) -> tuple[Evaluating, Award]:
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    score_all(setup, setup.bid_b, resident={"Quality": 3, "Local jobs and skills": 5}, officer={"Quality": 2})
    actor = Actor(person=officer)
    award = acquisition.award_recommend(actor=actor, call=setup.call, bid=setup.bid_b, reasons="Highest total.")
    return setup, award


def test_the_award_is_recommended_decided_summarised_to_every_bidder_and_noticed_with_a_standstill(
    officer: Person,
) -> None:
    setup, award = awarded(officer)
    actor = Actor(person=officer)
    assert selectors.public_award_of(call=setup.call) is None
    with pytest.raises(ValidationError):
        acquisition.assessment_summaries_send(actor=actor, award=award)
    acquisition.award_decide(
        actor=actor, award=award, decided_by="Cabinet Member for Children", method=DecisionMethod.OFFICER, reasons="x"
    )
    assert Call.objects.get(pk=setup.call.pk).status == CallStatus.AWARDED
    assert selectors.public_award_of(call=setup.call) == award
    with pytest.raises(ValidationError, match="assessment summaries"):
        acquisition.award_notice_publish(actor=actor, award=award)
    summaries = acquisition.assessment_summaries_send(actor=actor, award=award)
    assert len(summaries) == 2
    losing = next(s for s in summaries if s.bid == setup.bid_a)
    assert "Streatham Youth CIC" in losing.body and "72.67" in losing.body and "76.67" in losing.body
    assert Notification.objects.filter(person=setup.bidder_a).exists()
    award = acquisition.award_notice_publish(actor=actor, award=award, published_on=date(2026, 12, 17))
    assert award.standstill_ends_on == date(2026, 12, 31)
    titles = [entry.title for entry in selectors.programme_timeline(programme=setup.panel.programme)]
    for expected in ("Award recommended", "Award decided", "Award notice published", "Call opened"):
        assert any(expected in title for title in titles), expected
    recorded = Decision.objects.get(pk=award.decision_id)
    assert recorded.counts["value_pence"] == 8_000_000 and recorded.decided_by == "Cabinet Member for Children"


def test_delivery_waits_for_an_award_whose_standstill_is_over(officer: Person) -> None:
    setup, award = awarded(officer)
    actor = Actor(person=officer)
    programme = setup.panel.programme
    assert services.stage_problems(programme, Stage.DELIVERY)
    acquisition.award_decide(actor=actor, award=award, decided_by="Cabinet", method=DecisionMethod.BODY, reasons="Ok")
    acquisition.assessment_summaries_send(actor=actor, award=award)
    acquisition.award_notice_publish(actor=actor, award=award, published_on=timezone.localdate())
    assert services.stage_problems(programme, Stage.DELIVERY)
    with pytest.raises(ValidationError):
        acquisition.award_contract_details(award)
    Award.objects.filter(pk=award.pk).update(standstill_ends_on=timezone.localdate() - timedelta(days=1))
    award.refresh_from_db()
    assert services.stage_problems(programme, Stage.DELIVERY) == []
    details = acquisition.award_contract_details(award)
    assert details["supplier"] == setup.bid_b.organisation and details["value_pence"] == 8_000_000
    assert details["call"] == setup.call
    services.programme_stage_advance(actor=actor, programme=programme, to=Stage.DELIVERY, reason="Contract signed.")
    assert Programme.objects.get(pk=programme.pk).stage == Stage.DELIVERY


def test_the_contract_follows_the_award_to_its_supplier_once(officer: Person) -> None:
    from coopcouncil.commissioning.services import delivery

    setup, award = awarded(officer)
    actor = Actor(person=officer)
    programme = setup.panel.programme
    acquisition.award_decide(actor=actor, award=award, decided_by="Cabinet", method=DecisionMethod.BODY, reasons="Ok")
    acquisition.assessment_summaries_send(actor=actor, award=award)
    acquisition.award_notice_publish(actor=actor, award=award, published_on=timezone.localdate() - timedelta(days=20))
    award.refresh_from_db()
    assert list(selectors.awards_ready_for_contract(programme=programme)) == [award]
    terms = {
        "title": "Youth clubs",
        "value_pence": 8_000_000,
        "starts_on": date(2027, 4, 1),
        "ends_on": date(2030, 3, 31),
    }
    with pytest.raises(ValidationError, match="organisation the award went to"):
        delivery.contract_create(
            actor=actor, programme=programme, supplier=setup.bid_a.organisation, award=award, **terms
        )
    with pytest.raises(ValidationError, match="winning bid's price"):
        delivery.contract_create(
            actor=actor,
            programme=programme,
            supplier=setup.bid_b.organisation,
            award=award,
            **{**terms, "value_pence": 7_000_000},
        )
    with pytest.raises(ValidationError, match="choose the award"):
        delivery.contract_create(actor=actor, programme=programme, supplier=setup.bid_b.organisation, **terms)
    contract = delivery.contract_create(
        actor=actor, programme=programme, supplier=setup.bid_b.organisation, award=award, **terms
    )
    assert contract.award == award and list(selectors.awards_ready_for_contract(programme=programme)) == []
    with pytest.raises(ValidationError, match="already been recorded"):
        delivery.contract_create(
            actor=actor, programme=programme, supplier=setup.bid_b.organisation, award=award, **terms
        )


def test_a_co_operative_commissioning_has_its_board_ratify_without_provider_directors(officer: Person) -> None:
    from coopcouncil.cooperatives import services as cooperative_services
    from coopcouncil.cooperatives.models import BoardMember, Member
    from coopcouncil.meetings import services as meeting_services
    from coopcouncil.meetings.models import MeetingKind
    from tests.cooperatives.factories import born, class_named, youth_cooperative

    cooperative, secretary = youth_cooperative()
    setup, award = awarded(officer)
    Programme.objects.filter(pk=setup.panel.programme.pk).update(
        owner_community=None, owner_organisation=cooperative.organisation
    )
    actor = Actor(person=officer)
    with pytest.raises(ValidationError, match="its board must ratify"):
        acquisition.award_decide(actor=actor, award=award, decided_by="Board", method=DecisionMethod.BODY, reasons="x")
    providers = cooperative_services.membership_class_add(
        actor=Actor(person=secretary), cooperative=cooperative, name="Providers", minimum_age=18, is_provider_class=True
    )
    directors = []
    for class_name in ("Community", "Community", "Providers"):
        person = PersonFactory(date_of_birth=born(40, timezone.localdate()), birth_year=None)
        application = cooperative_services.application_submit(
            actor=Actor(person=person), membership_class=class_named(cooperative, class_name), supports_aims=True
        )
        cooperative_services.application_decide(actor=Actor(person=secretary), application=application, approve=True)
        member = Member.objects.get(application=application)
        BoardMember.objects.create(cooperative=cooperative, member=member, elected_on=timezone.localdate())
        directors.append(member.person)
    assert providers.members.count() == 1
    board = meeting_services.meeting_schedule(
        actor=Actor(person=secretary),
        owner=cooperative.organisation,
        title="Board meeting",
        kind=MeetingKind.BOARD_MEETING,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        venue=meeting_services.Venue(name="YLC office"),
        is_public=False,
    )
    for director in directors:
        meeting_services.attendance_record(actor=Actor(person=secretary), meeting=board, person=director)

    def ratify(participants: list[Person]) -> MeetingDecision:
        return meeting_services.decision_by_vote(
            actor=Actor(person=secretary),
            meeting=board,
            title="Ratify the youth clubs award",
            proposal="Ratify the panel's recommendation.",
            votes_for=len(participants),
            votes_against=0,
            abstentions=0,
            participants=participants,
            reasons="The panel's scores and reasons were minuted.",
        )

    with_provider = ratify(directors)
    with pytest.raises(ValidationError, match="provider class took part"):
        acquisition.award_decide(
            actor=actor,
            award=award,
            decided_by="Board",
            method=DecisionMethod.BODY,
            reasons="x",
            ratification=with_provider,
        )
    outsider = PersonFactory()
    meeting_services.attendance_record(actor=Actor(person=secretary), meeting=board, person=outsider)
    with pytest.raises(ValidationError, match="Only directors"):
        acquisition.award_decide(
            actor=actor,
            award=award,
            decided_by="Board",
            method=DecisionMethod.BODY,
            reasons="x",
            ratification=ratify([directors[0], outsider]),
        )
    with pytest.raises(ValidationError, match="not quorate"):
        acquisition.award_decide(
            actor=actor,
            award=award,
            decided_by="Board",
            method=DecisionMethod.BODY,
            reasons="x",
            ratification=ratify(directors[:1]),
        )
    clean = ratify(directors[:2])
    programme = Programme.objects.get(pk=setup.panel.programme.pk)
    assert clean in list(selectors.board_ratifications_for(programme=programme) or [])
    decided = acquisition.award_decide(
        actor=actor,
        award=award,
        decided_by="Board of YLC",
        method=DecisionMethod.BODY,
        reasons="Ratified.",
        ratification=clean,
    )
    assert Award.objects.get(pk=decided.pk).ratified_by == clean


def test_a_second_call_can_run_for_a_lot_that_got_no_compliant_bids(officer: Person) -> None:
    panel = acquiring_programme(officer)
    actor = Actor(person=officer)
    first = call_with_criteria(panel, slug="lot-2", lot="Detached youth work")
    acquisition.call_open(actor=actor, call=first)
    bid = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), first, 10_000_000)
    acquisition.call_close(actor=actor, call=first)
    with pytest.raises(ValidationError):
        acquisition.bid_compliance_set(actor=actor, bid=bid, compliant=False)  # a reason is needed
    acquisition.bid_compliance_set(actor=actor, bid=bid, compliant=False, note="No safeguarding policy.")
    acquisition.call_close_without_award(actor=actor, call=first, reasons="No compliant bids.")
    second = call_with_criteria(panel, slug="lot-2-second-round", lot="Detached youth work")
    acquisition.call_open(actor=actor, call=second)
    assert [c.status for c in selectors.calls_of(programme=panel.programme)] == [CallStatus.NO_AWARD, CallStatus.OPEN]
    assert services.stage_problems(panel.programme, Stage.DELIVERY)


def test_audit_keeps_no_personal_text_of_interests_or_scores(officer: Person) -> None:
    setup = evaluating(officer)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    details = " ".join(str(entry.details) for entry in AuditEntry.objects.all())
    assert "Reasons given." not in details and "evaluation.submitted" in {e.action for e in AuditEntry.objects.all()}


def test_a_stranger_cannot_register_without_signing_in() -> None:
    with pytest.raises(PermissionDenied):
        acquisition.provider_organisation_register(
            actor=Actor(person=None), name="Anon", org_id="GB-CHC-7654321", role_title="Chair"
        )
    assert not Organisation.objects.filter(org_id="GB-CHC-7654321").exists()


def test_an_officer_who_declares_an_interest_withdraws_from_that_bid(officer: Person) -> None:
    panel = acquiring_programme(officer)
    actor = Actor(person=officer)
    services.panel_member_appoint(actor=actor, programme=panel.programme, person=officer, seat_type=SeatType.OFFICER)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=actor, call=call)
    a = submitted_bid(*provider("Brixton Youth Trust", "GB-CHC-1234567"), call, 10_000_000)
    b = submitted_bid(*provider("Streatham Youth CIC", "GB-COH-01234567"), call, 8_000_000)
    acquisition.call_close(actor=actor, call=call)
    acquisition.interests_declare(actor=actor, call=call, interests={a.pk: "I was a trustee until last year."})
    a, b = fresh(a), fresh(b)
    assert not can_see_bid(officer, a) and can_see_bid(officer, b)


def test_an_evaluator_comes_to_moderation_only_after_submitting_their_own_scores(officer: Person) -> None:
    from coopcouncil.commissioning.permissions import can_moderate

    setup = evaluating(officer)
    resident = setup.panel.residents[0]
    assert not can_moderate(resident, setup.bid_a, SeatType.RESIDENT)
    score_all(setup, setup.bid_a, resident={"Quality": 4, "Local jobs and skills": 3}, officer={"Quality": 3})
    assert can_moderate(resident, fresh(setup.bid_a), SeatType.RESIDENT)
    assert not can_moderate(resident, fresh(setup.bid_a), SeatType.OFFICER)


def test_weights_are_fixed_once_the_call_is_published(officer: Person) -> None:
    panel = acquiring_programme(officer)
    call = call_with_criteria(panel)
    acquisition.call_open(actor=Actor(person=officer), call=call)
    quality = criteria(call)["Quality"]
    with pytest.raises(ValidationError, match="once the call is published"):
        acquisition.criterion_update(
            actor=Actor(person=officer), criterion=quality, weight=40, seat_types=[SeatType.RESIDENT]
        )
