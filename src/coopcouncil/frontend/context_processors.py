from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """Names and flags every page's layout needs."""
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "acting_for": getattr(request, "acting_for", None),
    }
