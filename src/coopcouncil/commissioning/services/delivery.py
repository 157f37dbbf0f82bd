"""Writes for Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review.

Entry checks for this part's stages are registered here with ``stage_entry_check``.
"""

from __future__ import annotations
