"""Safe retries of API writes with an ``Idempotency-Key`` header (the IETF draft "The
Idempotency-Key HTTP Header Field").

A write that carries a key runs in one transaction that first claims the key (a row under a
unique constraint), then runs the route and stores its response before committing. So the key
is spent exactly when the write is committed, whatever happens to the connection afterwards:

- a retry with the same key and the same request gets the stored response again, marked
  ``Idempotent-Replayed: true``, and writes nothing;
- the same key with a different request is refused (422 ``idempotency_key_reused``);
- a duplicate sent while the first is still running waits on the first one's row, then replays;
- a refused request (4xx) does not spend the key, and a failed one (5xx) rolls back entirely, so
  the client may retry it with the same key.
"""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _

from . import crypto
from .http import api_error
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/v1/"
# Routes that ignore the header: a stored request or response would keep a secret (the password
# and the token it issues; a ballot's code and choices). Casting is once-only by its code anyway.
EXEMPT_PREFIXES = ("/api/v1/auth/", "/api/v1/ballots/cast", "/api/v1/ballots/ballot")


def applies_to(request: HttpRequest) -> bool:
    return (request.method in MUTATING_METHODS and request.path.startswith(API_PREFIX)
            and not request.path.startswith(EXEMPT_PREFIXES) and HEADER in request.headers)


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def parse_key(raw: str) -> str | None:
    """The key, with the quotes of the draft's structured-field string removed; None when empty,
    too long or not visible ASCII."""
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH or not all("!" <= char <= "~" for char in key):
        return None
    return key


def _body_digest(request: HttpRequest) -> str:
    """The SHA-256 of the body; for an upload whose stream the input gate already parsed, of its
    fields and files instead (reading ``request.body`` then is impossible, and would hold the whole
    upload in memory)."""
    try:
        return hashlib.sha256(request.body).hexdigest()
    except RawPostDataException:
        digest = hashlib.sha256()
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"field\0{name}\0{value}\0".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"file\0{name}\0{upload.name}\0{upload.size}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()


def fingerprint(request: HttpRequest) -> str:
    body = _body_digest(request)
    return crypto.keyed_digest(b"neuguong.idempotency", f"{request.method}\n{request.get_full_path()}\n{body}".encode())


def invalid_key_response() -> JsonResponse:
    message = _("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
    return api_error(422, code="invalid", message=message, errors={HEADER: [message]})


def _claim(owner: str, key: str, request_fingerprint: str) -> IdempotencyKey | None:
    """Insert the key's row, or return the committed row of an earlier request with this key. On
    PostgreSQL the insert waits while another transaction holds an uncommitted row for the key."""
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(owner=owner, key=key, fingerprint=request_fingerprint)
        return None
    except IntegrityError:
        stored = IdempotencyKey.objects.get(owner=owner, key=key)
    if stored.created_at >= timezone.now() - lifetime():
        return stored
    stored.delete()  # expired: the key starts afresh
    IdempotencyKey.objects.create(owner=owner, key=key, fingerprint=request_fingerprint)
    return None


def _replay(stored: IdempotencyKey, request_fingerprint: str) -> HttpResponse:
    if stored.fingerprint != request_fingerprint:
        return api_error(422, code="idempotency_key_reused",
                         message=_("This Idempotency-Key was already used for a different request."))
    assert stored.status is not None, "a committed idempotency key always has its response"
    response = HttpResponse(crypto.decrypt(stored.body).encode(), status=stored.status,
                            content_type=stored.content_type or None)
    response[REPLAYED_HEADER] = "true"
    return response


def _store(owner: str, key: str, response: HttpResponse) -> None:
    IdempotencyKey.objects.filter(owner=owner, key=key).update(
        status=response.status_code, content_type=response.get("Content-Type", ""),
        body=crypto.encrypt(response.content.decode()),
    )


def idempotent_response(request: HttpRequest, *, owner: str, key: str,
                        get_response: Callable[[HttpRequest], HttpResponse]) -> HttpResponse:
    """Run the request once per (owner, key); see the module's docstring."""
    request_fingerprint = fingerprint(request)
    with transaction.atomic():
        stored = _claim(owner, key, request_fingerprint)
        if stored is not None:
            return _replay(stored, request_fingerprint)
        response = get_response(request)
        if response.status_code >= 500:
            transaction.set_rollback(True)  # nothing of a failed request is kept, the key included
        elif 200 <= response.status_code < 300 and not response.streaming:
            _store(owner, key, response)
        else:
            # A refused request wrote nothing of its own; the client may correct it and retry.
            IdempotencyKey.objects.filter(owner=owner, key=key).delete()
    return response


def idempotency_keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the keys older than their lifetime; returns how many."""
    cutoff = (now or timezone.now()) - lifetime()
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
