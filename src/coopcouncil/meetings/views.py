from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import AccessNeed
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.core.form_errors import service_errors_to_form
from coopcouncil.meetings import selectors, services
from coopcouncil.meetings.forms import CheckInForm, RegistrationForm
from coopcouncil.meetings.ical import meetings_ical
from coopcouncil.meetings.models import Meeting
from coopcouncil.meetings.permissions import can_come_to, can_organise_meeting, can_schedule_meeting, can_see_meeting
from coopcouncil.places.models import Community
from coopcouncil.places.selectors import community_get


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_get(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    if not can_see_meeting(actor_from_request(request).subject, meeting):
        raise Http404
    return meeting


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    person = actor_from_request(request).subject
    registration = selectors.registration_of(meeting=meeting, person_id=person.pk if person else None)
    today = timezone.localdate()
    minutes = getattr(meeting, "minutes", None)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.all(),
            "registration": registration,
            "can_come": can_come_to(person, meeting),
            "is_past": meeting.ends_at < timezone.now(),
            "check_in_form": CheckInForm() if timezone.localdate(meeting.starts_at) == today and person else None,
            "checked_in": person is not None and meeting.attendances.filter(person=person).exists(),
            "minutes": minutes if minutes is not None and minutes.published_at else None,
            "actions": meeting.actions.all(),
            "decisions": meeting.decisions.prefetch_related("consent_responses"),
            "can_organise": can_organise_meeting(actor_from_request(request).person, meeting),
        },
    )


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    actor = actor_from_request(request)
    form = RegistrationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_make(
                actor=actor,
                meeting=meeting,
                joining_online=form.cleaned_data.get("joining_online", False),
                access_needs=[AccessNeed(value) for value in form.cleaned_data["access_needs"]],
                language=form.cleaned_data["language"],
                other_needs=form.cleaned_data["other_needs"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("You are registered. The organisers will arrange what you asked for."))
            return redirect(meeting)
    return render(request, "meetings/register.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    actor = actor_from_request(request)
    registration = selectors.registration_of(meeting=meeting, person_id=actor.subject.pk if actor.subject else None)
    if registration is None:
        raise Http404
    services.registration_cancel(actor=actor, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(meeting)


@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in(actor=actor_from_request(request), meeting=meeting, code=form.cleaned_data["code"])
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("You are checked in. Welcome."))
            return redirect(meeting)
    return render(request, "meetings/check_in.html", {"meeting": meeting, "form": form})


def _community(slug: str) -> Community:
    try:
        return community_get(slug=slug)
    except Community.DoesNotExist as error:
        raise Http404 from error


def community_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    return render(
        request,
        "meetings/community_meetings.html",
        {
            "community": community,
            "upcoming": selectors.meetings_upcoming(owner=community),
            "past": selectors.meetings_of(owner=community)
            .filter(ends_at__lt=timezone.now())
            .order_by("-starts_at")[:20],
            "can_schedule": can_schedule_meeting(actor_from_request(request).person, community),
        },
    )


def community_meetings_ical(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(slug)
    body = meetings_ical(
        selectors.meetings_of(owner=community).order_by("starts_at"),
        calendar_name=_("Meetings of %(community)s") % {"community": community.name},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{community.slug}-meetings.ics"'
    return response
