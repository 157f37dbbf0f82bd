"""Pages for residents: rounds, proposals, the ballot with its confirmation and receipt, results.

Each view parses a form, calls one service and renders; access checks go through
``budgeting.permissions``. Officers' pages are in ``officer_views``.
"""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.budgeting import selectors, services
from coopcouncil.budgeting.charts import results_chart
from coopcouncil.budgeting.eligibility import eligibility_for, rules_described
from coopcouncil.budgeting.forms import (
    BallotForm,
    CommentForm,
    CoProposerForm,
    ProposalForm,
    ReasonForm,
    ReceiptForm,
    VotingCodeForm,
)
from coopcouncil.budgeting.models import Comment, Phase, Proposal, Round
from coopcouncil.budgeting.permissions import can_edit_proposal, can_manage_round, can_moderate, can_see_round
from coopcouncil.budgeting.presenters import ballot_used, pot_results
from coopcouncil.core.form_errors import service_errors_to_form
from coopcouncil.core.rate_limits import client_address, rate_limit_exceeded
from coopcouncil.notifications.forms import FollowTopicsForm
from coopcouncil.notifications.selectors import follow_topics_for
from coopcouncil.places.selectors import wards_current

RECEIPT_SESSION_KEY = "budgeting_receipts"  # round id -> the receipt just given, shown once
CODE_SESSION_KEY = "budgeting_codes"  # round id -> a voting code that has been checked
LOOKUP_SESSION_KEY = "budgeting_lookups"  # round id -> a receipt the voter looked up


def _round_or_404(request: HttpRequest, slug: str) -> Round:
    try:
        round = selectors.round_get(slug=slug)
    except Round.DoesNotExist as error:
        raise Http404 from error
    if not can_see_round(actor_from_request(request).person, round):
        raise Http404
    return round


def _proposal_or_404(round: Round, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("round", "pot", "ward"), round=round, pk=pk)
    if proposal.status == "withdrawn":
        raise Http404
    return proposal


def _session_map(request: HttpRequest, key: str) -> dict[str, str]:
    value = request.session.get(key)
    return dict(value) if isinstance(value, dict) else {}


def _session_put(request: HttpRequest, key: str, round: Round, value: str | None) -> None:
    stored = _session_map(request, key)
    if value is None:
        stored.pop(str(round.pk), None)
    else:
        stored[str(round.pk)] = value
    request.session[key] = stored


def _follow_context(person: Any, target: Any, name: str) -> dict[str, Any]:
    """The notifications area's follow form, for a round or a proposal page."""
    topics = follow_topics_for(person=person, target=target) if person else set()
    form = FollowTopicsForm(target_name=name, initial={"topics": sorted(topics)}) if person else None
    return {"following": bool(topics), "follow_form": form, "person": person}


# --------------------------------------------------------------------------------------------------
# Rounds


def round_list(request: HttpRequest) -> HttpResponse:
    person = actor_from_request(request).person
    rounds = list(selectors.rounds_visible_to(person))
    open_now = [r for r in rounds if r.phase in (Phase.IDEAS_OPEN, Phase.VOTING_OPEN)]
    other = [r for r in rounds if r not in open_now]
    return render(request, "budgeting/round_list.html", {"open_now": open_now, "other": other})


def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    actor = actor_from_request(request)
    voter = actor.subject
    eligibility = eligibility_for(voter, round, on=timezone.localdate()) if voter else None
    return render(
        request,
        "budgeting/round_detail.html",
        {
            "round": round,
            "pots": list(round.pots.all()),
            "timeline": selectors.round_timeline(round=round),
            "rules": rules_described(round),
            "eligibility": eligibility,
            "mark": selectors.voter_mark_for(round=round, person=voter),
            "can_manage": can_manage_round(actor.person, round),
            **_follow_context(voter, round, str(round.title)),
            "proposal_count": selectors.proposals_public(round=round).count(),
        },
    )


# --------------------------------------------------------------------------------------------------
# Proposals and comments


def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    return render(
        request,
        "budgeting/proposal_list.html",
        {"round": round, "proposals": selectors.proposals_public(round=round), "pots": list(round.pots.all())},
    )


@login_required
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    actor = actor_from_request(request)
    form = ProposalForm(request.POST or None, round=round, wards=wards_current(on=timezone.localdate()))
    eligibility = eligibility_for(actor.subject, round, on=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                actor=actor,
                round=round,
                title=data["title"],
                description=data["description"],
                estimated_cost_pence=data["estimated_cost_pence"],
                category=data["category"],
                place_name=data["place_name"],
                ward=data["ward"],
                pot=data.get("pot"),
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. Your idea is in. We will tell you what happens next."))
            return redirect(proposal.get_absolute_url())
    return render(request, "budgeting/proposal_form.html", {"round": round, "form": form, "eligibility": eligibility})


@login_required
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round_or_404(request, slug)
    proposal = _proposal_or_404(round, pk)
    actor = actor_from_request(request)
    if not can_edit_proposal(actor.subject, proposal):
        raise PermissionDenied(_("Only its proposers can change an idea, and only until proposals are reviewed."))
    initial = {field: getattr(proposal, field) for field in services.proposals.EDITABLE}
    form = ProposalForm(
        request.POST or None, round=round, wards=wards_current(on=timezone.localdate()), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in services.proposals.EDITABLE}
        try:
            services.proposal_update(actor=actor, proposal=proposal, **changes)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(proposal.get_absolute_url())
    return render(request, "budgeting/proposal_form.html", {"round": round, "form": form, "proposal": proposal})


def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round_or_404(request, slug)
    proposal = _proposal_or_404(round, pk)
    actor = actor_from_request(request)
    comment_form = CommentForm(request.POST or None)
    if request.method == "POST":
        if actor.subject is None:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if comment_form.is_valid():
            try:
                services.comment_post(actor=actor, proposal=proposal, body=comment_form.cleaned_data["body"])
            except ValidationError as error:
                service_errors_to_form(comment_form, error)
            else:
                messages.success(request, _("Your comment is published."))
                return redirect(f"{proposal.get_absolute_url()}#comments")
    return render(
        request,
        "budgeting/proposal_detail.html",
        {
            "round": round,
            "proposal": proposal,
            "review": proposal.reviews.first(),
            "comments": proposal.comments.select_related("author"),
            "comment_form": comment_form,
            "updates": proposal.delivery_updates.all(),
            "can_edit": can_edit_proposal(actor.subject, proposal),
            "can_manage": can_manage_round(actor.person, round),
            "can_moderate": can_moderate(actor.person, proposal),
            **_follow_context(actor.subject, proposal, proposal.title),
            "today": timezone.localdate(),
        },
    )


@login_required
def comment_report(request: HttpRequest, slug: str, pk: int, comment_pk: int) -> HttpResponse:
    round = _round_or_404(request, slug)
    proposal = _proposal_or_404(round, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, proposal=proposal)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("What is wrong with this comment?")
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(
                actor=actor_from_request(request), comment=comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at the comment."))
            return redirect(f"{proposal.get_absolute_url()}#comments")
    return render(
        request,
        "budgeting/comment_report.html",
        {"round": round, "proposal": proposal, "comment": comment, "form": form},
    )


# --------------------------------------------------------------------------------------------------
# Voting: the ballot, the confirmation, the receipt


def _ballot_form(request: HttpRequest, round: Round, data: Any = None) -> BallotForm:
    return BallotForm(data, round=round, pots=selectors.ballot_pots(round=round))


def _ballot_context(request: HttpRequest, round: Round, form: BallotForm, **extra: Any) -> dict[str, Any]:
    return {"round": round, "form": form, "single_pot": len(form.pots) == 1, **extra}


def _cast(request: HttpRequest, round: Round, form: BallotForm, submission: uuid.UUID) -> services.BallotCast:
    code = _session_map(request, CODE_SESSION_KEY).get(str(round.pk))
    if code:
        return services.ballot_submit_with_code(round=round, code=code, choices=form.choices(), submission=submission)
    return services.ballot_submit(
        actor=actor_from_request(request),
        round=round,
        choices=form.choices(),
        submission=submission,
        declared_other_channel=request.POST.get("declared_other_channel") == "yes",
    )


def _voter_or_code(request: HttpRequest, round: Round) -> bool:
    return actor_from_request(request).subject is not None or bool(
        _session_map(request, CODE_SESSION_KEY).get(str(round.pk))
    )


def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """The ballot paper online. Its answers go to the confirmation page, not yet into the ballot box."""
    round = _round_or_404(request, slug)
    if round.phase != Phase.VOTING_OPEN:
        messages.info(request, _("Voting in this round is not open."))
        return redirect(round.get_absolute_url())
    if not _voter_or_code(request, round):
        return redirect(reverse("budgeting:vote_start", args=[round.slug]))
    actor = actor_from_request(request)
    if actor.subject is not None and not _session_map(request, CODE_SESSION_KEY).get(str(round.pk)):
        eligibility = eligibility_for(actor.subject, round, on=timezone.localdate())
        if not eligibility.eligible:
            return render(request, "budgeting/not_eligible.html", {"round": round, "eligibility": eligibility})
        if selectors.voter_mark_for(round=round, person=actor.subject) is not None and not actor.on_behalf_of:
            messages.info(request, _("You have already voted in this round. Use your receipt to see or change it."))
            return redirect(reverse("budgeting:receipt", args=[round.slug]))
    # Bound on every POST: a ballot with nothing ticked is a mistake to point out, not a fresh page.
    form = _ballot_form(request, round, request.POST if request.method == "POST" else None)
    # "Change your choices" on the confirmation page comes back here with the choices made.
    if request.method == "POST" and request.POST.get("change") != "yes" and form.is_valid():
        choices = form.choices()
        try:
            services.voting.ballot_choices_check(round, choices)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return render(
                request,
                "budgeting/ballot_confirm.html",
                _ballot_context(
                    request,
                    round,
                    form,
                    submission=uuid.uuid4(),
                    summary=_summary(form),
                    hidden=[(name, value) for name in form.fields for value in request.POST.getlist(name)],
                ),
            )
    return render(request, "budgeting/ballot.html", _ballot_context(request, round, form))


def _summary(form: BallotForm) -> list[tuple[Any, list[tuple[str, str]]]]:
    """What the voter chose, pot by pot, as (label, what) pairs for the check-your-answers list."""
    chosen = {c.proposal_id: c for c in form.choices()}
    summary = []
    for pot, proposals in form.pots.items():
        rows = []
        for proposal in proposals:
            choice = chosen.get(proposal.pk)
            if choice is None:
                continue
            if choice.points is not None:
                points = ngettext("%(points)d point", "%(points)d points", choice.points) % {"points": choice.points}
                rows.append((proposal.title, points))
            elif choice.rank is not None:
                rows.append((proposal.title, _("Choice %(rank)d") % {"rank": choice.rank}))
            else:
                rows.append((proposal.title, _("Chosen")))
        rows.sort(key=lambda row: row[1])
        summary.append((pot, rows))
    return summary


@require_POST
def ballot_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """The voter confirms: now the ballot is cast. A repeat of this form stores nothing more."""
    round = _round_or_404(request, slug)
    if not _voter_or_code(request, round):
        return redirect(reverse("budgeting:vote_start", args=[round.slug]))
    form = _ballot_form(request, round, request.POST)
    try:
        submission = uuid.UUID(request.POST.get("submission", ""))
    except ValueError:
        return redirect(reverse("budgeting:ballot", args=[round.slug]))
    if not form.is_valid():
        return render(request, "budgeting/ballot.html", _ballot_context(request, round, form), status=400)
    try:
        cast = _cast(request, round, form, submission)
    except services.AlreadyVotedError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("budgeting:receipt", args=[round.slug]))
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(round.get_absolute_url())
    except ValidationError as error:
        form.add_service_errors(error)
        return render(request, "budgeting/ballot.html", _ballot_context(request, round, form), status=400)
    if cast.receipt is not None:
        _session_put(request, RECEIPT_SESSION_KEY, round, cast.receipt)
    _session_put(request, CODE_SESSION_KEY, round, None)
    return redirect(reverse("budgeting:ballot_done", args=[round.slug]))


def ballot_done(request: HttpRequest, slug: str) -> HttpResponse:
    """The receipt, shown once. A repeated submission lands here too and finds it still waiting."""
    round = _round_or_404(request, slug)
    receipt = _session_map(request, RECEIPT_SESSION_KEY).get(str(round.pk))
    if receipt is None:
        return redirect(reverse("budgeting:receipt", args=[round.slug]))
    response = render(request, "budgeting/ballot_done.html", {"round": round, "receipt": receipt})
    response["Cache-Control"] = "private, no-store"
    return response


def vote_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign in to vote, or enter a voting code from a library or an event."""
    round = _round_or_404(request, slug)
    form = VotingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(scope="voting-code", key=client_address(request), limit=20, period_seconds=3600):
            form.add_error("code", _("Too many tries. Wait an hour, or ask for help at your library."))
        elif not selectors.voting_code_exists(round=round, code=form.cleaned_data["code"]):
            form.add_error("code", _("That voting code is not right. Check it and try again."))
        else:
            _session_put(request, CODE_SESSION_KEY, round, form.cleaned_data["code"])
            return redirect(reverse("budgeting:ballot", args=[round.slug]))
    return render(request, "budgeting/vote_start.html", {"round": round, "form": form})


def receipt(request: HttpRequest, slug: str) -> HttpResponse:
    """With their receipt a voter sees their ballot, changes it while voting is open, and later sees
    how it was used."""
    round = _round_or_404(request, slug)
    form = ReceiptForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(scope="receipt", key=client_address(request), limit=30, period_seconds=3600):
            form.add_error("receipt", _("Too many tries. Wait an hour and try again."))
        else:
            found = selectors.ballot_for_receipt(round=round, receipt=form.cleaned_data["receipt"])
            if found is None:
                form.add_error("receipt", _("We cannot find a ballot with that receipt in this round."))
            else:
                _session_put(request, LOOKUP_SESSION_KEY, round, form.cleaned_data["receipt"])
    elif request.method == "GET" and request.GET.get("again") is None:
        remembered = _session_map(request, LOOKUP_SESSION_KEY).get(str(round.pk))
        found = selectors.ballot_for_receipt(round=round, receipt=remembered) if remembered else None
    used = ballot_used(round=round, ballot=found) if found is not None else None
    response = render(request, "budgeting/receipt.html", {"round": round, "form": form, "ballot": found, "used": used})
    response["Cache-Control"] = "private, no-store"
    return response


def ballot_change(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    receipt_text = _session_map(request, LOOKUP_SESSION_KEY).get(str(round.pk))
    existing = selectors.ballot_for_receipt(round=round, receipt=receipt_text) if receipt_text else None
    if existing is None or not round.allow_ballot_change or round.phase != Phase.VOTING_OPEN:
        return redirect(reverse("budgeting:receipt", args=[round.slug]))
    initial = _initial_from(existing)
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        round=round,
        pots=selectors.ballot_pots(round=round),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_change(round=round, receipt=receipt_text or "", choices=form.choices())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your ballot is changed. Your receipt stays the same."))
            return redirect(reverse("budgeting:receipt", args=[round.slug]))
    return render(request, "budgeting/ballot.html", _ballot_context(request, round, form, changing=True))


def _initial_from(ballot_row: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for choice in ballot_row.choices.all():
        if choice.points is not None:
            initial[f"p_{choice.proposal_id}"] = choice.points
        elif choice.rank is not None:
            initial[f"p_{choice.proposal_id}"] = choice.rank
        else:
            initial.setdefault(f"pot_{choice.proposal.pot_id}", []).append(choice.proposal_id)
    return initial


# --------------------------------------------------------------------------------------------------
# Results and open data


def results(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    published = round.results_are_public
    if not published and not can_manage_round(actor_from_request(request).person, round):
        messages.info(request, _("The results are not published yet."))
        return redirect(round.get_absolute_url())
    pots = pot_results(round=round)
    return render(
        request,
        "budgeting/results.html",
        {
            "round": round,
            "pots": pots,
            "charts": {pot.pot.pk: results_chart(pot) for pot in pots},
            "published": published,
            "ballots": round.ballots.count(),
        },
    )


def results_pabulib(request: HttpRequest, slug: str, pot_pk: int) -> HttpResponse:
    """The anonymised ballots of one pot, exactly as counted, for anyone to recount."""
    round = _round_or_404(request, slug)
    if not round.results_are_public:
        raise Http404
    pot = get_object_or_404(round.pots, pk=pot_pk)
    count = selectors.count_latest(pot=pot)
    if count is None:
        raise Http404
    response = HttpResponse(count.pabulib.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round.slug}-pot-{pot.pk}.pb"'
    return response


def results_csv(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round_or_404(request, slug)
    if not round.results_are_public:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round.slug}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(["pot", "ballot_number", "title", "cost_gbp", "votes", "funded", "step", "why"])
    for pot in pot_results(round=round):
        for row in pot.rows:
            writer.writerow(
                [
                    pot.pot.name,
                    row.proposal.ballot_number,
                    row.proposal.title,
                    f"{row.proposal.cost_pence / 100:.2f}",
                    row.votes,
                    "yes" if row.funded else "no",
                    row.step or "",
                    row.explanation,
                ]
            )
    return response


@login_required
def co_proposer_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round_or_404(request, slug)
    proposal = _proposal_or_404(round, pk)
    actor = actor_from_request(request)
    if not can_edit_proposal(actor.subject, proposal):
        raise PermissionDenied(_("Only its proposers can add someone to an idea."))
    form = CoProposerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_with_login(email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("Nobody has an account with that email address. Ask them to create one first."))
        else:
            try:
                services.proposal_co_proposer_add(actor=actor, proposal=proposal, person=person)
            except ValidationError as error:
                service_errors_to_form(form, error)
            else:
                messages.success(request, _("%(name)s is now one of its proposers.") % {"name": person.display_name})
                return redirect(proposal.get_absolute_url())
    return render(request, "budgeting/co_proposer_form.html", {"round": round, "proposal": proposal, "form": form})


@login_required
def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round_or_404(request, slug)
    proposal = _proposal_or_404(round, pk)
    actor = actor_from_request(request)
    if not can_edit_proposal(actor.subject, proposal):
        raise PermissionDenied(_("Only its proposers can withdraw an idea, and only before it is reviewed."))
    if request.method == "POST":
        services.proposal_withdraw(actor=actor, proposal=proposal)
        messages.success(request, _("Your idea “%(title)s” is withdrawn.") % {"title": proposal.title})
        return redirect(round.get_absolute_url())
    return render(request, "budgeting/proposal_withdraw.html", {"round": round, "proposal": proposal})
