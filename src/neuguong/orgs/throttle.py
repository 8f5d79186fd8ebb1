"""How many exact citizen-ID lookups a user may make: each one confirms who holds a number, so a
holder of ``people.view_sensitive`` gets ``CITIZEN_ID_LOOKUPS_PER_HOUR`` of them. Counted per user in
Django's cache (Redis in production, so that every web process counts together)."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from neuguong.core.errors import ServiceError

WINDOW_SECONDS = 3600


class CitizenIdLookupsThrottled(ServiceError):
    def __init__(self) -> None:
        super().__init__("citizen_id_lookups_throttled",
                         _("Too many citizen ID lookups. Search by name, or try again in an hour."))


def count_citizen_id_lookup(user: Any) -> None:
    """Count one lookup and refuse it past the hourly allowance."""
    key = f"orgs:citizen_id_lookups:{user.pk}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count > settings.CITIZEN_ID_LOOKUPS_PER_HOUR:
        raise CitizenIdLookupsThrottled()
