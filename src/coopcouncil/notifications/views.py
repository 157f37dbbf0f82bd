from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopcouncil.accounts.models import ContactPreference, Person
from coopcouncil.accounts.permissions import CannotTakePart
from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.accounts.services import contact_preference_set
from coopcouncil.notifications.followables import followable_get
from coopcouncil.notifications.forms import ContactPreferenceForm, FollowTopicsForm
from coopcouncil.notifications.selectors import follow_topics_for, followed_with_topics
from coopcouncil.notifications.services import follow_set


def _target(kind: str, key: str) -> models.Model:
    try:
        return followable_get(kind, key)
    except LookupError as error:
        raise Http404 from error


def _person_or_404(request: HttpRequest) -> Person:
    """The person whose updates these are: the resident in acting-for mode, else the signed-in person."""
    person = actor_from_request(request).subject
    if person is None:
        raise Http404(_("This login has no profile."))
    return person


@login_required
def follow(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Choose the topics to follow something by. Community pages post here; this page is where
    a choice with nothing ticked is explained, and works alone too."""
    target = _target(kind, key)
    person = _person_or_404(request)
    before = follow_topics_for(person=person, target=target)
    form = FollowTopicsForm(
        request.POST if request.method == "POST" else None,
        target_name=str(target),
        initial={"topics": sorted(before)},
    )
    if form.is_valid():
        try:
            # The form says beside the button that following means agreeing to updates: pressing it asks.
            follow_set(
                actor=actor_from_request(request),
                target=target,
                topics=form.cleaned_data["topics"],
                asks_for_updates=True,
            )
        except CannotTakePart as refusal:
            messages.error(request, str(refusal))
            return redirect(target.get_absolute_url())  # type: ignore[attr-defined]
        if before:
            messages.success(request, _("Your updates from %(name)s are saved.") % {"name": target})
        else:
            messages.success(request, _("You now follow %(name)s.") % {"name": target})
        return redirect(target.get_absolute_url())  # type: ignore[attr-defined]
    return render(
        request,
        "notifications/follow.html",
        {"target": target, "form": form, "following": bool(before), "person": person, "kind": kind, "key": key},
    )


@login_required
@require_POST
def unfollow(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    target = _target(kind, key)
    follow_set(actor=actor_from_request(request), target=target, topics=[])
    messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
    return redirect(target.get_absolute_url())  # type: ignore[attr-defined]


_SAVED = {
    ContactPreference.EMAIL: gettext_lazy("Saved. We will send your updates by email."),
    ContactPreference.POST: gettext_lazy("Saved. We will send your updates by letter."),
    ContactPreference.SMS: gettext_lazy("Saved. We will send your updates by text message."),
    ContactPreference.NONE: gettext_lazy("Saved. We will not send you any updates."),
}


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """How someone hears from us, and everything they follow, with a way to change each."""
    person = _person_or_404(request)
    form = ContactPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"contact_preference": person.contact_preference, "address": person.address, "phone": person.phone},
    )
    if form.is_valid():
        try:
            contact_preference_set(
                actor=actor_from_request(request),
                preference=form.cleaned_data["contact_preference"],
                address=form.cleaned_data["address"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, str(_SAVED[ContactPreference(form.cleaned_data["contact_preference"])]))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "person": person, "followed": followed_with_topics(person=person)},
    )
