from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.cooperatives import selectors, services
from coopcouncil.cooperatives.forms import ApplicationDecisionForm, IncomeForm
from coopcouncil.cooperatives.models import Cooperative, MembershipApplication
from coopcouncil.cooperatives.permissions import can_manage_cooperative
from coopcouncil.core.form_errors import service_errors_to_form


def _managed(request: HttpRequest, slug: str) -> Cooperative:
    try:
        cooperative = selectors.cooperative_get(slug=slug)
    except Cooperative.DoesNotExist as error:
        raise Http404 from error
    if not can_manage_cooperative(actor_from_request(request).person, cooperative):
        raise PermissionDenied
    return cooperative


@login_required
def membership(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _managed(request, slug)
    include_former = request.GET.get("show") == "all"
    return render(
        request,
        "cooperatives/officer/membership.html",
        {
            "cooperative": cooperative,
            "pending": selectors.applications_pending(cooperative=cooperative),
            "register": selectors.register_of(cooperative=cooperative, include_former=include_former)[:500],
            "include_former": include_former,
        },
    )


@login_required
def application_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _managed(request, slug)
    try:
        application = selectors.applications_pending(cooperative=cooperative).get(pk=pk)
    except MembershipApplication.DoesNotExist as error:
        raise Http404 from error
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                actor=actor_from_request(request),
                application=application,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Decision recorded; the applicant has been told."))
            return redirect(reverse("cooperatives:membership", args=[cooperative.slug]))
    return render(
        request,
        "cooperatives/officer/application_decide.html",
        {"cooperative": cooperative, "application": application, "form": form},
    )


@login_required
def income(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _managed(request, slug)
    form = IncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.income_record(
                actor=actor_from_request(request),
                cooperative=cooperative,
                source=data["source"],
                amount_pence=data["amount_pence"],
                received_on=data["received_on"],
                description=data["description"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The income is recorded."))
            return redirect(request.path)
    records = selectors.income_of(cooperative=cooperative)
    return render(
        request,
        "cooperatives/officer/income.html",
        {
            "cooperative": cooperative,
            "form": form,
            "records": records,
            "total": selectors.income_total(cooperative=cooperative),
        },
    )
