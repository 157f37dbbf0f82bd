"""Officers' pages for running a round: phases, rules, reviews, codes, paper ballots, counting, delivery.

Every page checks ``can_manage_round`` (or ``can_key_paper``) before anything else; the services
check again, since they are also called from commands and tests.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import AreaClaimKind, Person
from coopcouncil.accounts.permissions import people_covered_by
from coopcouncil.accounts.selectors import actor_from_request, people_search
from coopcouncil.budgeting import selectors, services
from coopcouncil.budgeting.eligibility import rules_described
from coopcouncil.budgeting.forms import (
    AgeRuleForm,
    AreaRuleForm,
    BallotForm,
    DeliveryUpdateForm,
    DeskSearchForm,
    FeasibilityReviewForm,
    MembershipRuleForm,
    MergeForm,
    PaperBatchForm,
    PaperKeyForm,
    PhaseAdvanceForm,
    PhaseWindowForm,
    ReconcileForm,
    ResolveForm,
    RoundEditForm,
    RoundForm,
    TieDrawForm,
    VotingCodesForm,
)
from coopcouncil.budgeting.models import (
    PHASE_ORDER,
    Comment,
    Count,
    CountStatus,
    DeliveryStatus,
    EligibilityKind,
    FeasibilityOutcome,
    PaperBatch,
    Phase,
    Proposal,
    Round,
    VoterMark,
)
from coopcouncil.budgeting.papers import ballot_papers_pdf, voting_code_cards_pdf
from coopcouncil.budgeting.permissions import can_key_paper, can_manage_round
from coopcouncil.budgeting.presenters import pot_results
from coopcouncil.core.form_errors import service_errors_to_form


def people_search_scope(officer: Person | None) -> QuerySet[Person]:
    """The people an officer may mark at the desk: those their roles cover."""
    return Person.objects.filter(anonymised_at__isnull=True).filter(people_covered_by(officer))


def _managed_round(request: HttpRequest, slug: str) -> Round:
    try:
        round = selectors.round_get(slug=slug)
    except Round.DoesNotExist as error:
        raise Http404 from error
    if not can_manage_round(actor_from_request(request).person, round):
        raise PermissionDenied(_("Only officers running this round can open this page."))
    return round


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    form = RoundForm(
        request.POST or None,
        initial={"ballot_type": "approval", "counting_rule": "greedy", "ballots_per_person": "one"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_create(
                actor=actor_from_request(request),
                owner=data["owner"],
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                budget_pence=data["budget_pence"],
                ballot_type=data["ballot_type"],
                max_choices=data["max_choices"],
                points_per_voter=data["points_per_voter"],
                minimum_spend_percent=data["minimum_spend_percent"],
                counting_rule=data["counting_rule"],
                ballots_per_person=data["ballots_per_person"],
                allow_ballot_change=data["allow_ballot_change"],
                pots=data["pots"],
            )
        except PermissionDenied:
            form.add_error("owner", _("You do not run rounds for this community or co-operative. Choose one you do."))
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The round is set up as a draft. Add who can take part and the timeline."))
            return redirect(reverse("budgeting:round_manage", args=[round.slug]))
    return render(request, "budgeting/officer/round_form.html", {"form": form})


@login_required
def round_manage(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    index = PHASE_ORDER.index(Phase(round.phase))
    next_phase = PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None
    return render(
        request,
        "budgeting/officer/round_manage.html",
        {
            "round": round,
            "next_phase": next_phase,
            "advance_form": PhaseAdvanceForm(),
            "timeline": selectors.round_timeline(round=round),
            "rules": rules_described(round),
            "changes": round.phase_changes.select_related("changed_by"),
            "proposals": selectors.proposals_for_review(round=round),
            "reconciliation": selectors.paper_reconciliation(round=round),
            "counts": selectors.counts_latest(round=round),
            "ballots": round.ballots.count(),
            "reports": Comment.objects.filter(proposal__round=round, reports__resolved_at__isnull=True)
            .distinct()
            .count(),
        },
    )


@login_required
@require_POST
def phase_advance(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    form = PhaseAdvanceForm(request.POST)
    to = request.POST.get("to", "")
    if form.is_valid() and to in Phase.values:
        try:
            services.round_phase_advance(
                actor=actor_from_request(request), round=round, to=Phase(to), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The round is now in “%(phase)s”.") % {"phase": Phase(to).label})
    return redirect(reverse("budgeting:round_manage", args=[round.slug]))


@login_required
def eligibility_rules(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    kind = request.POST.get("kind")
    age_form = AgeRuleForm(request.POST if kind == "age" else None, prefix="age")
    area_form = AreaRuleForm(request.POST if kind == "area" else None, prefix="area")
    membership_form = MembershipRuleForm(request.POST if kind == "membership" else None, prefix="membership")
    form = {"age": age_form, "membership": membership_form}.get(kind or "", area_form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "age":
                services.eligibility_rule_add(
                    actor=actor_from_request(request),
                    round=round,
                    kind=EligibilityKind.AGE,
                    minimum_age=data["minimum_age"],
                    maximum_age=data["maximum_age"],
                    age_on=data["age_on"],
                )
            elif kind == "membership":
                services.eligibility_rule_add(
                    actor=actor_from_request(request),
                    round=round,
                    kind=EligibilityKind.MEMBERSHIP,
                    cooperative=data["cooperative"],
                    membership_class=data["membership_class"],
                )
            else:
                services.eligibility_rule_add(
                    actor=actor_from_request(request),
                    round=round,
                    kind=EligibilityKind.AREA,
                    wards=list(data["wards"]),
                    postcode_districts=data["postcode_districts"],
                    connections=[AreaClaimKind(c) for c in data["connections"]],
                )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The rule is added."))
            return redirect(reverse("budgeting:eligibility_rules", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/eligibility_rules.html",
        {
            "round": round,
            "age_form": age_form,
            "area_form": area_form,
            "membership_form": membership_form,
            "rules": rules_described(round),
        },
    )


@login_required
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    return render(
        request,
        "budgeting/officer/review_list.html",
        {"round": round, "proposals": selectors.proposals_for_review(round=round)},
    )


@login_required
def proposal_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    proposal = get_object_or_404(Proposal, round=round, pk=pk)
    form = FeasibilityReviewForm(
        request.POST or None, round=round, initial={"costed_pence": proposal.estimated_cost_pence}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feasibility_review_record(
                actor=actor_from_request(request),
                proposal=proposal,
                outcome=FeasibilityOutcome(data["outcome"]),
                published_reason=data["published_reason"],
                costed_pence=data["costed_pence"],
                notes_for_proposer=data["notes_for_proposer"],
                pot=data.get("pot"),
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The review is recorded and the proposers have been told."))
            return redirect(reverse("budgeting:review_list", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/proposal_review.html",
        {"round": round, "proposal": proposal, "form": form, "reviews": proposal.reviews.select_related("reviewed_by")},
    )


@login_required
def round_count(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    if request.method == "POST":
        try:
            counts = services.round_count(actor=actor_from_request(request), round=round)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if any(c.status == CountStatus.NEEDS_LOTS for c in counts):
                messages.warning(request, _("The count stopped at a tie. Draw lots and record the order."))
            else:
                messages.success(request, _("Counted. Check the results, then publish them."))
        return redirect(reverse("budgeting:round_count", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/round_count.html",
        {"round": round, "counts": selectors.counts_latest(round=round), "pots": pot_results(round=round)},
    )


@login_required
def tie_draw(request: HttpRequest, slug: str, count_pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    count = get_object_or_404(Count, pk=count_pk, round=round)
    form = TieDrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tie_draw_record(
                actor=actor_from_request(request),
                count=count,
                order=form.cleaned_data["order"],
                witnesses=form.cleaned_data["witnesses"],
                method=form.cleaned_data["method"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The order drawn is recorded and the pot counted again."))
            return redirect(reverse("budgeting:round_count", args=[round.slug]))
    tied = count.result.get("unresolved_tie") or []
    titles = {str(p.ballot_number): p.title for p in selectors.proposals_on_ballot(pot=count.pot)}
    return render(
        request,
        "budgeting/officer/tie_draw.html",
        {"round": round, "count": count, "form": form, "tied": [(pid, titles.get(str(pid), "")) for pid in tied]},
    )


@login_required
def voting_codes(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    form = VotingCodesForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.voting_codes_issue(
                actor=actor_from_request(request),
                round=round,
                label=form.cleaned_data["label"],
                how_many=form.cleaned_data["how_many"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            if request.POST.get("format") == "pdf":
                # The codes exist only in this response: the cards are made now or never.
                address = settings.SITE_URL.rstrip("/") + reverse("budgeting:vote_start", args=[round.slug])
                pdf = HttpResponse(voting_code_cards_pdf(round.title, address, issued), content_type="application/pdf")
                pdf["Content-Disposition"] = f'attachment; filename="{round.slug}-voting-codes.pdf"'
                pdf["Cache-Control"] = "private, no-store"
                return pdf
    response = render(
        request,
        "budgeting/officer/voting_codes.html",
        {"round": round, "form": form, "issued": issued, "batches": round.code_batches.all()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def paper_batches(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    form = PaperBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.paper_batch_create(
                actor=actor_from_request(request),
                round=round,
                label=form.cleaned_data["label"],
                how_many=form.cleaned_data["how_many"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Papers %(first)d to %(last)d are ready to print.")
                % {"first": batch.first_serial, "last": batch.last_serial},
            )
            return redirect(reverse("budgeting:paper_batches", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/paper_batches.html",
        {"round": round, "form": form, "reconciliation": selectors.paper_reconciliation(round=round)},
    )


def _batch(request: HttpRequest, round: Round, batch_pk: int) -> PaperBatch:
    batch = get_object_or_404(PaperBatch, pk=batch_pk, round=round)
    if not can_key_paper(actor_from_request(request).person, batch):
        raise PermissionDenied
    return batch


OUTCOME_MESSAGES = {
    "waiting": gettext_lazy("Paper %(serial)d is keyed. A second officer must key it too."),
    "entered": gettext_lazy("Paper %(serial)d is entered: both keyings agree."),
    "spoilt": gettext_lazy("Paper %(serial)d is set aside as spoilt."),
    "discrepancy": gettext_lazy("Paper %(serial)d does not match the first keying. It is in the discrepancy queue."),
}


@login_required
def paper_key(request: HttpRequest, slug: str, batch_pk: int) -> HttpResponse:
    """Key one paper: its number, then the marks on it as the ballot shows them."""
    round = _managed_round(request, slug)
    batch = _batch(request, round, batch_pk)
    key_form = PaperKeyForm(request.POST or None)
    ballot_form = BallotForm(request.POST or None, round=round, pots=selectors.ballot_pots(round=round))
    if request.method == "POST" and key_form.is_valid():
        spoilt = key_form.cleaned_data["spoilt"]
        if spoilt or ballot_form.is_valid():
            try:
                outcome = services.paper_entry_key(
                    actor=actor_from_request(request),
                    batch=batch,
                    serial=key_form.cleaned_data["serial"],
                    choices=[] if spoilt else ballot_form.choices(),
                    spoilt=spoilt,
                    spoilt_reason=key_form.cleaned_data["spoilt_reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) & {"serial", "spoilt_reason"}:
                    service_errors_to_form(key_form, error)
                else:
                    ballot_form.add_service_errors(error)
            else:
                level = messages.WARNING if outcome == "discrepancy" else messages.SUCCESS
                messages.add_message(
                    request, level, str(OUTCOME_MESSAGES[outcome]) % {"serial": key_form.cleaned_data["serial"]}
                )
                return redirect(reverse("budgeting:paper_key", args=[round.slug, batch.pk]))
    return render(
        request,
        "budgeting/officer/paper_key.html",
        {"round": round, "batch": batch, "key_form": key_form, "form": ballot_form},
    )


@login_required
def paper_reconcile(request: HttpRequest, slug: str, batch_pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    batch = _batch(request, round, batch_pk)
    form = ReconcileForm(request.POST or None, initial={"issued": batch.issued, "returned": batch.returned})
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_batch_reconcile(
                actor=actor_from_request(request),
                batch=batch,
                issued=form.cleaned_data["issued"],
                returned=form.cleaned_data["returned"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The figures for “%(batch)s” are recorded.") % {"batch": batch.label})
            return redirect(reverse("budgeting:paper_batches", args=[round.slug]))
    return render(request, "budgeting/officer/paper_reconcile.html", {"round": round, "batch": batch, "form": form})


@login_required
def paper_print(request: HttpRequest, slug: str, batch_pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    batch = _batch(request, round, batch_pk)
    pdf = ballot_papers_pdf(batch, selectors.ballot_pots(round=round))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{round.slug}-papers-{batch.first_serial}-{batch.last_serial}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def discrepancies(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    titles = {p.pk: p.title for p in round.proposals.all()}
    queue = [
        (
            item,
            [(keying, [titles.get(int(c["proposal"] or 0), "?") for c in keying.choices]) for keying in item.keyings],
        )
        for item in selectors.paper_discrepancies(round=round)
    ]
    return render(request, "budgeting/officer/discrepancies.html", {"round": round, "queue": queue})


@login_required
def discrepancy_resolve(request: HttpRequest, slug: str, batch_pk: int, serial: int) -> HttpResponse:
    round = _managed_round(request, slug)
    batch = _batch(request, round, batch_pk)
    resolve_form = ResolveForm(request.POST or None)
    ballot_form = BallotForm(request.POST or None, round=round, pots=selectors.ballot_pots(round=round))
    if request.method == "POST" and resolve_form.is_valid():
        spoilt = resolve_form.cleaned_data["spoilt"]
        if spoilt or ballot_form.is_valid():
            try:
                services.paper_discrepancy_resolve(
                    actor=actor_from_request(request),
                    batch=batch,
                    serial=serial,
                    choices=[] if spoilt else ballot_form.choices(),
                    spoilt=spoilt,
                    spoilt_reason=resolve_form.cleaned_data["spoilt_reason"],
                    note=resolve_form.cleaned_data["note"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) & {"note", "spoilt_reason"}:
                    service_errors_to_form(resolve_form, error)
                else:
                    ballot_form.add_service_errors(error)
            else:
                messages.success(request, _("Paper %(serial)d is resolved.") % {"serial": serial})
                return redirect(reverse("budgeting:discrepancies", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/discrepancy_resolve.html",
        {"round": round, "batch": batch, "serial": serial, "resolve_form": resolve_form, "form": ballot_form},
    )


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    if request.method == "POST":
        comment = get_object_or_404(Comment, pk=request.POST.get("comment"), proposal__round=round)
        actor = actor_from_request(request)
        try:
            if request.POST.get("action") == "hide":
                services.comment_hide(actor=actor, comment=comment, reason=request.POST.get("reason", ""))
                messages.success(request, _("The comment is hidden."))
            else:
                services.comment_reports_dismiss(actor=actor, comment=comment)
                messages.success(request, _("The comment stays; the reports are closed."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(reverse("budgeting:moderation", args=[round.slug]))
    reported = (
        Comment.objects.filter(proposal__round=round, reports__resolved_at__isnull=True, hidden_at__isnull=True)
        .select_related("proposal", "author")
        .prefetch_related("reports")
        .distinct()
    )
    return render(request, "budgeting/officer/moderation.html", {"round": round, "reported": reported})


@login_required
def delivery_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    proposal = get_object_or_404(Proposal, round=round, pk=pk)
    form = DeliveryUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delivery_update_post(
                actor=actor_from_request(request),
                proposal=proposal,
                status=DeliveryStatus(data["status"]),
                note=data["note"],
                percent_complete=data["percent_complete"],
                spent_pence=data["spent_pence"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The update is published and its followers told."))
            return redirect(proposal.get_absolute_url())
    return render(
        request, "budgeting/officer/delivery_update.html", {"round": round, "proposal": proposal, "form": form}
    )


@login_required
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    """At an event: find the voter, check the register across every channel, hand over a paper."""
    round = _managed_round(request, slug)
    officer = actor_from_request(request).person
    if request.method == "POST":
        voter = get_object_or_404(people_search_scope(officer), pk=request.POST.get("person"))
        try:
            services.paper_ballot_issue(
                actor=actor_from_request(request),
                round=round,
                voter=voter,
                declared_other_channel=request.POST.get("declared_other_channel") == "yes",
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, _("%(name)s is marked as voting. Hand them a ballot paper.") % {"name": voter.display_name}
            )
        query = urlencode({"query": request.POST.get("query", "")})
        return redirect(f"{reverse('budgeting:desk', args=[round.slug])}?{query}")
    form = DeskSearchForm(request.GET if "query" in request.GET else None)
    found: list[tuple[Person, VoterMark | None]] = []
    if form.is_valid():
        people = people_search(officer=officer, query=form.cleaned_data["query"])
        marks = selectors.voter_marks_for(round=round, people=list(people))
        found = [(person, marks.get(person.pk)) for person in people]
    return render(request, "budgeting/officer/desk.html", {"round": round, "form": form, "found": found})


@login_required
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    form = PhaseWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_window_set(
                actor=actor_from_request(request),
                round=round,
                phase=Phase(form.cleaned_data["phase"]),
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The timeline is updated."))
            return redirect(reverse("budgeting:timeline", args=[round.slug]))
    return render(
        request,
        "budgeting/officer/timeline.html",
        {"round": round, "form": form, "timeline": selectors.round_timeline(round=round)},
    )


@login_required
def proposal_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _managed_round(request, slug)
    into = get_object_or_404(Proposal, round=round, pk=pk)
    form = MergeForm(request.POST or None, into=into)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposals_merge(
                actor=actor_from_request(request),
                into=into,
                merged=list(form.cleaned_data["merged"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The proposals are merged and their proposers told."))
            return redirect(into.get_absolute_url())
    return render(request, "budgeting/officer/proposal_merge.html", {"round": round, "proposal": into, "form": form})


@login_required
def round_edit(request: HttpRequest, slug: str) -> HttpResponse:
    round = _managed_round(request, slug)
    names = [*services.rounds.ALWAYS_EDITABLE, *services.rounds.DRAFT_EDITABLE]
    initial = {name: getattr(round, name) for name in names}
    form = RoundEditForm(request.POST or None, round=round, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if value != initial.get(name)}
        try:
            services.round_update(actor=actor_from_request(request), round=round, **changes)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The round is updated."))
            return redirect(reverse("budgeting:round_manage", args=[round.slug]))
    return render(request, "budgeting/officer/round_edit.html", {"round": round, "form": form})
