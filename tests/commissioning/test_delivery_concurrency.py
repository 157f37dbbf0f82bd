"""Two submissions of one KPI's return for one period at the same moment. Run on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import KPIReturn, KPIReturnEvent
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import PrivateFile
from tests.accounts.personas import ben
from tests.commissioning.delivery_factories import (
    contract_in_delivery,
    evidence_file,
    kpi_on,
    representative_of,
    supplier_with_representative,
)
from tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_submissions_of_the_same_period_at_once_store_one_return() -> None:
    officer = ben()
    supplier, first = supplier_with_representative()
    second = representative_of(supplier)
    kpi = kpi_on(contract_in_delivery(officer, supplier), officer)

    def submit(person: Person, value: int) -> tuple[KPIReturn, bool]:
        return delivery.kpi_return_submit(
            actor=Actor(person=person),
            kpi=kpi,
            period_start=date(2026, 4, 1),
            value=Decimal(value),
            evidence=evidence_file(),
        )

    results = run_together(lambda: submit(first, 180), lambda: submit(second, 190))
    stored = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, delivery.ReturnAlreadySubmittedError)]
    assert len(stored) == 1 and len(refused) == 1, results
    assert KPIReturn.objects.filter(kpi=kpi).count() == 1
    assert KPIReturnEvent.objects.filter(kpi_return__kpi=kpi).count() == 1
    assert PrivateFile.objects.count() == 1  # the refused submission's evidence was not kept
