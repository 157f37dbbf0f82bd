"""What must hold when an evaluator's scores arrive twice at once. Run on PostgreSQL, where rows really lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.commissioning.models import SeatType
from coopcouncil.commissioning.models.acquisition import Evaluation, EvaluatorScore, Moderation
from coopcouncil.commissioning.services import acquisition
from coopcouncil.core.actors import Actor
from tests.accounts.personas import ben
from tests.commissioning.test_acquisition import criteria, evaluating
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_evaluator_submitting_scores_twice_at_once_keeps_one_evaluation() -> None:
    setup = evaluating(ben())
    evaluator = setup.panel.residents[0]
    by_title = criteria(setup.call)
    scores = {by_title["Quality"].pk: (4, "Strong."), by_title["Local jobs and skills"].pk: (3, "Ten jobs.")}
    results = run_together(
        *[lambda: acquisition.evaluation_submit(actor=Actor(person=evaluator), bid=setup.bid_a, scores=scores)] * 4
    )
    kept = [r for r in results if isinstance(r, Evaluation)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(kept) == 1 and len(refused) == 3, results
    assert Evaluation.objects.filter(bid=setup.bid_a, evaluator=evaluator).count() == 1
    assert EvaluatorScore.objects.filter(evaluation__bid=setup.bid_a).count() == 2


def test_a_seat_type_moderating_twice_at_once_agrees_once() -> None:
    setup = evaluating(ben())
    by_title = criteria(setup.call)
    officer_scores = {by_title["Quality"].pk: (3, "Fine.")}
    acquisition.evaluation_submit(actor=Actor(person=setup.panel.panel_officer), bid=setup.bid_a, scores=officer_scores)
    chair = Actor(person=setup.panel.officer)
    agreed = {by_title["Quality"].pk: (3, "")}
    results = run_together(
        *[
            lambda: acquisition.moderation_finish(
                actor=chair, bid=setup.bid_a, seat_type=SeatType.OFFICER, agreed=agreed
            )
        ]
        * 3
    )
    assert sum(1 for r in results if isinstance(r, Moderation)) == 1, results
    assert Moderation.objects.filter(bid=setup.bid_a, seat_type=SeatType.OFFICER).count() == 1
