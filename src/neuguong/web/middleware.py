"""Response middleware of the web layer.

- ``ContentSecurityPolicyMiddleware``: the Content-Security-Policy header (Django 5.2 has none
  built in). The application ships its own scripts, styles and fonts and embeds nothing, so the
  policy allows only files served from the site itself: no inline ``<script>``, event handler
  attribute or ``style=`` attribute runs or applies, which takes the sting out of an HTML
  injection. Templates keep to that (a test checks them); a response that sets its own policy
  keeps it. One exception, for the rich-text editor: its import map must be an inline
  ``<script type="importmap">``, and it inserts one ``<style>`` of base CSS. A page that renders
  the editor asks ``request.csp_nonce`` for a per-request nonce (``{% form_media %}``), and only
  then does the policy allow the scripts carrying that nonce and that one style by its hash.
- ``ThrottledMiddleware``: the one answer of every HTML page to a throttled attempt: 429, with
  when to try again.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from neuguong.core.throttle import ThrottledError


class CspNonce:
    """A request's script nonce, made the first time a page renders it (``str``): a page that never
    asks keeps the strict policy."""

    def __init__(self) -> None:
        self.value = ""

    def __str__(self) -> str:
        if not self.value:
            self.value = secrets.token_urlsafe(18)
        return self.value


def _policy(nonce: str = "") -> str:
    directives = dict(settings.CONTENT_SECURITY_POLICY)
    if nonce:
        directives["script-src"] = [*directives["script-src"], f"'nonce-{nonce}'"]
        directives["style-src"] = [*directives["style-src"], *settings.CONTENT_SECURITY_POLICY_EDITOR_STYLES]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = _policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = request.csp_nonce = CspNonce()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _policy(nonce.value) if nonce.value else self.policy)
        return response


class ThrottledMiddleware:
    """Pages let ``ThrottledError`` propagate; this answers it (the JSON API answers it in
    ``neuguong.api``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ThrottledError):
            return None
        response = render(request, "web/throttled.html", {"message": exception.message, "back_url": request.path},
                          status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
