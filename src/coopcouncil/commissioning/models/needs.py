"""Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options."""

from __future__ import annotations

__all__: list[str] = []
