"""The one answer of every HTML page to a throttled attempt: 429, with when to try again."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from neuguong.core.throttle import ThrottledError


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
