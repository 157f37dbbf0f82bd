from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopcouncil.accounts.selectors import actor_from_request
from coopcouncil.notifications.followables import followable_get
from coopcouncil.notifications.models import ALL_TOPICS
from coopcouncil.notifications.services import follow_set


def _target(kind: str, key: str):  # type: ignore[no-untyped-def]
    try:
        return followable_get(kind, key)
    except LookupError as error:
        raise Http404 from error


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    target = _target(kind, key)
    follow_set(actor=actor_from_request(request), target=target, topics=ALL_TOPICS)
    messages.success(request, _("You now follow %(name)s.") % {"name": target})
    return redirect(target.get_absolute_url())


@login_required
@require_POST
def unfollow(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    target = _target(kind, key)
    follow_set(actor=actor_from_request(request), target=target, topics=[])
    messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
    return redirect(target.get_absolute_url())
