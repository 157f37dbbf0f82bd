"""Stage 4: acquisition: the specification, the call, bids, evaluation and the award."""

from __future__ import annotations

__all__: list[str] = []
