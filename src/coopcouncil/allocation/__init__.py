"""Participatory budgeting rules, Pabulib input and output, and explanations of results.

Pure Python (no Django), exact arithmetic, typed with ``mypy --strict``. The web platform counts
every round through this package, and anyone can recount a published Pabulib file with
``coopcouncil tally``.
"""

from __future__ import annotations

LIBRARY_VERSION = "0.1.0"
