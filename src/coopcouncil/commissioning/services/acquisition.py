"""Writes for Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

Entry checks for this part's stages are registered here with ``stage_entry_check``.
"""

from __future__ import annotations
