"""Commissioning's tables, one module a part of the cycle (re-exported here for Django and callers)."""

from coopcouncil.commissioning.models.programmes import (
    STAGE_ORDER,
    PanelMember,
    Programme,
    SeatRule,
    SeatType,
    Stage,
    StageChange,
)

__all__ = ["STAGE_ORDER", "PanelMember", "Programme", "SeatRule", "SeatType", "Stage", "StageChange"]
