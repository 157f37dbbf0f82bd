"""What commissioning holds about a person: their panel seats, and what they did in an official role.

Sitting on a panel is a public role: after erasure the seat stays, under the anonymised name, because
the panel's decisions are public records. Notes written about the appointment are removed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import PanelMember
from coopcouncil.core.personal_data import PersonalDataArea


def commissioning_export(person: Person) -> dict[str, Any]:
    return {
        "panel_seats": [
            {
                "programme": seat.programme.title,
                "seat": seat.seat_type,
                "appointed_at": seat.appointed_at.isoformat(),
                "stepped_down_at": seat.stepped_down_at.isoformat() if seat.stepped_down_at else None,
                "stepped_down_reason": seat.stepped_down_reason,
            }
            for seat in PanelMember.objects.filter(person=person).select_related("programme")
        ]
    }


def commissioning_erase(person: Person) -> None:
    PanelMember.objects.filter(person=person).update(appointment_note="", stepped_down_reason="")


COMMISSIONING_PERSONAL_DATA = PersonalDataArea(
    name="commissioning",
    export=commissioning_export,
    erase=commissioning_erase,
    kept_after_erasure=_(
        "If you sat on a commissioning panel, your seat stays under an anonymised name, because the panel's "
        "decisions are public records."
    ),
    models=("commissioning.Programme", "commissioning.StageChange", "commissioning.PanelMember"),
)
