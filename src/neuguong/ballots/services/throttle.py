"""Wrong codes from one address are slowed, then blocked.

Counters live in the cache (Redis when ``REDIS_URL`` is set, so every web process shares them;
the local memory cache otherwise). The address is kept only as a keyed hash. After ``SLOW_AFTER``
wrong codes each further try must wait twice as long as the previous one; after ``BLOCK_AFTER``
the address is refused until the window ends.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.core.errors import ServiceError

WINDOW_SECONDS = 3600
SLOW_AFTER = 5
BLOCK_AFTER = 20
MAX_WAIT_SECONDS = 300


class Throttled(ServiceError):
    """Too many wrong codes from this address (HTTP 429)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__("code_throttled", message, field_errors={"code": [message]})
        self.retry_after = retry_after


def _keys(client: str) -> tuple[str, str]:
    token = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]
    return f"ballots:wrong:{token}", f"ballots:wrong-at:{token}"


def wait_seconds(failures: int) -> int:
    if failures < SLOW_AFTER:
        return 0
    return min(2 ** (failures - SLOW_AFTER + 1), MAX_WAIT_SECONDS)


def check(client: str) -> None:
    """Refuse the attempt if the address must wait or is blocked."""
    count_key, at_key = _keys(client)
    failures = cache.get(count_key, 0)
    if failures < SLOW_AFTER:
        return
    if failures >= BLOCK_AFTER:
        raise Throttled(_("Too many wrong codes were entered from this connection. Try again in an hour, "
                          "or ask the counting board for help."), WINDOW_SECONDS)
    remaining = int(cache.get(at_key, 0) + wait_seconds(failures) - time.time()) + 1
    if remaining > 0:
        message = ngettext("Too many wrong codes. Wait %(n)d second before trying again.",
                           "Too many wrong codes. Wait %(n)d seconds before trying again.", remaining)
        raise Throttled(message % {"n": remaining}, remaining)


def fail(client: str) -> None:
    count_key, at_key = _keys(client)
    cache.add(count_key, 0, WINDOW_SECONDS)
    try:
        cache.incr(count_key)
    except ValueError:
        cache.set(count_key, 1, WINDOW_SECONDS)
    cache.set(at_key, time.time(), WINDOW_SECONDS)


def reset(client: str) -> None:
    cache.delete_many(list(_keys(client)))
