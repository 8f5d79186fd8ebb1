"""Rate limits shared by every app: public petitions and tracking, ballot codes, logins.

A ``Rule`` allows ``limit`` attempts per ``window`` seconds for one key (a client address from
``core.net.client_address``, a phone number, a tracking code). Counters live in Django's cache —
Redis when ``REDIS_URL`` is set, so every web process counts together — under a keyed hash of the
key, never the key itself. Each count is one atomic increment whose result decides, so parallel
attempts cannot slip past the limit.

Windows are fixed: the cache key names the window, so the end of the window (and therefore how
long a refused client must wait) is known without reading anything back. Each key's windows are
shifted by an offset drawn from its hash, so that not every counter starts afresh at the same
moment. As with every fixed window, a client can spend its limit at the end of one window and
again at the start of the next.
"""

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.translation import gettext_lazy, ngettext
from redis.exceptions import RedisError

from .crypto import keyed_hash
from .errors import ServiceError
from .net import address_key


class ThrottledError(ServiceError):
    """Too many attempts (HTTP 429). ``retry_after``: seconds until the attempt may be made again."""

    def __init__(self, code: str, message: Any, retry_after: int):
        super().__init__(code, message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rule:
    name: str  # part of the cache key, e.g. "reception.submit.phone"
    limit: int  # attempts allowed per window
    window: int  # seconds
    message: Any  # lazy text with %(wait)s, e.g. "Try again in %(wait)s."
    code: str = "throttled"
    setting: str = ""  # a Django setting that overrides ``limit``
    per_address: bool = False  # keys are client addresses: IPv6 ones count per /64 network

    def allowed(self) -> int:
        return int(getattr(settings, self.setting, self.limit)) if self.setting else self.limit


def wait_text(seconds: int) -> str:
    """A human duration, rounded up: "45 seconds", "12 minutes", "2 hours"."""
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def throttled(code: str, message: Any, seconds: float) -> ThrottledError:
    """The refusal of an attempt that may be made again in ``seconds``; ``message`` has %(wait)s."""
    retry_after = max(math.ceil(seconds), 1)
    return ThrottledError(code, str(message) % {"wait": wait_text(retry_after)}, retry_after)


logger = logging.getLogger("neuguong.security")


def _now() -> float:
    return time.time()


def _window(rule: Rule, key: str, now: float) -> tuple[str, float]:
    """The cache key of the window ``now`` falls in, and when that window ends."""
    if rule.per_address:
        key = address_key(key)
    token = keyed_hash(f"{rule.name}:{key or 'unknown'}")[:32]
    offset = int(token[:8], 16) % rule.window
    number = int((now + offset) // rule.window)
    return f"throttle:{rule.name}:{token}:{number}", (number + 1) * rule.window - offset


def _add(cache_key: str, delta: int, timeout: int) -> int:
    """Add ``delta`` to the window's counter, created with its expiry if missing; the new count."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip, atomic (MULTI/EXEC): Django's own add + incr would take three.
        key = backend.make_and_validate_key(cache_key)
        with backend._cache.get_client(write=True).pipeline() as pipe:
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incrby(key, delta)
            return int(pipe.execute()[1])
    if cache.add(cache_key, delta, timeout):
        return delta
    try:
        return cache.incr(cache_key, delta)
    except ValueError:  # the counter expired between the two calls
        cache.set(cache_key, delta, timeout)
        return delta


# When the counters cannot be reached the attempt is refused (failing open would lift every limit
# for as long as Redis is down), with a clear answer instead of a server error.
UNAVAILABLE_RETRY_SECONDS = 60
UNAVAILABLE_MESSAGE = gettext_lazy("This check cannot be made right now. Try again in %(wait)s.")


def hit(rule: Rule, key: str) -> None:
    """Count one attempt of ``key``; past the rule's limit, refuse it until the window ends."""
    now = _now()
    cache_key, ends_at = _window(rule, key, now)
    try:
        count = _add(cache_key, 1, math.ceil(ends_at - now) + 1)
    except RedisError:
        logger.exception("throttle counters unreachable rule=%s", rule.name)
        raise throttled("throttle_unavailable", UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_SECONDS) from None
    if count > rule.allowed():
        # A security event for the operators: the rule and the hashed key, never the key itself.
        logger.warning("throttled rule=%s key=%s", rule.name, cache_key.split(":")[2])
        raise throttled(rule.code, rule.message, ends_at - now)


def refund(rule: Rule, key: str) -> None:
    """Give back an attempt that turned out right (a valid code, the right password): only wrong
    ones use up the limit. Should the window have ended in between, the next one starts one lower."""
    now = _now()
    cache_key, ends_at = _window(rule, key, now)
    try:
        _add(cache_key, -1, math.ceil(ends_at - now) + 1)
    except RedisError:  # a lost refund only makes the limit a little stricter
        logger.exception("throttle counters unreachable rule=%s", rule.name)
