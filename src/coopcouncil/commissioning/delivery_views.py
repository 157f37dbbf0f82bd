"""Pages for Stages 5 and 6: the contract, KPIs and returns, monitoring, feedback and the review.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
Officers set up the contract and KPIs, verify returns, moderate feedback, rate performance and
record the review; the supplier's representatives send returns; residents give feedback.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.charts import kpi_chart
from coopcouncil.commissioning.forms import (
    ContractForm,
    FeedbackForm,
    KPIForm,
    KPIReturnForm,
    PerformanceRatingForm,
    ReturnReviewForm,
    ReviewDecisionForm,
)
from coopcouncil.commissioning.models import (
    Contract,
    KPIDirection,
    KPIFrequency,
    KPIReturn,
    Programme,
    Rating,
    ReviewOutcome,
    ServiceFeedback,
    Stage,
)
from coopcouncil.commissioning.permissions import can_manage_programme, can_see_kpi_return, is_provider_for
from coopcouncil.commissioning.public import officer_links_register, public_part_register
from coopcouncil.commissioning.services import delivery
from coopcouncil.core.form_errors import service_errors_to_form
from coopcouncil.core.permissions import private_file_policy_register

MONITORED = (Stage.DELIVERY, Stage.REVIEW)


def _programme(slug: str) -> Programme:
    try:
        return selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _managed(request: HttpRequest, slug: str) -> Programme:
    programme = _programme(slug)
    if not can_manage_programme(actor_from_request(request).person, programme):
        raise PermissionDenied(_("Only officers running this programme can open this page."))
    return programme


def _contract_of(programme: Programme, pk: int) -> Contract:
    return get_object_or_404(Contract.objects.select_related("supplier", "programme"), pk=pk, programme=programme)


# Officers: the contract and its KPIs ---------------------------------------------------------


@login_required
def delivery_manage(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    awards = selectors.awards_ready_for_contract(programme=programme)
    first = awards.first()
    initial = (
        {"award": first.pk, "supplier": first.bid.organisation_id, "value_pence": first.bid.price_pence}
        if first is not None
        else {}
    )
    form = ContractForm(request.POST or None, awards=awards, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = delivery.contract_create(
                actor=actor_from_request(request),
                programme=programme,
                supplier=data["supplier"],
                title=data["title"],
                value_pence=data["value_pence"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                award=data.get("award"),
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The contract is recorded. Add its KPIs next."))
            return redirect(reverse("commissioning:delivery_contract", args=[programme.slug, contract.pk]))
    return render(
        request,
        "commissioning/delivery/officer_delivery.html",
        {"programme": programme, "form": form, "contracts": selectors.contracts_for(programme=programme)},
    )


@login_required
def delivery_contract(request: HttpRequest, slug: str, contract_pk: int) -> HttpResponse:
    programme = _managed(request, slug)
    contract = _contract_of(programme, contract_pk)
    form = KPIForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery.kpi_add(
                actor=actor_from_request(request),
                contract=contract,
                name=data["name"],
                definition=data["definition"],
                unit=data["unit"],
                baseline=data["baseline"],
                target=data["target"],
                direction=KPIDirection(data["direction"]),
                frequency=KPIFrequency(data["frequency"]),
                green_at=data["green_at"],
                amber_at=data["amber_at"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The KPI is added."))
            return redirect(reverse("commissioning:delivery_contract", args=[programme.slug, contract.pk]))
    return render(
        request,
        "commissioning/delivery/officer_contract.html",
        {"programme": programme, "contract": contract, "kpis": contract.kpis.all(), "form": form},
    )


# Officers: verifying returns ------------------------------------------------------------------


@login_required
def delivery_returns(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    return render(
        request,
        "commissioning/delivery/officer_returns.html",
        {
            "programme": programme,
            "returns": [
                (r, ReturnReviewForm(prefix=f"r{r.pk}")) for r in selectors.kpi_returns_to_verify(programme=programme)
            ],
        },
    )


@login_required
@require_POST
def delivery_return_review(request: HttpRequest, slug: str, return_pk: int) -> HttpResponse:
    programme = _managed(request, slug)
    kpi_return = get_object_or_404(KPIReturn, pk=return_pk, kpi__contract__programme=programme)
    form = ReturnReviewForm(request.POST, prefix=f"r{kpi_return.pk}")
    if form.is_valid():
        actor = actor_from_request(request)
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["outcome"] == "verify":
                delivery.kpi_return_verify(actor=actor, kpi_return=kpi_return, note=note)
                messages.success(request, _("The return is verified."))
            else:
                delivery.kpi_return_query(actor=actor, kpi_return=kpi_return, note=note)
                messages.success(request, _("The return is queried; the provider can send it again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose whether to verify or query the return."))
    return redirect(reverse("commissioning:delivery_returns", args=[programme.slug]))


# Officers: feedback, ratings and the review ---------------------------------------------------


@login_required
def delivery_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    return render(
        request,
        "commissioning/delivery/officer_feedback.html",
        {"programme": programme, "pending": selectors.feedback_to_moderate(programme=programme)},
    )


@login_required
@require_POST
def delivery_feedback_moderate(request: HttpRequest, slug: str, feedback_pk: int) -> HttpResponse:
    programme = _managed(request, slug)
    feedback = get_object_or_404(ServiceFeedback, pk=feedback_pk, contract__programme=programme)
    try:
        delivery.feedback_moderate(
            actor=actor_from_request(request), feedback=feedback, publish=request.POST.get("decision") == "publish"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The feedback is moderated."))
    return redirect(reverse("commissioning:delivery_feedback", args=[programme.slug]))


@login_required
def delivery_ratings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    form = PerformanceRatingForm(request.POST or None, contracts=selectors.contracts_for(programme=programme))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery.performance_rate(
                actor=actor_from_request(request),
                contract=data["contract"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                rating=Rating(data["rating"]),
                rationale=data["rationale"],
                by_panel=data["by_panel"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The rating is recorded and published."))
            return redirect(reverse("commissioning:delivery_ratings", args=[programme.slug]))
    return render(
        request,
        "commissioning/delivery/officer_ratings.html",
        {"programme": programme, "form": form, "ratings": selectors.performance_ratings_for(programme=programme)},
    )


@login_required
def delivery_review(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = delivery.review_decide(
                actor=actor_from_request(request),
                programme=programme,
                outcome=ReviewOutcome(data["outcome"]),
                reasons=data["reasons"],
                by_panel=data["by_panel"],
                next_title=data["next_title"],
                next_slug=data["next_slug"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The review's decision is recorded and published."))
            if review.next_cycle is not None:
                return redirect(reverse("commissioning:programme_manage", args=[review.next_cycle.slug]))
            return redirect(reverse("commissioning:delivery_review", args=[programme.slug]))
    return render(
        request,
        "commissioning/delivery/officer_review.html",
        {
            "programme": programme,
            "form": form,
            "reviews": selectors.review_decisions_for(programme=programme),
            "ratings": selectors.performance_ratings_for(programme=programme),
            "dashboard": _dashboard(programme),
        },
    )


# Providers: their contracts and returns -----------------------------------------------------


@login_required
def provider_contracts(request: HttpRequest) -> HttpResponse:
    person = actor_from_request(request).person
    return render(
        request,
        "commissioning/delivery/provider_contracts.html",
        {"contracts": selectors.contracts_of_provider(person=person)},
    )


@login_required
def provider_returns(request: HttpRequest, slug: str, contract_pk: int) -> HttpResponse:
    programme = _programme(slug)
    contract = _contract_of(programme, contract_pk)
    actor = actor_from_request(request)
    if not is_provider_for(actor.person, contract):
        raise PermissionDenied(_("Only the supplier's representatives send returns for this contract."))
    form = KPIReturnForm(request.POST or None, request.FILES or None, kpis=contract.kpis.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _kpi_return, created = delivery.kpi_return_submit(
                actor=actor,
                kpi=data["kpi"],
                period_start=data["period_start"],
                value=data["value"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The return is sent.") if created else _("The return is sent again."))
            return redirect(reverse("commissioning:provider_returns", args=[programme.slug, contract.pk]))
    return render(
        request,
        "commissioning/delivery/provider_returns.html",
        {
            "programme": programme,
            "contract": contract,
            "form": form,
            "returns": selectors.kpi_returns_for(contract=contract),
            "open": programme.stage in MONITORED,
        },
    )


# Residents: feedback on the service ---------------------------------------------------------


@login_required
def feedback_give(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(slug)
    if programme.stage not in MONITORED:
        raise Http404
    actor = actor_from_request(request)
    form = FeedbackForm(request.POST or None, contracts=selectors.contracts_for(programme=programme))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery.feedback_give(
                actor=actor, contract=data["contract"], rating=data["rating"], comment=data["comment"]
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you. Your feedback is recorded."))
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "commissioning/delivery/feedback_form.html",
        {"programme": programme, "form": form, "for_person": actor.on_behalf_of},
    )


# The programme page and the officer's page --------------------------------------------------


def _dashboard(programme: Programme) -> list[dict[str, Any]]:
    """Each contract with its KPIs' series and charts, and its residents' feedback."""
    contracts = []
    for contract in selectors.contracts_for(programme=programme):
        kpis = []
        for kpi in contract.kpis.all():
            series = selectors.kpi_series(kpi=kpi)
            kpis.append({"kpi": kpi, "series": series, "chart": kpi_chart(series)})
        contracts.append(
            {
                "contract": contract,
                "kpis": kpis,
                "feedback": selectors.feedback_summary(contract=contract),
                "ratings": contract.ratings.all(),
            }
        )
    return contracts


def _public_delivery(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "shown": programme.stage_reached(Stage.DELIVERY),
        "contracts": _dashboard(programme) if programme.stage_reached(Stage.DELIVERY) else [],
    }


def _public_review(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "can_give_feedback": programme.stage in MONITORED and selectors.contracts_for(programme=programme).exists(),
        "ratings": selectors.performance_ratings_for(programme=programme),
        "reviews": selectors.review_decisions_for(programme=programme),
        "carried": selectors.carried_over_evidence(programme=programme),
    }


def _officer_links(programme: Programme) -> list[tuple[str, str]]:
    if not programme.stage_reached(Stage.ACQUISITION):
        return []
    args = [programme.slug]
    links = [(reverse("commissioning:delivery", args=args), _("The contract and its KPIs"))]
    if programme.stage_reached(Stage.DELIVERY):
        links += [
            (reverse("commissioning:delivery_returns", args=args), _("KPI returns to verify")),
            (reverse("commissioning:delivery_feedback", args=args), _("Residents' feedback to moderate")),
            (reverse("commissioning:delivery_ratings", args=args), _("Performance ratings")),
        ]
    if programme.stage_reached(Stage.REVIEW):
        links.append((reverse("commissioning:delivery_review", args=args), _("The review decision")))
    return links


def _evidence_policy(person: Person, attached: models.Model) -> bool:
    return isinstance(attached, KPIReturn) and can_see_kpi_return(person, attached)


private_file_policy_register("commissioning.KPIReturn", _evidence_policy)
public_part_register(order=50, template="commissioning/delivery/_public_delivery.html", context=_public_delivery)
public_part_register(order=60, template="commissioning/delivery/_public_review.html", context=_public_review)
officer_links_register(order=50, links=_officer_links)

urlpatterns: list[URLPattern] = [
    path("officer/commissioning/<slug:slug>/delivery/", delivery_manage, name="delivery"),
    path(
        "officer/commissioning/<slug:slug>/delivery/contracts/<int:contract_pk>/",
        delivery_contract,
        name="delivery_contract",
    ),
    path("officer/commissioning/<slug:slug>/delivery/returns/", delivery_returns, name="delivery_returns"),
    path(
        "officer/commissioning/<slug:slug>/delivery/returns/<int:return_pk>/",
        delivery_return_review,
        name="delivery_return_review",
    ),
    path("officer/commissioning/<slug:slug>/delivery/feedback/", delivery_feedback, name="delivery_feedback"),
    path(
        "officer/commissioning/<slug:slug>/delivery/feedback/<int:feedback_pk>/",
        delivery_feedback_moderate,
        name="delivery_feedback_moderate",
    ),
    path("officer/commissioning/<slug:slug>/delivery/ratings/", delivery_ratings, name="delivery_ratings"),
    path("officer/commissioning/<slug:slug>/review/", delivery_review, name="delivery_review"),
    path("provider/commissioning/", provider_contracts, name="provider_contracts"),
    path("commissioning/<slug:slug>/contracts/<int:contract_pk>/returns/", provider_returns, name="provider_returns"),
    path("commissioning/<slug:slug>/feedback/", feedback_give, name="feedback_give"),
]
