"""Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review."""

from __future__ import annotations

__all__: list[str] = []
