"""Pages for Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
"""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
