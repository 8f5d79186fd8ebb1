"""Catalogue endpoints of the JSON API: read the catalogues, and compute with the working-day calendar."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema

from neuguong.accounts.scoping import NotFound, has_permission
from neuguong.core.api import QUERY_MAX_LENGTH, Date, max_length_of
from neuguong.core.errors import PermissionDeniedError, ServiceError

from . import calendar, selectors
from .models import DeadlineRule
from .registry import catalogue_by_slug

router = Router(tags=["catalogues"])

MAX_DAYS = 3650
FIRST_YEAR, LAST_YEAR = 1950, 2100


def _ensure_reader(request: HttpRequest) -> None:
    if not has_permission(request.auth, "catalogues.view"):  # type: ignore[attr-defined]
        raise PermissionDeniedError(_("You do not have permission to read the catalogues."))


class CatalogueOut(Schema):
    key: str
    slug: str
    title: str
    entries: int
    to_check: int


class WorkingDaysOut(Schema):
    start: dt.date
    days: int
    result: dt.date


class DeadlineOut(Schema):
    start: dt.date
    days: int
    calendar: str
    due: dt.date


class RuleDeadlineOut(DeadlineOut):
    rule: str
    legal_ref: str


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class CalendarDayOut(Schema):
    day: dt.date
    name: str
    is_working: bool
    override_id: int | None


@router.get("/catalogues", response=list[CatalogueOut], summary="List the catalogues with their entry counts")
def list_catalogues(request: HttpRequest) -> list[dict[str, Any]]:
    _ensure_reader(request)
    return [
        {"key": s.catalogue.key, "slug": s.catalogue.slug, "title": str(s.catalogue.title), "entries": s.entries,
         "to_check": s.to_check}
        for s in selectors.catalogues_overview()
    ]


@router.get("/catalogues/calendar/add-working-days", response=WorkingDaysOut,
            summary="The n-th working day after a date (before it when n is negative)")
def add_working_days(
    request: HttpRequest, start: Date, days: int = Query(..., ge=-MAX_DAYS, le=MAX_DAYS)
) -> dict[str, Any]:
    _ensure_reader(request)
    return {"start": start, "days": days, "result": calendar.add_working_days(start, days)}


@router.get("/catalogues/calendar/deadline", response=DeadlineOut,
            summary="The last day of a legal period counted from an event (Civil Code art. 147-148)")
def deadline(
    request: HttpRequest, start: Date, days: int = Query(..., ge=0, le=MAX_DAYS),
    calendar_kind: Literal["calendar", "working"] = Query("calendar", alias="calendar"),
) -> dict[str, Any]:
    _ensure_reader(request)
    return {"start": start, "days": days, "calendar": calendar_kind,
            "due": calendar.deadline(start, days, calendar_kind)}


@router.get("/catalogues/calendar/working-days-between", response=BetweenOut,
            summary="Working days after start up to and including end")
def working_days_between(request: HttpRequest, start: Date, end: Date) -> dict[str, Any]:
    _ensure_reader(request)
    if abs((end - start).days) > MAX_DAYS:
        message = _("The two dates must be at most %(days)d days apart.") % {"days": MAX_DAYS}
        raise ServiceError("invalid", message, field_errors={"end": [message]})
    return {"start": start, "end": end, "working_days": calendar.working_days_between(start, end)}


@router.get("/catalogues/calendar/{year}", response=list[CalendarDayOut],
            summary="Public holidays, make-up working days and overrides of a year")
def calendar_year(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    _ensure_reader(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(_("Not found."))
    return [
        {"day": d.day, "name": d.name, "is_working": d.is_working, "override_id": d.override.pk if d.override else None}
        for d in selectors.calendar_year(year)
    ]


@router.get("/catalogues/deadline-rules/{code}/deadline", response=RuleDeadlineOut,
            summary="The deadline a petition deadline rule gives for an event on a date")
def rule_deadline(
    request: HttpRequest, start: Date, code: str = Path(..., max_length=max_length_of(DeadlineRule, "code")),
    complex_case: bool = False, remote: bool = False,
) -> dict[str, Any]:
    _ensure_reader(request)
    try:
        rule = selectors.deadline_rule(code)
    except DeadlineRule.DoesNotExist as exc:
        raise NotFound(_("Not found.")) from exc
    days = rule.days_for(complex_case=complex_case, remote=remote)
    return {"rule": rule.code, "legal_ref": rule.tr("legal_ref"), "start": start, "days": days,
            "calendar": rule.calendar,
            "due": selectors.rule_deadline(rule, start, complex_case=complex_case, remote=remote)}


@router.get("/catalogues/{slug}", response=list[dict[str, Any]], summary="List the entries of one catalogue")
def list_entries(request: HttpRequest, slug: str = Path(..., max_length=QUERY_MAX_LENGTH)) -> list[dict[str, Any]]:
    _ensure_reader(request)
    catalogue = catalogue_by_slug(slug)
    return [selectors.entry_as_dict(catalogue, entry) for entry in selectors.catalogue_entries(catalogue)]
