"""The one HTTP API, /api/v1/. Each area contributes its own router from its ``api.py``."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from coopcouncil.budgeting.api import router as budgeting_router
from coopcouncil.commissioning.api import router as commissioning_router
from coopcouncil.decisions.api import router as decisions_router
from coopcouncil.places.api import router as places_router

api = NinjaAPI(
    title="Co-op Council API",
    version="1.0.0",
    description=(
        "Open data about communities, wards and participatory budgeting (rounds, proposals, results and how to "
        "recount them), community-led commissioning (programmes, decisions, contracts and KPI returns), "
        "and, as they arrive, the council's other co-operative decisions."
    ),
    urls_namespace="api-1.0.0",
)


class HealthOut(Schema):
    status: str
    database: str


@api.get("/health", response=HealthOut, tags=["health"], summary="Is the service up?")
def health(request: HttpRequest) -> HealthOut:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HealthOut(status="ok", database=connection.vendor)


api.add_router("/", places_router)
api.add_router("/", budgeting_router)
api.add_router("/", decisions_router)
api.add_router("/", commissioning_router)
