from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.cooperatives import selectors, services
from coopcouncil.cooperatives.charts import growth_chart
from coopcouncil.cooperatives.eligibility import class_rules_described
from coopcouncil.cooperatives.forms import JoinForm, ResignForm
from coopcouncil.cooperatives.models import Cooperative
from coopcouncil.cooperatives.permissions import can_manage_cooperative, current_membership
from coopcouncil.core.form_errors import service_errors_to_form


def _cooperative(slug: str) -> Cooperative:
    try:
        return selectors.cooperative_get(slug=slug)
    except Cooperative.DoesNotExist as error:
        raise Http404 from error


def cooperative_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cooperatives/cooperative_list.html", {"cooperatives": selectors.cooperatives_list()})


def cooperative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _cooperative(slug)
    person = actor_from_request(request).subject
    growth = selectors.membership_growth(cooperative=cooperative, until=timezone.localdate())
    classes = [(c, class_rules_described(c)) for c in selectors.classes_of(cooperative=cooperative)]
    return render(
        request,
        "cooperatives/cooperative_detail.html",
        {
            "cooperative": cooperative,
            "classes": classes,
            "membership": current_membership(person, cooperative),
            "pending": selectors.application_pending_of(cooperative=cooperative, person=person) if person else None,
            "growth": growth[-12:],
            "chart": growth_chart(
                growth[-12:],
                target=cooperative.membership_target,
                target_on=cooperative.membership_target_on,
                chart_id="growth",
            ),
            "can_manage": can_manage_cooperative(actor_from_request(request).person, cooperative),
            "general_meetings": selectors.general_meetings_of(cooperative=cooperative)[:5],
            "directors": selectors.directors_current(cooperative=cooperative),
            "income_total": selectors.income_total(cooperative=cooperative),
            "today": timezone.localdate(),
        },
    )


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _cooperative(slug)
    actor = actor_from_request(request)
    form = JoinForm(request.POST or None, cooperative=cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                actor=actor,
                membership_class=form.cleaned_data["membership_class"],
                supports_aims=form.cleaned_data["supports_aims"],
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you. Your application has been sent; you will hear when it is decided."))
            return redirect(cooperative)
    return render(request, "cooperatives/join.html", {"cooperative": cooperative, "form": form})


@login_required
def resign(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _cooperative(slug)
    actor = actor_from_request(request)
    membership = current_membership(actor.subject, cooperative)
    if membership is None:
        raise Http404
    form = ResignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_resign(actor=actor, member=membership, note=form.cleaned_data["note"])
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(
                request, _("You have left %(coop)s. Thank you for taking part.") % {"coop": cooperative.name}
            )
            return redirect(cooperative)
    return render(
        request, "cooperatives/resign.html", {"cooperative": cooperative, "membership": membership, "form": form}
    )


@login_required
def application_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _cooperative(slug)
    actor = actor_from_request(request)
    pending = selectors.application_pending_of(cooperative=cooperative, person=actor.subject) if actor.subject else None
    if pending is None or request.method != "POST":
        raise Http404
    services.application_withdraw(actor=actor, application=pending)
    messages.success(request, _("Your application has been withdrawn."))
    return redirect(cooperative)
