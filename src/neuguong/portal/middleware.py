"""``PublicPageCacheMiddleware``: a visitor's cached news page, answered before the rest of the stack.

Placed right after whitenoise (so after the security headers and the Content-Security-Policy, which
wrap it) and before sessions, locale, CSRF, authentication, OTP, messages, htmx. For a GET or HEAD of
a page ``page_cache.page_key`` knows, by a client without a session cookie (so nobody signed in) and
not asking through htmx, it reads the page's entry from the cache (one round trip, ``page_cache.fetch``)
and, when it is there and of the current generation, answers it at once: no session is read, no
query is made. What the layers it skips would have added is added here: the language (``LocaleMiddleware``:
from the language cookie, else ``Accept-Language``; ``Content-Language``, ``Vary: Accept-Language``),
``Vary: Cookie``, ``X-Frame-Options``; and ``ETag`` with ``Cache-Control: no-cache`` (304 when the
browser holds the page). An article's view is counted here as in the view (``services.reader_view`` and
``view_count``: bots left out, one per visitor, article and day by the keyed daily digest); the
reader's mark of the day is read with the page, so a repeated view costs nothing more, and a first
one the mark's ``add`` and the two writes. Anything else (a miss, a signed-in
user, a POST, a page thanking for a feedback) goes down the stack, where the views render the page
and store it under the same key.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from neuguong.core.net import client_address

from . import page_cache, services


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_HX_REQUEST" in request.META:
            return self.get_response(request)
        language = get_language_from_request(request)
        key = page_cache.page_key(request, language)
        if key is None:
            return self.get_response(request)
        pk = page_cache.article_id(request)
        view = None if pk is None else services.reader_view(
            article_id=pk, client=client_address(request), user_agent=request.headers.get("user-agent", ""))
        mark = view.mark if view is not None else None
        _current, entry, seen = page_cache.fetch(request, key, *([mark] if mark else []))
        if entry is None:
            return self.get_response(request)
        if view is not None and mark not in seen:  # a reader's first view today
            services.view_count(view=view)
        response = page_cache.respond(request, entry)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
