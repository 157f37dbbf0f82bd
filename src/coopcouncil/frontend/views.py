"""The home page and the service's information pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopcouncil.budgeting.selectors import rounds_taking_part
from coopcouncil.places.selectors import communities_featured


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frontend/home.html", {"communities": communities_featured(), "open_rounds": rounds_taking_part()}
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/pages/privacy.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/pages/cookies.html")
