"""What must hold when two requests arrive at once. Run on PostgreSQL, where rows really lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.accounts import services
from coopcouncil.accounts.models import DataRequest, Person
from coopcouncil.core.actors import Actor
from tests.accounts.factories import UserFactory
from tests.accounts.personas import amara, ben
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_profile_can_be_claimed_by_only_one_login_at_once() -> None:
    person, code = services.assisted_person_register(actor=Actor(person=ben(with_totp=False)), full_name="Nell")
    first, second = UserFactory(), UserFactory()
    results = run_together(
        lambda: services.assisted_profile_claim(user=first, person_id=person.pk, claim_code=code),
        lambda: services.assisted_profile_claim(user=second, person_id=person.pk, claim_code=code),
    )
    winners = [r for r in results if isinstance(r, Person)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    person.refresh_from_db()
    assert person.user_id in {first.pk, second.pk}


def test_a_double_submitted_deletion_request_is_stored_once() -> None:
    resident = amara()
    results = run_together(*[lambda: services.deletion_request_create(actor=Actor(person=resident))] * 4)
    assert all(isinstance(r, DataRequest) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert DataRequest.objects.filter(person=resident).count() == 1
