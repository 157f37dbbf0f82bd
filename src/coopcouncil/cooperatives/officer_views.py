from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.cooperatives import selectors, services
from coopcouncil.cooperatives.forms import (
    ApplicationDecisionForm,
    ExpulsionHearingForm,
    ExpulsionNoticeForm,
    IncomeForm,
    LeavingForm,
    MembershipClassForm,
    MembershipTargetForm,
)
from coopcouncil.cooperatives.models import Cooperative, ExpulsionStatus, LeavingReason, MembershipApplication
from coopcouncil.cooperatives.permissions import can_manage_cooperative
from coopcouncil.core.form_errors import form_service_call, service_errors_to_form


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


@login_required
def member_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One line of the register: record that the member left, or give notice of expulsion and record the hearing."""
    cooperative = _managed(request, slug)
    member = get_object_or_404(selectors.register_of(cooperative=cooperative, include_former=True), pk=pk)
    actor = actor_from_request(request)
    which = request.POST.get("form", "")
    leaving = LeavingForm(request.POST if which == "leaving" else None, prefix="leaving")
    notice = ExpulsionNoticeForm(request.POST if which == "notice" else None, prefix="notice")
    hearing = ExpulsionHearingForm(request.POST if which == "hearing" else None, prefix="hearing")
    case = member.expulsion_cases.filter(status=ExpulsionStatus.NOTICE_GIVEN).first()
    done = False
    if which == "leaving" and leaving.is_valid():
        data = leaving.cleaned_data
        done = form_service_call(
            request,
            leaving,
            lambda: services.member_leaving_record(
                actor=actor, member=member, reason=LeavingReason(data["reason"]), note=data["note"], on=data["on"]
            ),
            _("The register shows they have left."),
        )
    elif which == "notice" and notice.is_valid():
        data = notice.cleaned_data
        done = form_service_call(
            request,
            notice,
            lambda: services.expulsion_notice_give(
                actor=actor,
                member=member,
                reasons=data["reasons"],
                notice_given_on=data["notice_given_on"],
                meeting_on=data["meeting_on"],
            ),
            _("Notice is recorded and the member has been told."),
        )
    elif which == "hearing" and case is not None and hearing.is_valid():
        data = hearing.cleaned_data
        done = form_service_call(
            request,
            hearing,
            lambda: services.expulsion_hearing_record(
                actor=actor,
                case=case,
                heard_on=data["heard_on"],
                representations=data["representations"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                abstentions=data["abstentions"],
            ),
            _("The meeting's decision is recorded."),
        )
    if done:
        return redirect(request.path)
    return render(
        request,
        "cooperatives/officer/member.html",
        {
            "cooperative": cooperative,
            "member": member,
            "case": case,
            "cases": member.expulsion_cases.all(),
            "leaving_form": leaving,
            "notice_form": notice,
            "hearing_form": hearing,
        },
    )


@login_required
def membership_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The kinds of member and the membership target."""
    cooperative = _managed(request, slug)
    actor = actor_from_request(request)
    which = request.POST.get("form", "")
    target = MembershipTargetForm(
        request.POST if which == "target" else None,
        prefix="target",
        initial={"target": cooperative.membership_target, "by": cooperative.membership_target_on},
    )
    added = MembershipClassForm(request.POST if which == "class" else None, prefix="class")
    done = False
    if which == "target" and target.is_valid():
        done = form_service_call(
            request,
            target,
            lambda: services.membership_target_set(
                actor=actor, cooperative=cooperative, target=target.cleaned_data["target"], by=target.cleaned_data["by"]
            ),
            _("The target is set."),
        )
    elif which == "class" and added.is_valid():
        data = added.cleaned_data
        done = form_service_call(
            request,
            added,
            lambda: services.membership_class_add(
                actor=actor,
                cooperative=cooperative,
                name=data["name"],
                description=data["description"],
                minimum_age=data["minimum_age"],
                maximum_age=data["maximum_age"],
                is_provider_class=data["is_provider_class"],
            ),
            _("The kind of member is added."),
        )
    if done:
        return redirect(request.path)
    return render(
        request,
        "cooperatives/officer/settings.html",
        {
            "cooperative": cooperative,
            "classes": selectors.classes_of(cooperative=cooperative),
            "target_form": target,
            "class_form": added,
        },
    )
