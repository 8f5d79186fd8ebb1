"""The ``Idempotency-Key`` header on the API's writes, in one place for every route."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from neuguong.accounts.services import api_token_user

from . import idempotency


def _owner(request: HttpRequest) -> str:
    """Whose key it is: the bearer token's user, else the session's user, else the public. Keys
    of different users never meet, so one user cannot replay another's response."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and (user := api_token_user(token.strip())) is not None:
        return f"user:{user.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "anonymous"


class IdempotencyKeyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not idempotency.applies_to(request):
            return self.get_response(request)
        key = idempotency.parse_key(request.headers[idempotency.HEADER])
        if key is None:
            return idempotency.invalid_key_response()
        return idempotency.idempotent_response(request, owner=_owner(request), key=key,
                                               get_response=self.get_response)
