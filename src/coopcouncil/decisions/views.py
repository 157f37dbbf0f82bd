from __future__ import annotations

from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coopcouncil.core.models import Decision
from coopcouncil.decisions import selectors
from coopcouncil.decisions.forms import DecisionFilterForm
from coopcouncil.decisions.presenters import decision_present

PER_PAGE = 25


def decision_log(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.decisions_published(filters), PER_PAGE).get_page(request.GET.get("page"))
    # Page links keep the filters; the feed offers the same filters as Atom.
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "decisions/decision_log.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "entries": [decision_present(decision) for decision in page.object_list],
            "query": query.urlencode(),
        },
    )


def decision_detail(request: HttpRequest, reference: UUID) -> HttpResponse:
    try:
        decision = selectors.decision_published_get(reference=reference)
    except Decision.DoesNotExist as error:
        raise Http404 from error
    return render(request, "decisions/decision_detail.html", {"entry": decision_present(decision)})
