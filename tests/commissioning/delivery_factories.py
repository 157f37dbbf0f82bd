"""A contract in delivery with a KPI, and the supplier's representative who sends its returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from coopcouncil.accounts.models import Organisation, OrganisationKind, OrganisationMembership, Person, Role
from coopcouncil.commissioning.models import KPI, Contract, KPIDirection, KPIFrequency, Programme, Stage
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.actors import Actor
from tests.accounts.factories import OrganisationFactory, person_with_login, role_give
from tests.commissioning.factories import programme_at

_count = 0


def representative_of(supplier: Organisation) -> Person:
    """A member of the supplier who holds the provider representative role on it."""
    global _count
    _count += 1
    person = person_with_login(email=f"rep{_count}@provider.example", full_name=f"Rep {_count}")
    OrganisationMembership.objects.create(person=person, organisation=supplier, role_title="Contracts lead")
    role_give(person, Role.PROVIDER_REPRESENTATIVE, on=supplier)
    return person


def supplier_with_representative(name: str = "Brixton Youth Trust") -> tuple[Organisation, Person]:
    supplier = OrganisationFactory(name=name, kind=OrganisationKind.PROVIDER)
    return supplier, representative_of(supplier)


def contract_in_delivery(
    officer: Person, supplier: Organisation, *, stage: Stage = Stage.DELIVERY, programme: Programme | None = None
) -> Contract:
    programme = programme or programme_at(officer, stage)
    return delivery.contract_create(
        actor=Actor(person=officer),
        programme=programme,
        supplier=supplier,
        title="Youth clubs in Brixton",
        value_pence=120_000_000,
        starts_on=date(2026, 4, 1),
        ends_on=date(2029, 3, 31),
    )


def kpi_on(contract: Contract, officer: Person, **fields: Any) -> KPI:
    """Young people attending each month: green at 200 or more, amber from 150."""
    values: dict[str, Any] = {
        "name": "Young people attending",
        "unit": "young people",
        "baseline": Decimal("120"),
        "target": Decimal("200"),
        "direction": KPIDirection.HIGHER,
        "frequency": KPIFrequency.MONTHLY,
        "green_at": Decimal("200"),
        "amber_at": Decimal("150"),
    }
    values.update(fields)
    return delivery.kpi_add(actor=Actor(person=officer), contract=contract, **values)


def evidence_file(name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"date,attendees\n2026-04-03,52\n", content_type="text/csv")
