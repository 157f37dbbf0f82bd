"""Commissioning's tables, one module a part of the cycle (re-exported here for Django and callers)."""

from coopcouncil.commissioning.models.acquisition import *  # noqa: F403 - each part lists its models in __all__
from coopcouncil.commissioning.models.delivery import *  # noqa: F403
from coopcouncil.commissioning.models.needs import *  # noqa: F403
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
