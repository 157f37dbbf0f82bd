"""Writes for commissioning. Views, the API and commands call these and nothing else.

Importing a stage's module registers that stage's entry checks (``stage_entry_check``).
"""

from coopcouncil.commissioning.services import acquisition, delivery, needs  # noqa: F401 - their checks register
from coopcouncil.commissioning.services.programmes import (
    SeatPlan,
    cycle_carry_over,
    panel_member_appoint,
    panel_member_step_down,
    programme_create,
    programme_next_cycle_start,
    programme_stage_advance,
    seat_rule_set,
    stage_entry_check,
    stage_problems,
)

__all__ = [
    "SeatPlan",
    "cycle_carry_over",
    "panel_member_appoint",
    "panel_member_step_down",
    "programme_create",
    "programme_next_cycle_start",
    "programme_stage_advance",
    "seat_rule_set",
    "stage_entry_check",
    "stage_problems",
]
