"""The Content-Security-Policy header (Django 5.2 has none built in).

The application ships its own scripts, styles and fonts and embeds nothing, so the policy allows
only files served from the site itself: no inline ``<script>``, event handler attribute or
``style=`` attribute runs or applies, which takes the sting out of an HTML injection. Templates
keep to that (a test checks them); a response that sets its own policy keeps it.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {' '.join(sources)}"
                                for name, sources in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
