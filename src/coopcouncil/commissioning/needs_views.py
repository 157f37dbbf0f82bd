"""Pages for Stages 1 to 3: assets and needs, outcomes, priorities and budgets, the market and the options.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
Panel members work on the evidence, the needs and their dots under ``commissioning/<slug>/``;
officers run the rest under ``officer/commissioning/<slug>/``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.forms import (
    AssetForm,
    BudgetSplitForm,
    DotsForm,
    DotVoteOpenForm,
    EqualityAssessmentForm,
    EvidenceForm,
    IndicatorForm,
    MarketEngagementForm,
    NeedForm,
    OptionAppraisalForm,
    OutcomeForm,
    PrioritiesDecisionForm,
    RecommendationForm,
    RouteChoiceForm,
    outcome_field_name,
)
from coopcouncil.commissioning.models import (
    AssetKind,
    DecisionMaker,
    DeliveryRoute,
    EiaOutcome,
    EvidenceKind,
    MarketEventKind,
    Programme,
    ProtectedCharacteristic,
    SeatType,
    Stage,
)
from coopcouncil.commissioning.permissions import (
    can_add_evidence,
    can_download_needs_file,
    can_manage_programme,
    can_place_dots,
    panel_seat_of,
)
from coopcouncil.commissioning.priorities_chart import priorities_chart
from coopcouncil.commissioning.public import officer_links_register, public_part_register
from coopcouncil.commissioning.services import needs as services
from coopcouncil.core.actors import Actor
from coopcouncil.core.form_errors import form_service_call
from coopcouncil.core.permissions import private_file_policy_register
from coopcouncil.places.selectors import wards_current


def _programme(slug: str) -> Programme:
    try:
        return selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _managed(request: HttpRequest, slug: str) -> tuple[Programme, Actor]:
    programme, actor = _programme(slug), actor_from_request(request)
    if not can_manage_programme(actor.person, programme):
        raise PermissionDenied(_("Only officers running this programme can open this page."))
    return programme, actor


def _for_panel(request: HttpRequest, slug: str) -> tuple[Programme, Actor]:
    programme, actor = _programme(slug), actor_from_request(request)
    if not can_add_evidence(actor.person, programme):
        raise PermissionDenied(_("Only the panel and the officers running this programme can open this page."))
    return programme, actor


def _saved_on_form(request: HttpRequest, form: forms.BaseForm, call: Callable[[], object], done: str) -> bool:
    return form_service_call(request, form, call, done, refusals_on_form=True)


def _which(request: HttpRequest) -> str:
    return request.POST.get("form", "") if request.method == "POST" else ""


def _bound(*candidates: forms.BaseForm) -> forms.BaseForm | None:
    """The one form that was sent, for the error summary and the page title."""
    return next((form for form in candidates if form.is_bound), None)


# Stage 1: evidence, assets, needs and outcomes


@login_required
def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _for_panel(request, slug)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    here = reverse("commissioning:needs_evidence", args=[slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved_on_form(
            request,
            form,
            lambda: services.evidence_item_add(
                actor=actor,
                programme=programme,
                kind=EvidenceKind(data["kind"]),
                title=data["title"],
                summary=data["summary"],
                source=data["source"],
                gathered_on=data["gathered_on"],
                is_public=data["is_public"],
                upload=data["upload"],
            ),
            _("The evidence is added."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/evidence.html",
        {
            "programme": programme,
            "form": form,
            "items": selectors.evidence_for(programme=programme, public_only=False),
            "open": programme.stage in services.BEFORE_ACQUISITION,
        },
    )


@login_required
def need_statements(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _for_panel(request, slug)
    items = selectors.evidence_for(programme=programme, public_only=False)
    form = NeedForm(request.POST or None, evidence=items)
    here = reverse("commissioning:needs_statements", args=[slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved_on_form(
            request,
            form,
            lambda: services.need_statement_add(
                actor=actor, programme=programme, statement=data["statement"], evidence=list(data["evidence"])
            ),
            _("The need is added."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/needs.html",
        {
            "programme": programme,
            "form": form,
            "needs": selectors.needs_for(programme=programme, public_only=False),
            "has_evidence": items.exists(),
            "open": programme.stage == Stage.NEEDS,
        },
    )


@login_required
def assets(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    form = AssetForm(request.POST or None, wards=wards_current(on=timezone.localdate()))
    here = reverse("commissioning:needs_assets", args=[slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved_on_form(
            request,
            form,
            lambda: services.asset_add(
                actor=actor,
                programme=programme,
                name=data["name"],
                kind=AssetKind(data["kind"]),
                description=data["description"],
                ward=data["ward"],
                place=data["place"],
                run_by=data["run_by"],
            ),
            _("The asset is on the map."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/assets.html",
        {
            "programme": programme,
            "officer_page": True,
            "form": form,
            "assets": selectors.assets_for(programme=programme),
            "open": programme.stage in services.BEFORE_ACQUISITION,
        },
    )


@login_required
def outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    which = _which(request)
    listed = selectors.outcomes_for(programme=programme)
    outcome_form = OutcomeForm(request.POST if which == "outcome" else None, prefix="outcome")
    indicator_form = IndicatorForm(request.POST if which == "indicator" else None, prefix="indicator", outcomes=listed)
    here = reverse("commissioning:needs_outcomes", args=[slug])
    if which == "outcome" and outcome_form.is_valid():
        data = outcome_form.cleaned_data
        if _saved_on_form(
            request,
            outcome_form,
            lambda: services.outcome_add(
                actor=actor,
                programme=programme,
                title=data["title"],
                description=data["description"],
                measure=data["measure"],
                baseline=data["baseline"],
                method=data["method"],
            ),
            _("The outcome is added."),
        ):
            return redirect(here)
    if which == "indicator" and indicator_form.is_valid():
        data = indicator_form.cleaned_data
        if _saved_on_form(
            request,
            indicator_form,
            lambda: services.indicator_add(
                actor=actor,
                outcome=data["outcome"],
                measure=data["measure"],
                baseline=data["baseline"],
                method=data["method"],
            ),
            _("The indicator is added."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/outcomes.html",
        {
            "programme": programme,
            "officer_page": True,
            "form": _bound(outcome_form, indicator_form),
            "outcome_form": outcome_form,
            "indicator_form": indicator_form,
            "outcomes": listed,
            "open": programme.stage == Stage.NEEDS,
        },
    )


# Stage 2: the dot vote, the budget split, the equality assessment and the decisions


@login_required
def dots(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _programme(slug), actor_from_request(request)
    seat = panel_seat_of(actor.subject, programme)
    if seat is None or not can_place_dots(actor.subject, programme):
        raise PermissionDenied(_("Only members of the panel place dots."))
    vote = selectors.dot_vote_of(programme=programme)
    listed = list(selectors.outcomes_for(programme=programme))
    mine = selectors.dots_of(vote=vote, member=seat) if vote else {}
    form = DotsForm(
        request.POST or None,
        outcomes=listed,
        initial={outcome_field_name(outcome): mine.get(outcome.pk, 0) for outcome in listed},
    )
    here = reverse("commissioning:needs_dots", args=[slug])
    if request.method == "POST" and form.is_valid():
        if _saved_on_form(
            request,
            form,
            lambda: services.dots_place(actor=actor, programme=programme, dots=form.dots()),
            _("Your dots are saved. You can change them until the vote closes."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/dots.html",
        {"programme": programme, "form": form, "vote": vote, "voted": bool(mine), "seat": seat},
    )


@login_required
def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    which = _which(request)
    posted = request.POST if request.method == "POST" else None
    listed = list(selectors.outcomes_for(programme=programme))
    result = selectors.priorities_result(programme=programme)
    open_form = DotVoteOpenForm(posted if which == "open" else None, prefix="open")
    split_form = BudgetSplitForm(
        posted if which == "split" else None,
        prefix="split",
        outcomes=listed,
        initial={outcome_field_name(row.outcome): row.budget_pence for row in result.rows if row.budget_pence},
    )
    recommend_form = RecommendationForm(posted if which == "recommend" else None, prefix="recommend")
    decide_form = PrioritiesDecisionForm(posted if which == "decide" else None, prefix="decide")
    close_form = forms.Form(posted if which == "close" else None)
    here = reverse("commissioning:needs_priorities", args=[slug])
    steps: dict[str, tuple[forms.BaseForm, Callable[[], object], str]] = {
        "open": (
            open_form,
            lambda: services.dot_vote_open(
                actor=actor, programme=programme, dots_per_member=open_form.cleaned_data["dots_per_member"]
            ),
            _("The dot vote is open. Panel members can now place their dots."),
        ),
        "close": (
            close_form,
            lambda: services.dot_vote_close(actor=actor, programme=programme),
            _("The dot vote is closed."),
        ),
        "split": (
            split_form,
            lambda: services.budget_split_set(actor=actor, programme=programme, amounts=split_form.amounts()),
            _("The budget split is saved."),
        ),
        "recommend": (
            recommend_form,
            lambda: services.priorities_recommend(
                actor=actor, programme=programme, reasons=recommend_form.cleaned_data["reasons"]
            ),
            _("The panel's recommendation is recorded and published."),
        ),
        "decide": (
            decide_form,
            lambda: services.priorities_decide(
                actor=actor,
                programme=programme,
                decision_maker=DecisionMaker(decide_form.cleaned_data["decision_maker"]),
                decided_by=decide_form.cleaned_data["decided_by"],
                decided_at=_noon(decide_form.cleaned_data["decided_on"]),
                rationale=decide_form.cleaned_data["rationale"],
            ),
            _("The decision is recorded and published."),
        ),
    }
    if which in steps:
        form, call, done = steps[which]
        if form.is_valid() and _saved_on_form(request, form, call, done):
            return redirect(here)
    vote = selectors.dot_vote_of(programme=programme)
    return render(
        request,
        "commissioning/needs/priorities.html",
        {
            "programme": programme,
            "officer_page": True,
            "form": _bound(open_form, close_form, split_form, recommend_form, decide_form),
            "close_form": close_form,
            "open_form": open_form,
            "split_form": split_form,
            "recommend_form": recommend_form,
            "decide_form": decide_form,
            "vote": vote,
            "result": result,
            "chart": priorities_chart(result, chart_id="priorities-chart"),
            "record": selectors.priorities_decision_of(programme=programme),
            "assessment": selectors.equality_assessment_of(programme=programme),
            "in_stage": programme.stage == Stage.PRIORITIES,
            "seat_labels": dict(SeatType.choices),
        },
    )


def _noon(day: date) -> datetime:
    """A decision known only by its date is recorded at noon that day, local time (or now, if earlier)."""
    return min(timezone.make_aware(datetime.combine(day, time(12, 0))), timezone.now())


@login_required
def equality_assessment(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    existing = selectors.equality_assessment_of(programme=programme)
    initial: dict[str, Any] = {}
    if existing is not None:
        initial = {
            "evidence_used": existing.evidence_used,
            "outcome": existing.outcome,
            "completed_on": existing.completed_on,
        }
        for impact in existing.impacts.all():
            initial[f"impact_{impact.characteristic}"] = impact.impact
            initial[f"mitigation_{impact.characteristic}"] = impact.mitigation
    form = EqualityAssessmentForm(request.POST or None, request.FILES or None, initial=initial)
    here = reverse("commissioning:needs_equality", args=[slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved_on_form(
            request,
            form,
            lambda: services.equality_assessment_record(
                actor=actor,
                programme=programme,
                evidence_used=data["evidence_used"],
                outcome=EiaOutcome(data["outcome"]),
                completed_on=data["completed_on"],
                impacts=form.impacts(),
                upload=data["upload"],
            ),
            _("The equality impact assessment is saved."),
        ):
            return redirect(here)
    rows = [
        (characteristic, form[f"impact_{characteristic.value}"], form[f"mitigation_{characteristic.value}"])
        for characteristic in ProtectedCharacteristic
    ]
    return render(
        request,
        "commissioning/needs/equality.html",
        {"programme": programme, "officer_page": True, "form": form, "rows": rows, "assessment": existing},
    )


# Stage 3: the market and the options


@login_required
def market(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    form = MarketEngagementForm(request.POST or None)
    here = reverse("commissioning:needs_market", args=[slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved_on_form(
            request,
            form,
            lambda: services.market_engagement_add(
                actor=actor,
                programme=programme,
                held_on=data["held_on"],
                kind=MarketEventKind(data["kind"]),
                organisations=data["organisations"],
                notes=data["notes"],
            ),
            _("The notes are saved."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/market.html",
        {
            "programme": programme,
            "officer_page": True,
            "form": form,
            "engagements": selectors.market_engagements_for(programme=programme),
            "open": programme.stage in services.BEFORE_ACQUISITION,
        },
    )


@login_required
def options(request: HttpRequest, slug: str) -> HttpResponse:
    programme, actor = _managed(request, slug)
    which = _which(request)
    appraise_form = OptionAppraisalForm(request.POST if which == "appraise" else None, prefix="appraise")
    choose_form = RouteChoiceForm(request.POST if which == "choose" else None, prefix="choose")
    here = reverse("commissioning:needs_options", args=[slug])
    if which == "appraise" and appraise_form.is_valid():
        data = appraise_form.cleaned_data
        if _saved_on_form(
            request,
            appraise_form,
            lambda: services.option_appraise(
                actor=actor,
                programme=programme,
                route=DeliveryRoute(data["route"]),
                benefits=data["benefits"],
                risks=data["risks"],
                cost_estimate_pence=data["cost_estimate_pence"],
                is_viable=data["is_viable"],
            ),
            _("The appraisal of this route is saved."),
        ):
            return redirect(here)
    if which == "choose" and choose_form.is_valid():
        data = choose_form.cleaned_data
        if _saved_on_form(
            request,
            choose_form,
            lambda: services.route_choose(
                actor=actor,
                programme=programme,
                route=DeliveryRoute(data["route"]),
                decision_maker=DecisionMaker(data["decision_maker"]),
                decided_by=data["decided_by"],
                reasons=data["reasons"],
            ),
            _("The route is chosen, and the decision published."),
        ):
            return redirect(here)
    return render(
        request,
        "commissioning/needs/options.html",
        {
            "programme": programme,
            "officer_page": True,
            "form": _bound(appraise_form, choose_form),
            "appraise_form": appraise_form,
            "choose_form": choose_form,
            "appraisals": selectors.option_appraisals_for(programme=programme),
            "choice": selectors.route_choice_of(programme=programme),
            "in_stage": programme.stage == Stage.OPTIONS,
        },
    )


urlpatterns: list[URLPattern] = [
    path("commissioning/<slug:slug>/evidence/", evidence, name="needs_evidence"),
    path("commissioning/<slug:slug>/needs/", need_statements, name="needs_statements"),
    path("commissioning/<slug:slug>/priorities/dots/", dots, name="needs_dots"),
    path("officer/commissioning/<slug:slug>/assets/", assets, name="needs_assets"),
    path("officer/commissioning/<slug:slug>/outcomes/", outcomes, name="needs_outcomes"),
    path("officer/commissioning/<slug:slug>/priorities/", priorities, name="needs_priorities"),
    path("officer/commissioning/<slug:slug>/equality-assessment/", equality_assessment, name="needs_equality"),
    path("officer/commissioning/<slug:slug>/market/", market, name="needs_market"),
    path("officer/commissioning/<slug:slug>/options/", options, name="needs_options"),
]


# The programme's public page: stage 1 (10), stage 2 (20), stage 3 (30).


def _needs_part(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "evidence": selectors.evidence_for(programme=programme, public_only=True),
        "assets": selectors.assets_for(programme=programme),
        "needs": selectors.needs_for(programme=programme, public_only=True),
        "outcomes": selectors.outcomes_for(programme=programme),
        "works_on_it": can_add_evidence(viewer, programme),
    }


def _priorities_part(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    vote = selectors.dot_vote_of(programme=programme)
    result = selectors.priorities_result(programme=programme)
    # Results are published once the vote closes, so early dots do not sway later ones.
    closed = vote is not None and not vote.is_open
    return {
        "programme": programme,
        "vote": vote,
        "closed": closed,
        "result": result,
        "chart": priorities_chart(result, chart_id="public-priorities-chart") if closed else "",
        "assessment": selectors.equality_assessment_of(programme=programme),
        "record": selectors.priorities_decision_of(programme=programme),
        "seat_labels": dict(SeatType.choices),
        "may_place_dots": vote is not None and vote.is_open and can_place_dots(viewer, programme),
    }


def _options_part(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "engagements": selectors.market_engagements_for(programme=programme),
        "appraisals": selectors.option_appraisals_for(programme=programme),
        "choice": selectors.route_choice_of(programme=programme),
    }


def _officer_links(programme: Programme) -> list[tuple[str, str]]:
    slug = [programme.slug]
    return [
        (reverse("commissioning:needs_evidence", args=slug), _("Stage 1: evidence")),
        (reverse("commissioning:needs_assets", args=slug), _("Stage 1: the asset map")),
        (reverse("commissioning:needs_statements", args=slug), _("Stage 1: needs statements")),
        (reverse("commissioning:needs_outcomes", args=slug), _("Stage 1: outcomes and indicators")),
        (reverse("commissioning:needs_priorities", args=slug), _("Stage 2: dot vote, budget split and decision")),
        (reverse("commissioning:needs_equality", args=slug), _("Stage 2: equality impact assessment")),
        (reverse("commissioning:needs_market", args=slug), _("Stage 3: market engagement")),
        (reverse("commissioning:needs_options", args=slug), _("Stage 3: options appraisal and route")),
    ]


public_part_register(order=10, template="commissioning/needs/_public_needs.html", context=_needs_part)
public_part_register(order=20, template="commissioning/needs/_public_priorities.html", context=_priorities_part)
public_part_register(order=30, template="commissioning/needs/_public_options.html", context=_options_part)
officer_links_register(order=10, links=_officer_links)
private_file_policy_register("commissioning.EvidenceItem", can_download_needs_file)
private_file_policy_register("commissioning.EqualityImpactAssessment", can_download_needs_file)
