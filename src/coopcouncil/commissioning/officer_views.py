"""Officers' pages for running a programme: setting it up, its panel, and moving through the stages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors, services
from coopcouncil.commissioning.forms import AppointForm, ProgrammeForm, SeatRuleForm, StageAdvanceForm, StepDownForm
from coopcouncil.commissioning.models import STAGE_ORDER, PanelMember, Programme, SeatType, Stage
from coopcouncil.commissioning.permissions import can_manage_programme
from coopcouncil.commissioning.public import officer_links_for
from coopcouncil.core.form_errors import service_errors_to_form


def managed_programme(request: HttpRequest, slug: str) -> Programme:
    try:
        programme = selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error
    if not can_manage_programme(actor_from_request(request).person, programme):
        raise PermissionDenied(_("Only officers running this programme can open this page."))
    return programme


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = actor_from_request(request)
        data = form.cleaned_data
        try:
            if actor.person is None:
                raise PermissionDenied
            programme = services.programme_create(
                actor=actor,
                owner=data["owner"],
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                lead_officer=actor.person,
                budget_envelope_pence=data["budget_envelope_pence"],
            )
        except PermissionDenied:
            form.add_error(
                "owner", _("You do not run programmes for this community or co-operative. Choose one you do.")
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The programme is set up. Add the panel's seats next."))
            return redirect(reverse("commissioning:programme_manage", args=[programme.slug]))
    return render(request, "commissioning/officer/programme_form.html", {"form": form})


@login_required
def programme_manage(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    index = STAGE_ORDER.index(Stage(programme.stage))
    next_stage = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None
    form = StageAdvanceForm(request.POST or None)
    if request.method == "POST" and next_stage is not None and form.is_valid():
        try:
            services.programme_stage_advance(
                actor=actor_from_request(request),
                programme=programme,
                to=next_stage,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The programme is now at “%(stage)s”.") % {"stage": next_stage.label})
            return redirect(reverse("commissioning:programme_manage", args=[programme.slug]))
    return render(
        request,
        "commissioning/officer/programme_manage.html",
        {
            "programme": programme,
            "next_stage": next_stage,
            "problems": services.stage_problems(programme, next_stage) if next_stage else [],
            "form": form,
            "stages": selectors.stages_with_state(programme=programme),
            "stage_links": officer_links_for(programme),
        },
    )


@login_required
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    actor = actor_from_request(request)
    which = request.POST.get("form")
    seat_form = SeatRuleForm(request.POST if which == "seats" else None, prefix="seats")
    appoint_form = AppointForm(request.POST if which == "appoint" else None, prefix="appoint")
    if which == "seats" and seat_form.is_valid():
        try:
            services.seat_rule_set(
                actor=actor,
                programme=programme,
                seat_type=SeatType(seat_form.cleaned_data["seat_type"]),
                seats=seat_form.cleaned_data["seats"],
                quorum=seat_form.cleaned_data["quorum"],
                score_weight=seat_form.cleaned_data["score_weight"],
            )
        except ValidationError as error:
            service_errors_to_form(seat_form, error)
        else:
            messages.success(request, _("The seats are saved."))
            return redirect(reverse("commissioning:panel", args=[programme.slug]))
    if which == "appoint" and appoint_form.is_valid():
        person = Person.objects.filter(
            user__email__iexact=appoint_form.cleaned_data["email"], anonymised_at__isnull=True
        ).first()
        if person is None:
            appoint_form.add_error("email", _("Nobody has an account with that email address."))
        else:
            try:
                services.panel_member_appoint(
                    actor=actor,
                    programme=programme,
                    person=person,
                    seat_type=SeatType(appoint_form.cleaned_data["seat_type"]),
                    note=appoint_form.cleaned_data["note"],
                )
            except ValidationError as error:
                service_errors_to_form(appoint_form, error)
            else:
                messages.success(request, _("%(name)s is on the panel.") % {"name": person.display_name})
                return redirect(reverse("commissioning:panel", args=[programme.slug]))
    return render(
        request,
        "commissioning/officer/panel.html",
        {
            "programme": programme,
            "seat_form": seat_form,
            "appoint_form": appoint_form,
            "seats": selectors.seat_counts(programme=programme),
            "history": selectors.panel_history(programme=programme),
        },
    )


@login_required
@require_POST
def panel_step_down(request: HttpRequest, slug: str, member_pk: int) -> HttpResponse:
    programme = managed_programme(request, slug)
    member = get_object_or_404(PanelMember, pk=member_pk, programme=programme)
    form = StepDownForm(request.POST)
    if form.is_valid():
        try:
            services.panel_member_step_down(
                actor=actor_from_request(request), member=member, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has stepped down.") % {"name": member.person.display_name})
    else:
        messages.error(request, _("Say why they are stepping down."))
    return redirect(reverse("commissioning:panel", args=[programme.slug]))
