"""Writes for Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options.

Entry checks for this part's stages are registered here with ``stage_entry_check``.
"""

from __future__ import annotations
