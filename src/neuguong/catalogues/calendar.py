"""Vietnam's working-day calendar and legal periods.

A day is a working day unless it is a Saturday, a Sunday or a public holiday. The public holidays
of each year, the lunar Tết days and the Government's swaps (a weekday off made up by working a
Saturday) come from the ``holidays`` package (country VN). Administrators correct a year with
calendar overrides: an extra day off, or a make-up working day; an override always wins.

Periods follow the Civil Code (Bộ luật Dân sự 2015, art. 147-148): the day of the event is not
counted; a period in calendar days that ends on a day off ends on the next working day.

The package's days are cached per year for the life of the process; each year's overrides are
cached in Django's cache (shared between processes when Redis is configured) and forgotten when
an override of that year changes. Inside a transaction the overrides are read from the database,
so a transaction sees its own changes and never caches uncommitted ones.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Calendar, CalendarOverride, OverrideKind

__all__ = [
    "Calendar",
    "add_days",
    "add_working_days",
    "deadline",
    "forget_year",
    "holiday_names",
    "is_working_day",
    "library_is_working_day",
    "make_up_days",
    "next_working_day",
    "override_problem",
    "working_days_between",
]

ONE_DAY = dt.timedelta(days=1)
OVERRIDES_CACHE_KEY = "catalogues:calendar:overrides:{year}"
OVERRIDES_CACHE_SECONDS = 3600
COUNTRY = "VN"


@lru_cache(maxsize=64)
def _library_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The package's days off of a year and its make-up working days (weekend days worked)."""
    calendar = holidays.country_holidays(COUNTRY, years=year)
    make_up = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return frozenset(calendar), make_up


@lru_cache(maxsize=64)
def _library_names(year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    calendar = holidays.country_holidays(COUNTRY, years=year, language=language)
    return tuple(sorted(calendar.items()))


def holiday_names(year: int) -> dict[dt.date, str]:
    """The package's public holidays of a year with their names in the current language."""
    language = "vi" if (get_language() or "vi").startswith("vi") else "en_US"
    return dict(_library_names(year, language))


def make_up_days(year: int) -> frozenset[dt.date]:
    """Saturdays or Sundays the Government made working days, as the package knows them."""
    return _library_year(year)[1]


def _read_overrides(year: int) -> dict[dt.date, str]:
    return dict(CalendarOverride.objects.filter(day__year=year).values_list("day", "kind"))


def _overrides(year: int) -> dict[dt.date, str]:
    if transaction.get_connection().in_atomic_block:
        return _read_overrides(year)
    key = OVERRIDES_CACHE_KEY.format(year=year)
    overrides = cache.get(key)
    if overrides is None:
        overrides = _read_overrides(year)
        cache.set(key, overrides, OVERRIDES_CACHE_SECONDS)
    return overrides


def forget_year(year: int) -> None:
    """Drop the cached overrides of a year; services call it after an override changes."""
    cache.delete(OVERRIDES_CACHE_KEY.format(year=year))


def library_is_working_day(day: dt.date) -> bool:
    """Whether the day is a working day before any administrator's override."""
    days_off, make_up = _library_year(day.year)
    return day in make_up or (day.weekday() < 5 and day not in days_off)


def override_problem(day: dt.date, kind: str) -> str | None:
    """Why an override of this kind on this day would change nothing, if it would not."""
    working = library_is_working_day(day)
    shown = date_format(day, "SHORT_DATE_FORMAT")
    if kind == OverrideKind.WORKING_DAY and working:
        return _("%(day)s is already a working day.") % {"day": shown}
    if kind == OverrideKind.DAY_OFF and not working:
        return _("%(day)s is already a day off.") % {"day": shown}
    return None


class _Days:
    """Answers for one calculation, reading each year it touches once."""

    def __init__(self) -> None:
        self._overrides: dict[int, dict[dt.date, str]] = {}

    def is_working(self, day: dt.date) -> bool:
        if day.year not in self._overrides:
            self._overrides[day.year] = _overrides(day.year)
        kind = self._overrides[day.year].get(day)
        if kind is not None:
            return kind == OverrideKind.WORKING_DAY
        return library_is_working_day(day)

    def step(self, start: dt.date, n: int) -> dt.date:
        day, remaining = start, abs(n)
        direction = ONE_DAY if n >= 0 else -ONE_DAY
        while remaining:
            day += direction
            if self.is_working(day):
                remaining -= 1
        return day


def is_working_day(day: dt.date) -> bool:
    return _Days().is_working(day)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    days = _Days()
    while not days.is_working(day):
        day += ONE_DAY
    return day


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (before it when n is negative); ``start`` is not counted."""
    return _Days().step(start, n)


def add_days(start: dt.date, n: int, calendar: str) -> dt.date:
    """Move n calendar days or n working days from ``start``, with no end-of-period rule: use
    ``deadline`` for a legal period."""
    if calendar == Calendar.WORKING:
        return add_working_days(start, n)
    if calendar == Calendar.CALENDAR:
        return start + dt.timedelta(days=n)
    raise ValueError(f"Unknown calendar {calendar!r}: use 'calendar' or 'working'.")


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier),
    so that ``working_days_between(d, add_working_days(d, n)) == n``."""
    if end < start:
        return -working_days_between(end, start)
    days = _Days()
    return sum(1 for offset in range(1, (end - start).days + 1) if days.is_working(start + dt.timedelta(days=offset)))


def deadline(start: dt.date, rule_days: int, calendar: str) -> dt.date:
    """The last day of a legal period of ``rule_days`` counted from the event on ``start``.

    Bộ luật Dân sự art. 147-148: the event's day is not counted; in calendar days, a period ending
    on a weekend or a holiday ends on the next working day; in working days, the n-th working day."""
    if rule_days < 0:
        raise ValueError("A period cannot be negative.")
    if calendar == Calendar.WORKING:
        return add_working_days(start, rule_days)
    return next_working_day(add_days(start, rule_days, calendar))
