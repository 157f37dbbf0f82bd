"""Pages for Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
"""

from __future__ import annotations

from django.db import models
from django.urls import URLPattern

from coopcouncil.accounts.models import Person
from coopcouncil.commissioning.models import KPIReturn
from coopcouncil.commissioning.permissions import can_see_kpi_return
from coopcouncil.core.permissions import private_file_policy_register


def _evidence_policy(person: Person, attached: models.Model) -> bool:
    return isinstance(attached, KPIReturn) and can_see_kpi_return(person, attached)


private_file_policy_register("commissioning.KPIReturn", _evidence_policy)

urlpatterns: list[URLPattern] = []
