"""Account pages. Each view parses a form, calls one service and renders; no rules here."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts import selectors, services
from coopcouncil.accounts.ages import is_child
from coopcouncil.accounts.forms import (
    AccessNeedsForm,
    ActingForStartForm,
    AgeConfirmForm,
    AreaClaimForm,
    AreaClaimReviewForm,
    AssistedRegistrationForm,
    ClaimProfileForm,
    ConsentChangeForm,
    DeletionRequestForm,
    DeletionReviewForm,
    ParentalConsentForm,
    PeopleSearchForm,
)
from coopcouncil.accounts.models import (
    OPTIONAL_CONSENT_PURPOSES,
    AreaClaim,
    AreaClaimStatus,
    ConsentPurpose,
    DataRequest,
    Person,
    Role,
    User,
)
from coopcouncil.accounts.permissions import (
    CannotTakePart,
    can_act_for,
    can_confirm_age,
    can_register_assisted,
    can_review_data_requests,
    can_verify_area_claim,
    can_view_access_needs,
    has_role_anywhere,
)
from coopcouncil.accounts.presenters import audit_entry_summary
from coopcouncil.accounts.selectors import ACTING_FOR_SESSION_KEY
from coopcouncil.core.form_errors import service_errors_to_form
from coopcouncil.core.personal_data import personal_data_areas
from coopcouncil.core.rate_limits import client_address, rate_limit_exceeded


def _person_or_404(request: HttpRequest) -> Person:
    """The person the page is about: the resident in acting-for mode, else the signed-in person."""
    person = selectors.actor_from_request(request).subject
    if person is None:
        raise Http404(_("This login has no profile."))
    return person


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    officer = selectors.person_for_user(request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "person": person,
            "is_child": is_child(person, timezone.localdate()),
            "activity": [
                (entry, audit_entry_summary(entry)) for entry in selectors.audit_entries_about(person=person)[:20]
            ],
            "consents": person.consents.all(),
            "parental_consent": selectors.parental_consent_status(person=person),
            "can_register_assisted": can_register_assisted(officer),
            "can_review_data_requests": can_review_data_requests(officer),
            "acts_for_a_provider": has_role_anywhere(person, [Role.PROVIDER_REPRESENTATIVE]),
        },
    )


@login_required
def data_download(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    payload = selectors.person_data_export(person=person)
    response = HttpResponse(json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-coopcouncil-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def deletion_request(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deletion_request_create(
            actor=selectors.actor_from_request(request), reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("We have your request. An officer will review it within one month."))
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/deletion_request.html",
        {
            "form": form,
            "areas": personal_data_areas(),
            "open_request": person.data_requests.filter(status="open").first(),
        },
    )


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    form = ConsentChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            purpose = ConsentPurpose(form.cleaned_data["purpose"])
            actor = selectors.actor_from_request(request)
            try:
                if form.cleaned_data["action"] == "withdraw":
                    services.consent_withdraw(actor=actor, purpose=purpose)
                    done = _("You have withdrawn your consent.")
                else:
                    services.consent_give(actor=actor, purpose=purpose)
                    done = _("Thank you. We have recorded your consent.")
            except CannotTakePart as refusal:
                form.add_error(None, str(refusal))
                status = 403
            else:
                messages.success(request, done)
                return redirect("accounts:consents")
        else:
            status = 400
    active = {c.purpose for c in person.consents.filter(withdrawn_at__isnull=True)}
    return render(
        request,
        "accounts/consents.html",
        {
            "form": form,
            "history": person.consents.all(),
            "optional": [(p, p in active) for p in OPTIONAL_CONSENT_PURPOSES],
            "participation": selectors.participation_for(person=person),
        },
        status=status,
    )


@login_required
def access_needs(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    viewer = selectors.person_for_user(request.user)
    current = selectors.access_needs_for(viewer=viewer, person=person)
    initial: dict[str, Any] = (
        {"needs": current.needs, "language": current.language, "other": current.other} if current else {}
    )
    form = AccessNeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.access_needs_set(actor=selectors.actor_from_request(request), **form.cleaned_data)
        messages.success(
            request, _("Your access needs are saved. Organisers will see them when you register for a meeting.")
        )
        return redirect("accounts:dashboard")
    return render(request, "accounts/access_needs.html", {"form": form})


@login_required
def area_claims(request: HttpRequest) -> HttpResponse:
    person = _person_or_404(request)
    form = AreaClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_claim_record(actor=selectors.actor_from_request(request), **form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Saved. An officer will check your evidence before it counts."))
            return redirect("accounts:area_claims")
    return render(
        request, "accounts/area_claims.html", {"form": form, "claims": selectors.area_claims_of(person=person)}
    )


def _claim_attempts_exceeded(request: HttpRequest) -> bool:
    """Claim codes are short enough to guess, so attempts are limited per address and per login."""
    by_address = rate_limit_exceeded(scope="claim", key=client_address(request), limit=20, period_seconds=3600)
    by_user = rate_limit_exceeded(scope="claim-user", key=str(request.user.pk), limit=5, period_seconds=3600)
    return by_address or by_user


@login_required
def claim_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):  # login_required guarantees a real user
        raise PermissionDenied
    form = ClaimProfileForm(request.POST or None)
    if request.method == "POST" and _claim_attempts_exceeded(request):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Wait an hour, or ask an officer at a drop-in hub."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.assisted_profile_claim(
                user=user, person_id=form.cleaned_data["reference"], claim_code=form.cleaned_data["claim_code"]
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("This profile is now yours. You can see everything done for you below."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/claim_profile.html", {"form": form})


def parental_consent(request: HttpRequest, token: str) -> HttpResponse:
    consent_request = services.parental_consent_request_for_token(token)
    if consent_request is None:
        return render(request, "accounts/parental_consent_done.html", {"already": True}, status=404)
    form = ParentalConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.parental_consent_answer(request=consent_request, granted=form.cleaned_data["answer"] == "yes")
        return render(request, "accounts/parental_consent_done.html", {"granted": form.cleaned_data["answer"] == "yes"})
    return render(request, "accounts/parental_consent.html", {"form": form, "consent_request": consent_request})


# Officer pages -------------------------------------------------------------------------


def _officer(request: HttpRequest) -> Person:
    officer = selectors.person_for_user(request.user)
    if officer is None or not can_register_assisted(officer):
        raise PermissionDenied
    return officer


@login_required
def assisted_register(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = AssistedRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        birth = form.cleaned_data["date_of_birth"]
        try:
            person, claim_code = services.assisted_person_register(
                actor=selectors.actor_from_request(request),
                full_name=form.cleaned_data["full_name"],
                date_of_birth=birth.full if birth else None,
                birth_year=birth.year if birth else None,
                postcode=form.cleaned_data["postcode"],
                address=form.cleaned_data["address"],
                phone=form.cleaned_data["phone"],
                contact_preference=form.cleaned_data["contact_preference"],
                access_needs=form.cleaned_data["access_needs"],
                access_language=form.cleaned_data["access_language"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            return render(request, "accounts/assisted_registered.html", {"resident": person, "claim_code": claim_code})
    return render(request, "accounts/assisted_register.html", {"form": form})


@login_required
def people_search(request: HttpRequest) -> HttpResponse:
    officer = _officer(request)
    form = PeopleSearchForm(request.GET or None)
    results = selectors.people_search(officer=officer, query=form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "accounts/people_search.html", {"form": form, "results": results, "searched": form.is_bound})


def _claim_review_forms(
    request: HttpRequest, officer: Person, claims: list[AreaClaim]
) -> tuple[dict[int, AreaClaimReviewForm], AreaClaim | None]:
    """A form for each claim this officer may check; the one posted is bound. Returns the forms
    and the claim whose form was posted and is valid."""
    posted = request.POST.get("claim") if request.method == "POST" and request.POST.get("form") == "claim" else None
    forms: dict[int, AreaClaimReviewForm] = {}
    valid: AreaClaim | None = None
    for claim in claims:
        if claim.status != AreaClaimStatus.PENDING or not can_verify_area_claim(officer, claim):
            continue
        bound = posted == str(claim.pk)
        form = AreaClaimReviewForm(request.POST if bound else None, prefix=f"claim-{claim.pk}")
        if bound and form.is_valid():
            valid = claim
        forms[claim.pk] = form
    return forms, valid


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _officer(request)
    person = selectors.person_for_officer(officer=officer, pk=pk)
    if person is None:
        raise Http404(_("There is no such person, or they are outside your area."))
    start_form = ActingForStartForm(request.POST or None if request.POST.get("form") == "act" else None)
    age_form = AgeConfirmForm(request.POST or None if request.POST.get("form") == "age" else None)
    claims = list(selectors.area_claims_of(person=person))
    claim_forms, claim_to_review = _claim_review_forms(request, officer, claims)
    actor = selectors.actor_from_request(request)
    if request.method == "POST" and request.POST.get("form") == "act" and start_form.is_valid():
        session = services.acting_for_start(actor=actor, resident=person, reason=start_form.cleaned_data["reason"])
        request.session[ACTING_FOR_SESSION_KEY] = session.pk
        messages.success(request, _("You are now acting for %(name)s.") % {"name": person.display_name})
        return redirect("accounts:dashboard")
    if request.method == "POST" and request.POST.get("form") == "age" and age_form.is_valid():
        try:
            services.age_confirm(actor=actor, person=person, **age_form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(age_form, error)
        else:
            messages.success(request, _("Date of birth confirmed."))
            return redirect("accounts:person_detail", pk=person.pk)
    if claim_to_review is not None:
        review_form = claim_forms[claim_to_review.pk]
        try:
            services.area_claim_verify(
                actor=actor,
                claim=claim_to_review,
                verified=review_form.cleaned_data["decision"] == "verified",
                note=review_form.cleaned_data["note"],
            )
        except ValidationError as error:
            service_errors_to_form(review_form, error)
        else:
            messages.success(request, _("Claim checked."))
            return redirect("accounts:person_detail", pk=person.pk)
    may_see_needs = can_view_access_needs(officer, person)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "start_form": start_form,
            "age_form": age_form,
            "claims": [(claim, claim_forms.get(claim.pk)) for claim in claims],
            "posted_claim_form": next((form for form in claim_forms.values() if form.is_bound), None),
            "can_act_for": can_act_for(officer, person),
            "can_confirm_age": can_confirm_age(officer, person),
            "can_view_access_needs": may_see_needs,
            "needs": selectors.access_needs_for(viewer=officer, person=person) if may_see_needs else None,
        },
    )


@login_required
def area_claims_to_check(request: HttpRequest) -> HttpResponse:
    officer = _officer(request)
    return render(
        request, "accounts/area_claims_to_check.html", {"claims": selectors.area_claims_to_check(officer=officer)}
    )


@login_required
@require_POST
def acting_for_end(request: HttpRequest) -> HttpResponse:
    session = getattr(request, "acting_for", None)
    if session is not None:
        services.acting_for_end(session=session)
    request.session.pop(ACTING_FOR_SESSION_KEY, None)
    messages.success(request, _("You are no longer acting for anyone."))
    return redirect("accounts:people_search")


@login_required
def data_requests(request: HttpRequest) -> HttpResponse:
    if not can_review_data_requests(selectors.person_for_user(request.user)):
        raise PermissionDenied
    return render(request, "accounts/data_requests.html", {"requests": selectors.data_requests_open()})


@login_required
def data_request_review(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_review_data_requests(selectors.person_for_user(request.user)):
        raise PermissionDenied
    data_request = get_object_or_404(DataRequest.objects.select_related("person"), pk=pk)
    form = DeletionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deletion_request_review(
                actor=selectors.actor_from_request(request),
                request=data_request,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Request reviewed."))
            return redirect("accounts:data_requests")
    return render(request, "accounts/data_request_review.html", {"form": form, "data_request": data_request})
