"""Pages for Stage 4: acquisition: the specification, the call, bids, evaluation and the award.

This module registers its part of the programme page (``public_part_register``) and its links on
the officer's page (``officer_links_register``); ``urlpatterns`` is included by ``urls.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopcouncil.accounts.models import Person
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.commissioning import selectors
from coopcouncil.commissioning.forms import (
    AgreeForm,
    AttachmentForm,
    AwardDecideForm,
    BidForm,
    BidStartForm,
    CallForm,
    CommentForm,
    ComplianceForm,
    CriterionChangeForm,
    CriterionForm,
    InterestsForm,
    NoAwardForm,
    NoticeForm,
    ProviderRegisterForm,
    RecommendForm,
    ScoresForm,
    SpecificationDraftForm,
)
from coopcouncil.commissioning.models import Programme, SeatType, Stage
from coopcouncil.commissioning.models.acquisition import (
    Award,
    Bid,
    BidStatus,
    Call,
    CallKind,
    CallStatus,
    CriterionKind,
    SpecificationVersion,
)
from coopcouncil.commissioning.permissions import (
    can_download_bid_file,
    can_manage_programme,
    can_moderate,
    can_see_bid,
    can_see_bid_price,
    can_see_evaluations_of_others,
    can_take_part_in_panel,
    evaluator_seat_for,
    has_declared_interests,
)
from coopcouncil.commissioning.public import officer_links_register, public_part_register
from coopcouncil.commissioning.services import acquisition as services
from coopcouncil.core.form_errors import form_service_call, service_errors_to_form
from coopcouncil.core.models import DecisionMethod
from coopcouncil.core.permissions import private_file_policy_register

# Bids' attachments are private files: the bidder, officers and cleared evaluators download them.
private_file_policy_register("commissioning.Bid", can_download_bid_file)


def _programme(slug: str) -> Programme:
    try:
        return selectors.programme_get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _call(programme: Programme, call_slug: str, *, public: bool = True) -> Call:
    try:
        call = selectors.call_get(programme=programme, slug=call_slug)
    except Call.DoesNotExist as error:
        raise Http404 from error
    if public and call.status == CallStatus.DRAFT:
        raise Http404
    return call


def _managed(request: HttpRequest, slug: str) -> Programme:
    programme = _programme(slug)
    if not can_manage_programme(actor_from_request(request).person, programme):
        raise PermissionDenied(_("Only officers running this programme can open this page."))
    return programme


def _bid(call: Call, bid_pk: int, person: Person | None) -> Bid:
    try:
        bid = selectors.bid_get(call=call, pk=bid_pk)
    except Bid.DoesNotExist as error:
        raise Http404 from error
    if not can_see_bid(person, bid):
        raise Http404
    return bid


def _criterion_errors_to_form(fields_by_key: dict[str, str]) -> Callable[[BaseForm, ValidationError], None]:
    """Errors about one criterion go on that criterion's field, so the error summary links to it.

    The services name the criterion of each such error in its ``params``; ``fields_by_key`` says
    which field a key's errors belong on, as ``{"rationale": "reason_"}`` for ``reason_<pk>``.
    """

    def errors_to_form(form: BaseForm, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            service_errors_to_form(form, error)
            return
        rest: dict[str, list[ValidationError]] = {}
        for key, errors in error.error_dict.items():
            for each in errors:
                field = f"{fields_by_key.get(key, '')}{(each.params or {}).get('criterion')}"
                if key in fields_by_key and field in form.fields:
                    form.add_error(field, each)
                else:
                    rest.setdefault(key, []).append(each)
        if rest:
            service_errors_to_form(form, ValidationError(rest))

    return errors_to_form


_score_errors_to_form = _criterion_errors_to_form({"rationale": "reason_", "reason": "reason_"})
_answer_errors_to_form = _criterion_errors_to_form({"answers": "answer_"})


# The public part and the officer's links ------------------------------------------------------


def _public_context(programme: Programme, viewer: Person | None) -> dict[str, Any]:
    calls = list(selectors.calls_of(programme=programme, public_only=True))
    awarded = []
    for call in calls:
        award = selectors.public_award_of(call=call)
        if award is not None:
            awarded.append((call, award, selectors.call_results(call=call)))
    return {
        "programme": programme,
        "specification": selectors.specification_agreed(programme=programme),
        "calls": calls,
        "awarded": awarded,
        "show": programme.stage_reached(Stage.ACQUISITION) or bool(calls),
    }


public_part_register(order=40, template="commissioning/acquisition/_public_part.html", context=_public_context)


def _officer_links(programme: Programme) -> list[tuple[str, str]]:
    if not programme.stage_reached(Stage.ACQUISITION):
        return []
    return [
        (
            reverse("commissioning:acquisition_manage", args=[programme.slug]),
            _("Acquisition: the specification and calls"),
        )
    ]


officer_links_register(order=40, links=_officer_links)


# Public pages ------------------------------------------------------------------------------------


def specification(request: HttpRequest, slug: str) -> HttpResponse:
    """The agreed specification; the panel also sees the drafts and comments on them."""
    programme = _programme(slug)
    actor = actor_from_request(request)
    on_panel = can_take_part_in_panel(actor.subject, programme)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not on_panel:
            raise PermissionDenied
        version = SpecificationVersion.objects.filter(programme=programme, pk=request.POST.get("version", "0")).first()
        if version is None:
            raise Http404
        if form.is_valid() and form_service_call(
            request,
            form,
            lambda: services.specification_comment(actor=actor, version=version, body=form.cleaned_data["body"]),
            _("Your comment is saved."),
        ):
            return redirect(reverse("commissioning:specification", args=[programme.slug]))
    return render(
        request,
        "commissioning/acquisition/specification.html",
        {
            "programme": programme,
            "agreed": selectors.specification_agreed(programme=programme),
            "versions": selectors.specification_versions(programme=programme) if on_panel else [],
            "on_panel": on_panel,
            "form": form,
        },
    )


def call_detail(request: HttpRequest, slug: str, call_slug: str) -> HttpResponse:
    """The call as published: criteria, weights and the scale; after the award, the totals."""
    programme = _programme(slug)
    call = _call(programme, call_slug)
    person = actor_from_request(request).subject
    award = selectors.public_award_of(call=call)
    return render(
        request,
        "commissioning/acquisition/call_detail.html",
        {
            "programme": programme,
            "call": call,
            "criteria": list(call.criteria.all()),
            "scale": list(enumerate(call.scale)),
            "award": award,
            "results": selectors.call_results(call=call) if award else None,
            "my_bids": list(selectors.bids_of(person=person, call=call)),
            "evaluator": evaluator_seat_for(person, call) is not None,
            "can_manage": can_manage_programme(person, programme),
        },
    )


# Providers -------------------------------------------------------------------------------------


@login_required
def provider_register(request: HttpRequest) -> HttpResponse:
    form = ProviderRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form_service_call(
            request,
            form,
            lambda: services.provider_organisation_register(
                actor=actor_from_request(request),
                name=data["name"],
                org_id=form.org_id(),
                role_title=data["role_title"],
                website=data["website"],
                postcode=data["postcode"],
            ),
            _("Your organisation is registered. You can bid for open calls now."),
        ):
            return redirect(reverse("commissioning:my_bids"))
    return render(request, "commissioning/acquisition/provider_register.html", {"form": form})


@login_required
def my_bids(request: HttpRequest) -> HttpResponse:
    person = actor_from_request(request).subject
    return render(
        request,
        "commissioning/acquisition/my_bids.html",
        {
            "organisations": selectors.organisations_acted_for(person=person),
            "bids": selectors.bids_of(person=person),
        },
    )


@login_required
def bid_edit(request: HttpRequest, slug: str, call_slug: str) -> HttpResponse:
    """Start, write and submit your organisation's bid; you see only your own."""
    programme = _programme(slug)
    call = _call(programme, call_slug)
    actor = actor_from_request(request)
    organisations = selectors.organisations_acted_for(person=actor.subject)
    if not organisations:
        messages.info(request, _("Register your organisation before you bid."))
        return redirect(reverse("commissioning:provider_register"))
    bids = list(selectors.bids_of(person=actor.subject, call=call))
    bid = next((b for b in bids if str(b.pk) == request.GET.get("bid", "")), bids[0] if bids else None)
    criteria = list(call.criteria.all())
    which = request.POST.get("form")
    here = reverse("commissioning:bid_edit", args=[programme.slug, call.slug])
    start_form = BidStartForm(request.POST if which == "start" else None, organisations=organisations, prefix="start")
    initial: dict[str, Any] = {}
    if bid is not None:
        initial = {f"answer_{a.criterion_id}": a.answer for a in bid.answers.all()}
        initial["price_pence"] = bid.price_pence
    bid_form = BidForm(request.POST if which in ("save", "submit") else None, criteria=criteria, initial=initial)
    attach_form = AttachmentForm(
        request.POST if which == "attach" else None, request.FILES if which == "attach" else None, prefix="attach"
    )
    if which == "start" and start_form.is_valid():
        organisation = start_form.cleaned_data["organisation"]
        if form_service_call(
            request,
            start_form,
            lambda: services.bid_start(actor=actor, call=call, organisation=organisation),
            _("Your bid is started. Answer each question, then submit it."),
        ):
            return redirect(here)
    if bid is not None and which in ("save", "submit") and bid_form.is_valid():
        current = bid

        def save_and_maybe_submit() -> None:
            services.bid_save(
                actor=actor,
                bid=current,
                answers=bid_form.answers(),
                price_pence=bid_form.cleaned_data.get("price_pence"),
            )
            if which == "submit":
                services.bid_submit(actor=actor, bid=current)

        if form_service_call(
            request,
            bid_form,
            save_and_maybe_submit,
            _("Your bid is submitted.") if which == "submit" else _("Your draft is saved."),
            errors_to_form=_answer_errors_to_form,
        ):
            return redirect(f"{here}?bid={bid.pk}")
    if bid is not None and which == "attach" and attach_form.is_valid():
        current = bid
        if form_service_call(
            request,
            attach_form,
            lambda: services.bid_attachment_add(
                actor=actor,
                bid=current,
                upload=attach_form.cleaned_data["upload"],
                label=attach_form.cleaned_data["label"],
            ),
            _("The file is attached."),
        ):
            return redirect(f"{here}?bid={bid.pk}")
    return render(
        request,
        "commissioning/acquisition/bid_edit.html",
        {
            "programme": programme,
            "call": call,
            "bid": bid,
            "bids": bids,
            "start_form": start_form if len(bids) < len(organisations) else None,
            "bid_form": bid_form,
            "attach_form": attach_form,
            "can_edit": bid is not None and bid.status == BidStatus.DRAFT and call.status == CallStatus.OPEN,
        },
    )


# Evaluators ------------------------------------------------------------------------------------


@login_required
def evaluate(request: HttpRequest, slug: str, call_slug: str) -> HttpResponse:
    """First the declaration of interests; then the bids this evaluator may score."""
    programme = _programme(slug)
    call = _call(programme, call_slug)
    actor = actor_from_request(request)
    person = actor.person
    seat = evaluator_seat_for(person, call)
    if seat is None:
        raise PermissionDenied(_("Only panel members who score this call can open this page."))
    declared = has_declared_interests(person, call)
    bidders = list(selectors.submitted_bids(call=call)) if call.status == CallStatus.CLOSED else []
    form = InterestsForm(request.POST or None, bids=bidders)
    if request.method == "POST" and not declared and form.is_valid():
        if form_service_call(
            request,
            form,
            lambda: services.interests_declare(actor=actor, call=call, interests=form.interests()),
            _("Your declaration is recorded. You can now read and score the bids."),
        ):
            return redirect(reverse("commissioning:evaluate", args=[programme.slug, call.slug]))
    to_score = selectors.bids_to_evaluate(person=person, call=call) if declared else []
    return render(
        request,
        "commissioning/acquisition/evaluate.html",
        {
            "programme": programme,
            "call": call,
            "seat": seat,
            "declared": declared,
            "declaration": selectors.declaration_of(person=person, call=call),
            "form": form,
            "bidders": bidders,
            "bids": [(bid, selectors.evaluation_of(person=person, bid=bid)) for bid in to_score],
        },
    )


@login_required
def bid_score(request: HttpRequest, slug: str, call_slug: str, bid_pk: int) -> HttpResponse:
    """Read a bid and score it alone; others' scores appear only once yours are in."""
    programme = _programme(slug)
    call = _call(programme, call_slug)
    actor = actor_from_request(request)
    person = actor.person
    bid = _bid(call, bid_pk, person)
    seat = evaluator_seat_for(person, call)
    own = selectors.evaluation_of(person=person, bid=bid)
    criteria = selectors.scored_criteria(call=call, seat_type=seat.seat_type) if seat else []
    form = ScoresForm(
        request.POST or None,
        criteria=criteria,
        scale=call.scale,
        reason_label=_("Your reasons for the score for %(criterion)s"),
    )
    if request.method == "POST" and seat is not None and own is None and form.is_valid():
        if form_service_call(
            request,
            form,
            lambda: services.evaluation_submit(actor=actor, bid=bid, scores=form.scores()),
            _("Your scores are submitted."),
            errors_to_form=_score_errors_to_form,
        ):
            return redirect(reverse("commissioning:bid_score", args=[programme.slug, call.slug, bid.pk]))
    others = []
    if can_see_evaluations_of_others(person, bid):
        others = [e for e in bid.evaluations.select_related("evaluator").prefetch_related("scores__criterion")]
    return render(
        request,
        "commissioning/acquisition/bid_score.html",
        {
            "programme": programme,
            "call": call,
            "bid": bid,
            "seat": seat,
            "answers": list(bid.answers.select_related("criterion")),
            "attachments": list(bid.attachments.select_related("file")),
            "show_price": can_see_bid_price(person, bid),
            "own": own,
            "form": form if seat is not None and own is None and call.status == CallStatus.CLOSED else None,
            "others": others,
            "moderation_links": [
                (seat_type, SeatType(seat_type).label)
                for seat_type in sorted(selectors.seat_types_needed(call=call))
                if can_moderate(person, bid, seat_type)
            ],
        },
    )


@login_required
def moderate(request: HttpRequest, slug: str, call_slug: str, bid_pk: int, seat_type: str) -> HttpResponse:
    """One seat type agrees a score per criterion, with a reason wherever it moves from an evaluator's."""
    programme = _programme(slug)
    call = _call(programme, call_slug)
    actor = actor_from_request(request)
    person = actor.person
    bid = _bid(call, bid_pk, person)
    if seat_type not in SeatType.values or not can_moderate(person, bid, seat_type):
        raise PermissionDenied(_("You cannot moderate these scores."))
    criteria = selectors.scored_criteria(call=call, seat_type=seat_type)
    moderation = selectors.moderation_of(bid=bid, seat_type=seat_type)
    form = ScoresForm(
        request.POST or None,
        criteria=criteria,
        scale=call.scale,
        reason_label=_("Reason for the agreed score for %(criterion)s (needed where it differs)"),
    )
    if request.method == "POST" and moderation is None and form.is_valid():
        if form_service_call(
            request,
            form,
            lambda: services.moderation_finish(
                actor=actor, bid=bid, seat_type=SeatType(seat_type), agreed=form.scores()
            ),
            _("The agreed scores are recorded."),
            errors_to_form=_score_errors_to_form,
        ):
            return redirect(reverse("commissioning:moderate", args=[programme.slug, call.slug, bid.pk, seat_type]))
    evaluations = list(selectors.evaluations_by_seat_type(bid=bid, seat_type=seat_type))
    table = [
        (
            criterion,
            [next((s for s in e.scores.all() if s.criterion_id == criterion.pk), None) for e in evaluations],
        )
        for criterion in criteria
    ]
    return render(
        request,
        "commissioning/acquisition/moderate.html",
        {
            "programme": programme,
            "call": call,
            "bid": bid,
            "seat_type_label": SeatType(seat_type).label,
            "evaluations": evaluations,
            "table": table,
            "moderation": moderation,
            "form": form if moderation is None and call.status == CallStatus.CLOSED else None,
        },
    )


# Officers ----------------------------------------------------------------------------------------


@login_required
def acquisition_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The specification's versions and the programme's calls."""
    programme = _managed(request, slug)
    actor = actor_from_request(request)
    which = request.POST.get("form")
    draft_form = SpecificationDraftForm(request.POST if which == "draft" else None, prefix="draft")
    versions = list(selectors.specification_versions(programme=programme))
    # One form a draft, each with its own prefix, so every label points at its own input.
    posted_version = request.POST.get("version", "") if which == "agree" else ""
    agree_forms = {
        v.pk: AgreeForm(request.POST if str(v.pk) == posted_version else None, prefix=f"agree-{v.pk}")
        for v in versions
        if v.agreed_at is None
    }
    agree_form = agree_forms.get(int(posted_version)) if posted_version.isdigit() else None
    call_form = CallForm(request.POST if which == "call" else None, prefix="call")
    here = reverse("commissioning:acquisition_manage", args=[programme.slug])
    if which == "draft" and draft_form.is_valid():
        data = draft_form.cleaned_data
        if form_service_call(
            request,
            draft_form,
            lambda: services.specification_draft(
                actor=actor,
                programme=programme,
                title=data["title"],
                body=data["body"],
                change_note=data["change_note"],
            ),
            _("The new version is saved. The panel can comment on it."),
        ):
            return redirect(here)
    if which == "agree" and agree_form is not None and agree_form.is_valid():
        version = next(v for v in versions if str(v.pk) == posted_version)
        form = agree_form
        if form_service_call(
            request,
            form,
            lambda: services.specification_agree(
                actor=actor,
                version=version,
                decided_by=form.cleaned_data["decided_by"],
                reasons=form.cleaned_data["reasons"],
            ),
            _("The version is agreed and published."),
        ):
            return redirect(here)
    if which == "call" and call_form.is_valid():
        data = call_form.cleaned_data
        closes_at = timezone.make_aware(datetime.combine(data["closes_on"], time(12, 0)))

        def create() -> None:
            call = services.call_create(
                actor=actor,
                programme=programme,
                slug=data["slug"],
                title=data["title"],
                kind=CallKind(data["kind"]),
                lot=data["lot"],
                description=data["description"],
                value_limit_pence=data["value_limit_pence"],
                closes_at=closes_at,
            )
            created.append(call)

        created: list[Call] = []
        if form_service_call(request, call_form, create, _("The call is set up. Add its criteria next.")):
            return redirect(reverse("commissioning:call_manage", args=[programme.slug, created[0].slug]))
    return render(
        request,
        "commissioning/acquisition/acquisition_manage.html",
        {
            "programme": programme,
            "versions": [(v, agree_forms.get(v.pk)) for v in versions],
            "agreed": selectors.specification_agreed(programme=programme),
            "calls": selectors.calls_of(programme=programme),
            "draft_form": draft_form,
            "call_form": call_form,
        },
    )


@login_required
def call_manage(request: HttpRequest, slug: str, call_slug: str) -> HttpResponse:
    """Criteria, opening and closing, the compliance check, computed results and the award."""
    programme = _managed(request, slug)
    call = _call(programme, call_slug, public=False)
    actor = actor_from_request(request)
    which = request.POST.get("form")
    here = reverse("commissioning:call_manage", args=[programme.slug, call.slug])

    def data_for(name: str) -> QueryDict | None:
        return request.POST if which == name else None

    criterion_form = CriterionForm(data_for("criterion"), prefix="criterion")
    criteria = list(call.criteria.all())
    bids = list(selectors.submitted_bids(call=call))
    # One form a criterion and a bid, each with its own prefix, so every label points at its own input.
    posted_item = request.POST.get("item", "")
    change_forms = {
        c.pk: CriterionChangeForm(
            request.POST if which == "change" and str(c.pk) == posted_item else None,
            prefix=f"change-{c.pk}",
            initial={"weight": c.weight, "seat_types": c.seat_types},
        )
        for c in criteria
    }
    compliance_forms = {
        b.pk: ComplianceForm(
            request.POST if which == "compliance" and str(b.pk) == posted_item else None, prefix=f"compliance-{b.pk}"
        )
        for b in bids
    }
    item = int(posted_item) if posted_item.isdigit() else 0
    change_form, compliance_form = change_forms.get(item), compliance_forms.get(item)
    no_award_form = NoAwardForm(data_for("no_award"), prefix="no_award")
    award: Award | None = Award.objects.filter(call=call).first()
    compliant = list(selectors.compliant_bids(call=call))
    recommend_form = RecommendForm(data_for("recommend"), bids=compliant, prefix="recommend")
    decide_form = AwardDecideForm(
        data_for("decide"), prefix="decide", ratifications=selectors.board_ratifications_for(programme=call.programme)
    )
    notice_form = NoticeForm(data_for("notice"), prefix="notice", initial={"published_on": timezone.localdate()})
    posted: BaseForm | None = {
        "criterion": criterion_form,
        "change": change_form,
        "compliance": compliance_form,
        "no_award": no_award_form,
        "recommend": recommend_form,
        "decide": decide_form,
        "notice": notice_form,
    }.get(which or "")
    simple_actions: dict[str, tuple[Callable[[], object], str]] = {
        "open": (lambda: services.call_open(actor=actor, call=call), _("The call is open for bids.")),
        "close": (lambda: services.call_close(actor=actor, call=call), _("The call is closed and its bids opened.")),
    }
    done = False
    if which in simple_actions:
        action, success = simple_actions[which]
        try:
            action()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success)
        return redirect(here)
    if which == "criterion" and criterion_form.is_valid():
        data = criterion_form.cleaned_data
        done = form_service_call(
            request,
            criterion_form,
            lambda: services.criterion_add(
                actor=actor,
                call=call,
                kind=CriterionKind(data["kind"]),
                title=data["title"],
                question=data["question"],
                weight=data["weight"],
                seat_types=data["seat_types"],
            ),
            _("The criterion is added."),
        )
    if which == "change" and change_form is not None and change_form.is_valid():
        criterion = next(c for c in criteria if c.pk == item)
        changed = change_form
        done = form_service_call(
            request,
            changed,
            lambda: services.criterion_update(
                actor=actor,
                criterion=criterion,
                weight=changed.cleaned_data["weight"],
                seat_types=changed.cleaned_data["seat_types"],
            ),
            _("The criterion is changed."),
        )
    if which == "compliance" and compliance_form is not None and compliance_form.is_valid():
        bid = next(b for b in bids if b.pk == item)
        checked = compliance_form
        done = form_service_call(
            request,
            checked,
            lambda: services.bid_compliance_set(
                actor=actor,
                bid=bid,
                compliant=checked.cleaned_data["compliant"],
                note=checked.cleaned_data["note"],
            ),
            _("The compliance check is recorded."),
        )
    if which == "no_award" and no_award_form.is_valid():
        done = form_service_call(
            request,
            no_award_form,
            lambda: services.call_close_without_award(
                actor=actor, call=call, reasons=no_award_form.cleaned_data["reasons"]
            ),
            _("The call is closed without an award."),
        )
    if which == "recommend" and recommend_form.is_valid():
        done = form_service_call(
            request,
            recommend_form,
            lambda: services.award_recommend(
                actor=actor,
                call=call,
                bid=recommend_form.cleaned_data["bid"],
                reasons=recommend_form.cleaned_data["reasons"],
            ),
            _("The panel's recommendation is recorded."),
        )
    if award is not None and which == "decide" and decide_form.is_valid():
        current = award
        done = form_service_call(
            request,
            decide_form,
            lambda: services.award_decide(
                actor=actor,
                award=current,
                decided_by=decide_form.cleaned_data["decided_by"],
                method=DecisionMethod(decide_form.cleaned_data["method"]),
                reasons=decide_form.cleaned_data["reasons"],
                ratification=decide_form.cleaned_data.get("ratification"),
            ),
            _("The award decision is recorded and published."),
        )
    if award is not None and which == "summaries":
        try:
            services.assessment_summaries_send(actor=actor, award=award)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Every bidder has been sent its assessment summary."))
        return redirect(here)
    if award is not None and which == "notice" and notice_form.is_valid():
        current = award
        done = form_service_call(
            request,
            notice_form,
            lambda: services.award_notice_publish(
                actor=actor, award=current, published_on=notice_form.cleaned_data["published_on"]
            ),
            _("The award notice is recorded, with the end of the standstill."),
        )
    if done:
        return redirect(here)
    results = selectors.call_results(call=call)
    return render(
        request,
        "commissioning/acquisition/call_manage.html",
        {
            "programme": programme,
            "call": call,
            "criteria": [(c, change_forms[c.pk]) for c in criteria],
            "weights_total": sum(c.weight for c in criteria),
            "problems": services.call_problems(call) if call.status == CallStatus.DRAFT else [],
            "bids": [(b, compliance_forms[b.pk]) for b in bids],
            "results": results,
            "award": award,
            "summaries": list(award.summaries.select_related("bid__organisation")) if award else [],
            "posted": posted,
            "criterion_form": criterion_form,
            "no_award_form": no_award_form,
            "recommend_form": recommend_form,
            "decide_form": decide_form,
            "notice_form": notice_form,
            "standstill_over": services.standstill_over(award) if award else False,
        },
    )


urlpatterns: list[URLPattern] = [
    path("commissioning/providers/register/", provider_register, name="provider_register"),
    path("commissioning/providers/bids/", my_bids, name="my_bids"),
    path("commissioning/<slug:slug>/specification/", specification, name="specification"),
    path("commissioning/<slug:slug>/calls/<slug:call_slug>/", call_detail, name="call_detail"),
    path("commissioning/<slug:slug>/calls/<slug:call_slug>/bid/", bid_edit, name="bid_edit"),
    path("commissioning/<slug:slug>/calls/<slug:call_slug>/evaluate/", evaluate, name="evaluate"),
    path("commissioning/<slug:slug>/calls/<slug:call_slug>/evaluate/<int:bid_pk>/", bid_score, name="bid_score"),
    path(
        "commissioning/<slug:slug>/calls/<slug:call_slug>/evaluate/<int:bid_pk>/moderate/<slug:seat_type>/",
        moderate,
        name="moderate",
    ),
    path("officer/commissioning/<slug:slug>/acquisition/", acquisition_manage, name="acquisition_manage"),
    path("officer/commissioning/<slug:slug>/acquisition/<slug:call_slug>/", call_manage, name="call_manage"),
]
