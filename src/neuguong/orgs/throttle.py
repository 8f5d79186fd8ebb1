"""How many exact citizen-ID lookups a user may make: each one confirms who holds a number, so a
holder of ``people.view_sensitive`` gets ``CITIZEN_ID_LOOKUPS_PER_HOUR`` of them, counted per user
by the shared throttle (Redis in production, so that every web process counts together)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from neuguong.core import throttle

CITIZEN_ID_LOOKUPS = throttle.Rule(
    name="orgs.citizen_id_lookup", limit=20, window=3600, setting="CITIZEN_ID_LOOKUPS_PER_HOUR",
    code="citizen_id_lookups_throttled",
    message=_("Too many citizen ID lookups. Search by name, or try again in %(wait)s."),
)


def count_citizen_id_lookup(user: Any) -> None:
    """Count one lookup and refuse it (``ThrottledError``) past the hourly allowance."""
    throttle.hit(CITIZEN_ID_LOOKUPS, f"user:{user.pk}")
