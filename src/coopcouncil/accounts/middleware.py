"""Request-wide account state: acting-for mode, and two-factor set-up for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from coopcouncil.accounts.permissions import is_staff_person
from coopcouncil.accounts.selectors import ACTING_FOR_SESSION_KEY, acting_for_session_active, person_for_user


class ActingForMiddleware:
    """Sets ``request.acting_for`` while an officer's acting-for session is live; it lapses by itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.acting_for = None  # type: ignore[attr-defined]
        session_id = request.session.get(ACTING_FOR_SESSION_KEY)
        if session_id is not None:
            officer = person_for_user(request.user)
            session = acting_for_session_active(officer=officer, session_id=session_id) if officer else None
            if session is None:
                del request.session[ACTING_FOR_SESSION_KEY]
                messages.info(request, _("Your acting-for session has ended."))
            else:
                request.acting_for = session  # type: ignore[attr-defined]
        return self.get_response(request)


# Pages a staff member without a second factor may still reach: setting one up, signing out.
_TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/accounts/reauthenticate/")


def _needs_second_factor(user: AbstractBaseUser) -> bool:
    # Django's admin flags count as well as roles: a superuser made with `createsuperuser` may hold no
    # role (or have no person at all) and yet can open the admin site.
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return is_staff_person(person_for_user(user))


class StaffTwoFactorMiddleware:
    """Staff roles and admin-site users must use two-factor authentication: until they set it up,
    nothing else opens (the admin site included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(_TWO_FACTOR_EXEMPT_PREFIXES):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user) and _needs_second_factor(user):
                messages.warning(request, _("Your role needs two-factor authentication. Set it up to carry on."))
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
