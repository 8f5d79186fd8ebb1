"""Rate limits of the public portal, per client address, kept in Django's cache (Redis when
configured, so that every web process counts together)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from neuguong.core import crypto
from neuguong.core.errors import ServiceError

# bucket: (attempts allowed, per seconds); settings may override each.
LIMITS = {
    "submit": ("RECEPTION_SUBMIT_LIMIT", 5, 3600),
    "track": ("RECEPTION_TRACK_LIMIT", 30, 3600),
}


class Throttled(ServiceError):
    def __init__(self) -> None:
        super().__init__("throttled", _("Too many attempts from this connection. Try again in an hour."))


def _limit(bucket: str) -> tuple[int, int]:
    setting, attempts, seconds = LIMITS[bucket]
    return int(getattr(settings, setting, attempts)), seconds


def throttle(bucket: str, client: str) -> None:
    """Count one attempt of ``client`` (its address is stored hashed) and refuse past the limit."""
    attempts, seconds = _limit(bucket)
    key = f"reception:throttle:{bucket}:{crypto.keyed_hash(client or 'unknown')[:32]}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    if count > attempts:
        raise Throttled()
