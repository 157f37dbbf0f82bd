"""Pages for Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
"""

from __future__ import annotations

from django.urls import URLPattern

from coopcouncil.commissioning.permissions import can_download_bid_file
from coopcouncil.core.permissions import private_file_policy_register

# Bids' attachments are private files: the bidder, officers and cleared evaluators download them.
private_file_policy_register("commissioning.Bid", can_download_bid_file)

urlpatterns: list[URLPattern] = []
