"""Request middleware of the kernel: the input gate and the API's Idempotency-Key.

``InputGuardMiddleware`` is the one gate for unreadable input, in front of every page and API
route, logged in or not.

- A body larger than ``MAX_BODY_BYTES`` (``UPLOAD_MAX_BYTES`` for file uploads) answers 413
  before it is read, from its Content-Length, or as soon as Django's own limit trips.
- NUL and the other C0 control characters (tab, line feed and carriage return excepted) and
  unpaired UTF-16 surrogates, in the path, the query string, form fields or a JSON body, are
  refused: 422 naming the field on the API, a 400 page elsewhere. PostgreSQL cannot store NUL in
  text and cannot encode a lone surrogate, and no field of the product has a use for either.
- An API body that is not JSON (or is nested too deeply to read), or a form body that cannot be
  parsed, answers 400.
- On /api/ paths every error is JSON in the API's shape, whoever answered it: Django's 404 for an
  unknown path, ninja's 405, the 500 after an uncaught exception (logged by Django with its
  traceback).

``IdempotencyKeyMiddleware``: the ``Idempotency-Key`` header on the API's writes, in one place
for every route.
"""

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from neuguong.accounts.services import api_token_user
from neuguong.core.errors import ServiceError

from . import idempotency
from .http import api_error, as_api_error, error_page, is_api

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Refused(Exception):
    """The request cannot be handled: 400 (unreadable), 413 (too large) or 422 (``field`` holds
    control characters)."""

    def __init__(self, status: int, *, field: str = "", message: str = ""):
        super().__init__(status)
        self.status = status
        self.field = field
        self.message = message


def _printable(name: str) -> str:
    return FORBIDDEN.sub("?", name) or "__all__"


def _check_fields(data: QueryDict) -> None:
    for key, values in data.lists():
        if FORBIDDEN.search(key) or any(FORBIDDEN.search(value) for value in values):
            raise Refused(422, field=_printable(key))


def _check_document(document: Any) -> None:
    """Every key and string of a parsed JSON document, walked without recursion (a document can
    be nested as deeply as the parser allows)."""
    pending: list[tuple[str, Any]] = [("", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if FORBIDDEN.search(value):
                raise Refused(422, field=_printable(path))
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else key
                if FORBIDDEN.search(key):
                    raise Refused(422, field=_printable(inner))
                pending.append((inner, item))
        elif isinstance(value, list):
            pending.extend((f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value))


def _check_json(body: bytes) -> None:
    if not body.strip():
        return
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # ValueError covers bad JSON and bad UTF-8
        raise Refused(400, message=_("The request body is not valid JSON.")) from exc
    _check_document(document)


def _check_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0  # as Django reads it
    multipart = request.content_type == "multipart/form-data"
    if length > (settings.UPLOAD_MAX_BYTES if multipart else settings.MAX_BODY_BYTES):
        raise Refused(413)


def check_request(request: HttpRequest) -> None:
    """Raise ``Refused`` for a request no view should see."""
    if FORBIDDEN.search(request.path_info):
        raise Refused(422, field="path")
    _check_fields(request.GET)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    _check_size(request)
    try:
        if is_api(request) and request.content_type != "multipart/form-data":
            _check_json(request.body)  # ninja reads any API body but an upload as JSON, whatever its type
        elif request.content_type in FORM_TYPES:
            _check_fields(request.POST)
    except RequestDataTooBig as exc:
        raise Refused(413) from exc
    except (TooManyFieldsSent, TooManyFilesSent, MultiPartParserError) as exc:
        raise Refused(400) from exc


def _refusal(request: HttpRequest, refused: Refused) -> HttpResponse:
    if not is_api(request):
        return error_page(request, 400 if refused.status == 422 else refused.status)
    if refused.status == 422:
        message = _("This field holds control characters (such as NUL), which are not allowed.")
        return api_error(422, code="invalid", message=_("Some fields are not valid."),
                         errors={refused.field: [message]})
    if refused.status == 413:
        limit = settings.UPLOAD_MAX_BYTES if request.content_type == "multipart/form-data" else settings.MAX_BODY_BYTES
        message = _("The request is larger than the %(size)s this server accepts.") % {"size": filesizeformat(limit)}
        return api_error(413, message=message)
    return api_error(refused.status, message=refused.message)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refused as refused:
            return _refusal(request, refused)
        response = self.get_response(request)
        return as_api_error(response) if is_api(request) else response


def _owner(request: HttpRequest) -> str | None:
    """Whose key it is: the bearer token's user, else the session's user, else the public. Keys
    of different users never meet, so one user cannot replay another's response. None for a
    token the API refuses (e.g. one minted without the second factor its role requires)."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        try:
            user = api_token_user(token.strip())
        except ServiceError:
            return None
        if user is not None:
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
        owner = _owner(request)
        if owner is None:  # the API refuses this caller itself, in its own error shape
            return self.get_response(request)
        return idempotency.idempotent_response(request, owner=owner, key=key, get_response=self.get_response)
