"""The organiser's page for a meeting: who is coming and what they need, attendance, minutes,
actions and decisions. Each form posts to its own view and comes back here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.selectors import actor_from_request, people_search, person_for_officer
from coopcouncil.core.form_errors import form_service_call, service_errors_to_form
from coopcouncil.meetings import selectors, services
from coopcouncil.meetings.forms import (
    ActionForm,
    AttendanceForm,
    ConsentDecisionForm,
    MeetingScheduleForm,
    MinutesForm,
    VoteDecisionForm,
)
from coopcouncil.meetings.models import ActionItem, AttendanceHow, Meeting, MeetingKind, VenueFeature
from coopcouncil.meetings.permissions import can_organise_meeting


def _organised(request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_get(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    if not can_organise_meeting(actor_from_request(request).person, meeting):
        raise PermissionDenied
    return meeting


def _attendees(meeting: Meeting) -> Any:
    return Person.objects.filter(meeting_attendances__meeting=meeting).order_by("full_name")


def _not_yet_here(meeting: Meeting) -> Any:
    return (
        Person.objects.filter(meeting_registrations__meeting=meeting, meeting_registrations__cancelled_at__isnull=True)
        .exclude(meeting_attendances__meeting=meeting)
        .order_by("full_name")
    )


def _page(request: HttpRequest, meeting: Meeting, **forms: Form) -> HttpResponse:
    minutes = getattr(meeting, "minutes", None)
    context: dict[str, Any] = {
        "meeting": meeting,
        "summary": selectors.needs_summary(meeting=meeting),
        "registrations": selectors.registrations_current(meeting=meeting),
        "attendances": meeting.attendances.select_related("person"),
        "attendance_form": AttendanceForm(people=_not_yet_here(meeting)),
        "minutes_form": MinutesForm(initial={"text": minutes.text if minutes else ""}),
        "action_form": ActionForm(),
        "vote_form": VoteDecisionForm(people=_attendees(meeting)),
        "consent_form": ConsentDecisionForm(people=list(_attendees(meeting))),
        "actions": meeting.actions.all(),
        "decisions": meeting.decisions.all(),
        "minutes": minutes,
        "walk_in_query": request.GET.get("q", "").strip(),
        "walk_ins": _walk_ins(request, meeting),
    }
    context.update(forms)
    status = 400 if forms else 200
    return render(request, "meetings/officer/meeting_manage.html", context, status=status)


def _walk_ins(request: HttpRequest, meeting: Meeting) -> Any:
    """People who came without registering, found as at a drop-in hub (assisted profiles included)."""
    query = request.GET.get("q", "").strip()
    if not query:
        return []
    here = set(meeting.attendances.values_list("person_id", flat=True))
    return [p for p in people_search(officer=actor_from_request(request).person, query=query) if p.pk not in here]


@login_required
@require_POST
def attendance_walk_in(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    person = person_for_officer(officer=actor_from_request(request).person, pk=person_pk)
    if person is None:
        raise Http404
    try:
        services.attendance_record(actor=actor_from_request(request), meeting=meeting, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded as here."))
    return _back(meeting, "attendance")


@login_required
def meeting_manage(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _organised(request, pk))


def _back(meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(reverse("meetings:meeting_manage", args=[meeting.pk]) + f"#{anchor}")


@login_required
@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = AttendanceForm(request.POST, people=_not_yet_here(meeting))
    if form.is_valid() and form_service_call(
        request,
        form,
        lambda: services.attendance_record(
            actor=actor_from_request(request),
            meeting=meeting,
            person=form.cleaned_data["person"],
            how=AttendanceHow.ONLINE if form.cleaned_data["online"] else AttendanceHow.RECORDED,
        ),
        _("Recorded as here."),
    ):
        return _back(meeting, "attendance")
    return _page(request, meeting, attendance_form=form)


@login_required
@require_POST
def minutes_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid() and form_service_call(
        request,
        form,
        lambda: services.minutes_save(
            actor=actor_from_request(request),
            meeting=meeting,
            text=form.cleaned_data["text"],
            publish=form.cleaned_data["publish"],
        ),
        _("Minutes saved."),
    ):
        return _back(meeting, "minutes")
    return _page(request, meeting, minutes_form=form)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid() and form_service_call(
        request,
        form,
        lambda: services.action_add(
            actor=actor_from_request(request),
            meeting=meeting,
            description=form.cleaned_data["description"],
            owner_name=form.cleaned_data["owner_name"],
            due_on=form.cleaned_data["due_on"],
        ),
        _("Action added."),
    ):
        return _back(meeting, "actions")
    return _page(request, meeting, action_form=form)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    try:
        action = meeting.actions.get(pk=action_pk)
    except ActionItem.DoesNotExist as error:
        raise Http404 from error
    try:
        services.action_done(actor=actor_from_request(request), action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(meeting, "actions")


@login_required
@require_POST
def decision_vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = VoteDecisionForm(request.POST, people=_attendees(meeting))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_by_vote(
                actor=actor_from_request(request),
                meeting=meeting,
                title=data["title"],
                proposal=data["proposal"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                abstentions=data["abstentions"],
                participants=list(data["participants"]),
                reasons=data["reasons"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Decision recorded and published in the decision log."))
            return _back(meeting, "decisions")
    return _page(request, meeting, vote_form=form)


@login_required
@require_POST
def decision_consent(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _organised(request, pk)
    form = ConsentDecisionForm(request.POST, people=list(_attendees(meeting)))
    if form.is_valid() and form_service_call(
        request,
        form,
        lambda: services.decision_by_consent(
            actor=actor_from_request(request),
            meeting=meeting,
            title=form.cleaned_data["title"],
            proposal=form.cleaned_data["proposal"],
            answers=[services.ConsentGiven(*given) for given in form.answers()],
            reasons=form.cleaned_data["reasons"],
        ),
        _("Decision recorded and published in the decision log."),
    ):
        return _back(meeting, "decisions")
    return _page(request, meeting, consent_form=form)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    """Schedule a meeting of a community, or a co-operative, the officer works for."""
    actor = actor_from_request(request)
    communities = selectors.communities_organised_by(person=actor.person)
    organisations = selectors.cooperatives_organised_by(person=actor.person)
    if not communities.exists() and not organisations:
        raise PermissionDenied
    form = MeetingScheduleForm(
        request.POST or None,
        communities=communities,
        organisations=organisations,
        initial=_initial_owner(request, communities),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        try:
            meeting = services.meeting_schedule(
                actor=actor,
                owner=data["owner"],
                title=data["title"],
                kind=MeetingKind(data["kind"]),
                starts_at=datetime.combine(data["date"], data["starts_at"], tzinfo=zone),
                ends_at=datetime.combine(data["date"], data["ends_at"], tzinfo=zone),
                venue=services.Venue(
                    name=data["venue_name"],
                    address=data["venue_address"],
                    features=[VenueFeature(value) for value in data["venue_features"]],
                    accessibility_notes=data["accessibility_notes"],
                    online_link=data["online_link"],
                ),
                summary=data["summary"],
                is_public=data["is_public"],
                agenda=[(line.strip(), "") for line in data["agenda"].splitlines() if line.strip()],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting is in the calendar; followers of the community are told."))
            return redirect(meeting)
    return render(request, "meetings/officer/meeting_new.html", {"form": form})


def _initial_owner(request: HttpRequest, communities: Any) -> dict[str, Any]:
    slug = request.GET.get("community", "")
    chosen = communities.filter(slug=slug).first() if slug else None
    return {"owner": f"community:{chosen.pk}"} if chosen else {}
