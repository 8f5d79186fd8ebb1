"""Response middleware of the web layer.

- ``ContentSecurityPolicyMiddleware``: the Content-Security-Policy header (Django 5.2 has none
  built in). The application ships its own scripts, styles and fonts and embeds nothing, so the
  policy allows only files served from the site itself: no inline ``<script>``, event handler
  attribute or ``style=`` attribute runs or applies, which takes the sting out of an HTML
  injection. Templates keep to that (a test checks them); a response that sets its own policy
  keeps it.
- ``ThrottledMiddleware``: the one answer of every HTML page to a throttled attempt: 429, with
  when to try again.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from neuguong.core.throttle import ThrottledError


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {' '.join(sources)}"
                                for name, sources in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
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
