"""Pages for general meetings and resolutions: members read and vote; the people who run the
co-operative call meetings, put resolutions, and open and close the voting."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.cooperatives import selectors, services
from coopcouncil.cooperatives.forms import (
    ElectionBallotForm,
    ElectionOpenForm,
    GeneralMeetingForm,
    InterestForm,
    LotsForm,
    NominationForm,
    ResolutionForm,
    VoteForm,
)
from coopcouncil.cooperatives.models import (
    BoardElection,
    BoardMember,
    BoardSeatEnd,
    Cooperative,
    GeneralMeeting,
    Resolution,
    ResolutionKind,
    VoteChoice,
)
from coopcouncil.cooperatives.permissions import can_manage_cooperative, can_see_general_meeting, current_membership
from coopcouncil.core.form_errors import service_errors_to_form
from coopcouncil.meetings.services import Venue


def _cooperative(slug: str) -> Cooperative:
    try:
        return selectors.cooperative_get(slug=slug)
    except Cooperative.DoesNotExist as error:
        raise Http404 from error


def _general_meeting(cooperative: Cooperative, pk: int) -> GeneralMeeting:
    try:
        return selectors.general_meetings_of(cooperative=cooperative).get(pk=pk)
    except GeneralMeeting.DoesNotExist as error:
        raise Http404 from error


def _resolution(cooperative: Cooperative, pk: int) -> Resolution:
    try:
        return selectors.resolution_get(cooperative=cooperative, pk=pk)
    except Resolution.DoesNotExist as error:
        raise Http404 from error


def _for_members(request: HttpRequest, general_meeting: GeneralMeeting) -> None:
    actor = actor_from_request(request)
    if not can_see_general_meeting(actor.subject, actor.person, general_meeting):
        raise Http404


def general_meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _cooperative(slug)
    general_meeting = _general_meeting(cooperative, pk)
    _for_members(request, general_meeting)
    person = actor_from_request(request).subject
    return render(
        request,
        "cooperatives/general_meeting.html",
        {
            "cooperative": cooperative,
            "general_meeting": general_meeting,
            "meeting": general_meeting.meeting,
            "resolutions": general_meeting.resolutions.all(),
            "quorum": selectors.quorum_of(general_meeting=general_meeting),
            "membership": current_membership(person, cooperative),
            "can_manage": can_manage_cooperative(actor_from_request(request).person, cooperative),
        },
    )


def resolution_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _cooperative(slug)
    resolution = _resolution(cooperative, pk)
    _for_members(request, resolution.general_meeting)
    actor = actor_from_request(request)
    member = current_membership(actor.subject, cooperative)
    form = VoteForm(request.POST or None)
    if request.method == "POST":
        if member is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.resolution_vote(
                    actor=actor, resolution=resolution, choice=VoteChoice(form.cleaned_data["choice"])
                )
            except ValidationError as error:
                service_errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your vote is counted. Thank you."))
                return redirect(resolution.get_absolute_url())
    return render(
        request,
        "cooperatives/resolution.html",
        {
            "cooperative": cooperative,
            "resolution": resolution,
            "general_meeting": resolution.general_meeting,
            "member": member,
            "voted": selectors.vote_of(resolution=resolution, member=member),
            "declared": member is not None and resolution.interests.filter(member=member).exists(),
            "form": form,
            "is_special": resolution.kind == ResolutionKind.SPECIAL,
        },
    )


@login_required
def interest_declare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _cooperative(slug)
    resolution = _resolution(cooperative, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_declare(
                actor=actor_from_request(request), resolution=resolution, description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your interest is recorded. You will not vote on this resolution."))
            return redirect(resolution.get_absolute_url())
    return render(
        request,
        "cooperatives/interest_declare.html",
        {"cooperative": cooperative, "resolution": resolution, "form": form},
    )


def _managed(request: HttpRequest, slug: str) -> Cooperative:
    cooperative = _cooperative(slug)
    if not can_manage_cooperative(actor_from_request(request).person, cooperative):
        raise PermissionDenied
    return cooperative


@login_required
def general_meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = _managed(request, slug)
    form = GeneralMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        try:
            general_meeting = services.general_meeting_call(
                actor=actor_from_request(request),
                cooperative=cooperative,
                title=data["title"],
                starts_at=datetime.combine(data["starts_on"], data["starts_at_time"], tzinfo=zone),
                ends_at=datetime.combine(data["starts_on"], data["ends_at_time"], tzinfo=zone),
                venue=Venue(name=data["venue_name"], address=data["venue_address"], online_link=data["online_link"]),
                is_annual=data["is_annual"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Notice has been sent to every member."))
            return redirect(reverse("cooperatives:general_meeting_manage", args=[cooperative.slug, general_meeting.pk]))
    return render(request, "cooperatives/officer/general_meeting_new.html", {"cooperative": cooperative, "form": form})


@login_required
def general_meeting_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _managed(request, slug)
    general_meeting = _general_meeting(cooperative, pk)
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_propose(
                actor=actor_from_request(request),
                general_meeting=general_meeting,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                kind=ResolutionKind(form.cleaned_data["kind"]),
                concerns_award_to_providers=form.cleaned_data["concerns_award_to_providers"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The resolution is on the agenda."))
            return redirect(request.path)
    return render(
        request,
        "cooperatives/officer/general_meeting_manage.html",
        {
            "cooperative": cooperative,
            "general_meeting": general_meeting,
            "meeting": general_meeting.meeting,
            "resolutions": general_meeting.resolutions.all(),
            "quorum": selectors.quorum_of(general_meeting=general_meeting),
            "form": form,
            "elections": general_meeting.elections.prefetch_related("candidates__member"),
            "election_open_form": ElectionOpenForm(),
            "nomination_form": NominationForm(),
            "lots_form": LotsForm(),
            "rotation": selectors.retiring_by_rotation_at(
                cooperative=cooperative, on=timezone.localdate(general_meeting.meeting.starts_at)
            )
            if general_meeting.is_annual
            else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def resolution_step(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    """Open or close the voting on a resolution."""
    cooperative = _managed(request, slug)
    resolution = _resolution(cooperative, pk)
    actor = actor_from_request(request)
    try:
        if step == "open":
            services.resolution_voting_open(actor=actor, resolution=resolution)
            messages.success(request, _("Voting is open."))
        elif step == "close":
            decided = services.resolution_close(actor=actor, resolution=resolution)
            messages.success(request, _("Voting is closed: %(status)s.") % {"status": decided.get_status_display()})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        reverse("cooperatives:general_meeting_manage", args=[cooperative.slug, resolution.general_meeting_id])
    )


def _election(cooperative: Cooperative, pk: int) -> BoardElection:
    try:
        return BoardElection.objects.select_related("general_meeting__meeting").get(
            pk=pk, general_meeting__cooperative=cooperative
        )
    except BoardElection.DoesNotExist as error:
        raise Http404 from error


def election_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cooperative = _cooperative(slug)
    election = _election(cooperative, pk)
    _for_members(request, election.general_meeting)
    actor = actor_from_request(request)
    member = current_membership(actor.subject, cooperative)
    today = timezone.localdate()
    form = ElectionBallotForm(request.POST if request.method == "POST" else None, election=election, today=today)
    if request.method == "POST":
        if member is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.election_ballot_cast(
                    actor=actor, election=election, candidates=list(form.cleaned_data["candidates"])
                )
            except ValidationError as error:
                service_errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your ballot is counted. Thank you."))
                return redirect(request.path)
    return render(
        request,
        "cooperatives/election.html",
        {
            "cooperative": cooperative,
            "election": election,
            "candidates": election.candidates.select_related("member__person"),
            "standing": selectors.election_standing(election=election) if election.status == "declared" else None,
            "member": member,
            "voted": member is not None and election.ballots.filter(member=member).exists(),
            "form": form,
            "today": today,
        },
    )


@login_required
@require_POST
def election_manage(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    """Officer steps for a board election: open one, nominate, open the voting, close it, record lots."""
    cooperative = _managed(request, slug)
    actor = actor_from_request(request)
    try:
        general_meeting = _general_meeting(cooperative, pk) if step == "new" else None
        if step == "new" and general_meeting is not None:
            seats = ElectionOpenForm(request.POST)
            if not seats.is_valid():
                raise ValidationError(_("Enter how many seats are to be filled."))
            services.board_election_open(
                actor=actor, general_meeting=general_meeting, seats=seats.cleaned_data["seats"]
            )
            back = general_meeting.pk
        else:
            election = _election(cooperative, pk)
            back = election.general_meeting_id
            if step == "nominate":
                nomination = NominationForm(request.POST)
                if not nomination.is_valid():
                    raise ValidationError(_("Enter the candidate's member number."))
                member = cooperative.members.filter(member_number=nomination.cleaned_data["member_number"]).first()
                if member is None:
                    raise ValidationError(_("No member has that number."))
                services.candidate_nominate(
                    actor=actor, election=election, member=member, statement=nomination.cleaned_data["statement"]
                )
            elif step == "open":
                services.election_voting_open(actor=actor, election=election)
            elif step == "close":
                services.election_close(actor=actor, election=election)
            elif step == "lots":
                lots = LotsForm(request.POST)
                if not lots.is_valid():
                    raise ValidationError([str(e) for errors in lots.errors.values() for e in errors])
                by_number = {c.member.member_number: c for c in election.candidates.select_related("member")}
                order = [by_number[n] for n in lots.cleaned_data["order"] if n in by_number]
                services.election_lots_record(actor=actor, election=election, order=order, how=lots.cleaned_data["how"])
            else:
                raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect(reverse("cooperatives:general_meeting_manage", args=[cooperative.slug, back]))


@login_required
@require_POST
def director_retire(request: HttpRequest, slug: str, pk: int, director_pk: int) -> HttpResponse:
    """Record that a director retires by rotation at this AGM (they may stand again)."""
    cooperative = _managed(request, slug)
    general_meeting = _general_meeting(cooperative, pk)
    try:
        director = selectors.directors_current(cooperative=cooperative).get(pk=director_pk)
    except BoardMember.DoesNotExist as error:
        raise Http404 from error
    try:
        services.board_seat_end(
            actor=actor_from_request(request),
            director=director,
            reason=BoardSeatEnd.RETIRED_BY_ROTATION,
            on=timezone.localdate(general_meeting.meeting.starts_at),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded: they retire by rotation and may stand again."))
    return redirect(reverse("cooperatives:general_meeting_manage", args=[cooperative.slug, general_meeting.pk]))
