"""Session expiry and two-factor enforcement."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import two_factor_required

LOGIN_TIME_KEY = "neuguong_login_at"
REFRESHED_KEY = "neuguong_refreshed_at"
# Only the steps of logging in stay reachable before enrolment: user management also lives
# under /accounts/ and must not escape the two-factor requirement.
EXEMPT_PREFIXES = (
    "/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/static/", "/i18n/", "/api/", "/favicon.ico",
)


def session_stored_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Logging in stores the session (``user_logged_in``): its absolute and idle times start
    there, so the first requests after it store nothing again."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_TIME_KEY] = now
        request.session[REFRESHED_KEY] = now


class SessionExpiryMiddleware:
    """Ends a session a fixed time after login, however active it has been, and keeps an active
    one alive: idle expiry is the session cookie's age, started over when the session is stored.
    An unchanged session is stored again once ``SESSION_REFRESH_SECONDS`` have passed since it
    last was, not on every request (three statements per page view), so a session left idle
    ends at most that much before the idle time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            if started is None:
                request.session[LOGIN_TIME_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(settings.LOGIN_URL)
        session = request.session
        if session.session_key and now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # stored at the end of the request: the idle time starts over
        return self.get_response(request)


class TwoFactorMiddleware:
    """A user holding a role that requires two-factor must enrol a device before anything else.

    Users who enrolled are only logged in after verifying a code (see ``views.login_view``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and two_factor_required(user)
        ):
            return redirect(reverse("accounts:two_factor_enrol"))
        return self.get_response(request)
