"""Each area says what personal data it holds, how to export it and how to erase it.

Areas register in ``AppConfig.ready``. The accounts area builds a person's download and
carries out deletion requests from these registrations, so a new feature cannot forget its
data: the test suite checks every model with a link to a person is covered by some area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from coopcouncil.accounts.models import Person


@dataclass(frozen=True)
class PersonalDataArea:
    name: str
    export: Callable[[Person], Any]
    erase: Callable[[Person], None]
    # Plain words shown on the deletion page: what is kept after erasure, and why.
    kept_after_erasure: str | Promise = ""
    # Models this area answers for, as "app_label.ModelName".
    models: tuple[str, ...] = field(default_factory=tuple)
    # Deletes what has passed its retention period (settings.RETENTION_DAYS); returns counts by kind.
    expire: Callable[[datetime], dict[str, int]] | None = None


_areas: dict[str, PersonalDataArea] = {}


def personal_data_register(area: PersonalDataArea) -> None:
    _areas[area.name] = area


def personal_data_areas() -> list[PersonalDataArea]:
    return list(_areas.values())


def personal_data_models() -> frozenset[str]:
    """Every model some area answers for, as "app_label.ModelName"."""
    return frozenset(label for area in _areas.values() for label in area.models)
