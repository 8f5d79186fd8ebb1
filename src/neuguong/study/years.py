"""The calendar of a study year that services and selectors share: when a year closes to
registrations and reports, when its quarters begin, when its assessment opens, which posts are
held in it. Pure date rules, no reads or writes."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

ASSESS_FROM = (12, 1)  # month, day of the year from which the year's assessment is made


def close_days() -> int:
    """Days after 31/12 during which a year still takes registrations and reports (setting
    ``STUDY_YEAR_CLOSE_DAYS``, 31 by default: the year closes after 31/01 of the next year)."""
    return int(getattr(settings, "STUDY_YEAR_CLOSE_DAYS", 31))


def closes_on(year: int) -> dt.date:
    """The last day a year's registrations and reports are taken."""
    return dt.date(year, 12, 31) + dt.timedelta(days=close_days())


def year_closed(year: int, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) > closes_on(year)


def quarter_starts(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def current_quarter(today: dt.date | None = None) -> int:
    return ((today or timezone.localdate()).month - 1) // 3 + 1


def assessment_opens(year: int) -> dt.date:
    return dt.date(year, *ASSESS_FROM)


def held_in(year: int) -> Q:
    """Posts held at some time during ``year``."""
    return Q(started_on__lte=dt.date(year, 12, 31)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=dt.date(year, 1, 1)))


def quarter_ends(year: int, quarter: int) -> dt.date:
    return (quarter_starts(year + 1, 1) if quarter == 4 else quarter_starts(year, quarter + 1)) - dt.timedelta(days=1)
