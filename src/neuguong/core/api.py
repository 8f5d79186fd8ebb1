"""Helpers shared by the apps' API routers."""

import datetime as dt
from typing import Annotated, Any

from django.db import models
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AfterValidator

# Pages of 50: 10,000 pages reach half a million rows, past any list worth paging through; a
# larger page number would only make the database skip rows (or overflow its integers).
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
# Free text (a TextField has no max_length of its own) and query parameters are bounded too.
TEXT_MAX_LENGTH = 10_000
QUERY_MAX_LENGTH = 200
LIST_MAX_LENGTH = 100
# A number of people, ballots or the like: a million is past any real one, and far inside the
# database's integer columns.
Count = Annotated[int, Field(ge=0, le=1_000_000)]



FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
# The dates the product deals with, birth dates included; past them, the deadline and working-day
# arithmetic would leave the calendar (a 500), and no record of a party committee is dated there.
Date = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def _within_the_years(value: dt.datetime) -> dt.datetime:
    if not FIRST_DAY.year <= value.year <= LAST_DAY.year:
        raise ValueError(f"Give a moment between {FIRST_DAY.year} and {LAST_DAY.year}.")
    return value


DateTime = Annotated[dt.datetime, AfterValidator(_within_the_years)]


def _without_time_zone(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("Give a time of day without a time zone, e.g. 07:30.")
    return value


# A time of day at the unit (a time column stores no time zone, and JSON cannot carry an aware one).
LocalTime = Annotated[dt.time, AfterValidator(_without_time_zone)]


def caller(request: HttpRequest) -> Any:
    """The user an API request acts for, as set by the API's authentication classes."""
    return request.auth  # type: ignore[attr-defined]


class Pagination(PageNumberPagination):
    """ninja's page-number pagination with the page number bounded (422 beyond ``MAX_PAGE``)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


paged = paginate(Pagination, page_size=50)


def max_length_of(model: type[models.Model], field_name: str) -> int:
    """The model field's max_length; ``TEXT_MAX_LENGTH`` for a text field without one."""
    field = model._meta.get_field(field_name)
    return getattr(field, "max_length", None) or TEXT_MAX_LENGTH


def sized(model: type[models.Model], field_name: str, default: Any = ..., **kwargs: Any) -> Any:
    """A schema string field bounded like the model field it is stored in::

        full_name: str = sized(Person, "full_name")
        phone: str = sized(Person, "phone", "")
    """
    return Field(default, max_length=max_length_of(model, field_name), **kwargs)
