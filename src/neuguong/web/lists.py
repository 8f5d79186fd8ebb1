"""One helper for list pages: a scoped, filtered, sorted, paginated list with its export.

A view hands ``ListPage`` the queryset its selector gave (already scoped to the user and filtered
by the form), the filter form, the whitelisted sort orders and the export declaration, and answers
``page.response(...)``: the whole page, only the table for an htmx request, or the download for
``?export=xlsx`` / ``?export=csv``. The shared includes read ``list`` from the context:
``web/_list_filters.html`` (the form), ``web/_list_sort.html`` (count, sort links, exports),
``web/_list_empty.html`` and ``web/_pagination.html``.

A list is not counted to show a page: the page's rows and one more tell whether a next page
exists (``Window``). The total is known, without a query, on the page where the rows end; before
that the page says how many rows there are at least ("more than 50 people"). Counting a search
over a province's 150,000 people cost more than reading its first page.

A list declared as a ``ListSource`` (in its app's ``lists.py``, registered with ``register_list``)
builds its filter form and rows from the user, the query string and the working unit alone, so the
same list can be rebuilt in a worker: a download of more than ``EXPORT_INLINE_ROWS`` rows becomes a
background job (``web.list_export``) whose page shows its progress and keeps the file.

Filter fields are rendered in Python (``web.widgets``): Django's widget templates include two
templates per option, and the filter form then cost more than the page's rows.
"""

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from neuguong.core import exports
from neuguong.core.exports import TableExport

from .pages import PAGE_SIZE
from .units import current_unit
from .widgets import quicken

SORT_PARAM, EXPORT_PARAM, PAGE_PARAM = "sort", "export", "page"
# The API bounds page numbers the same way; beyond it a page number is read as the last page.
MAX_PAGE = 10_000
LIST_EXPORT_JOB = "web.list_export"


@dataclass(frozen=True)
class Sort:
    """A sort order the page offers: ``key`` in the query string, ``order_by`` on the queryset."""

    key: str
    label: str | Promise
    order_by: tuple[str, ...]


# build(user, query string, working unit) -> (the bound filter form or None, the filtered rows).
Build = Callable[[Any, QueryDict, Any], tuple[forms.BaseForm | None, QuerySet[Any]]]


@dataclass(frozen=True)
class ListSource:
    """A list that can be rebuilt away from its request: by its page, and by a worker preparing
    a long download for the same user with the same filters."""

    name: str
    permission: str
    export: TableExport
    build: Build
    sorts: tuple[Sort, ...] = ()


_SOURCES: dict[str, ListSource] = {}


def register_list(source: ListSource) -> ListSource:
    _SOURCES[source.name] = source
    return source


def list_source(name: str) -> ListSource:
    return _SOURCES[name]


def working_unit_filter(form_class: Any, query: QueryDict, working: Any, **kwargs: Any) -> Any:
    """A list's filter form bound to the query string, its unit defaulting to the working unit; a
    filter with an invalid value is simply not applied (``is_valid`` fills ``cleaned_data``)."""
    data = query.copy()
    if "unit" not in data and working is not None:
        data["unit"] = str(working.pk)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def sorted_rows(rows: QuerySet[Any], sorts: Iterable[Sort], asked: str) -> QuerySet[Any]:
    chosen = next((sort for sort in sorts if sort.key == asked), None)
    return rows.order_by(*chosen.order_by) if chosen else rows


def with_progress(rows: QuerySet[Any], advance: Callable[[], None]) -> Iterator[Any]:
    """The rows read in chunks (a province's list never sits in memory whole), advancing the bar."""
    for row in rows.iterator(chunk_size=2000):
        advance()
        yield row


@dataclass(frozen=True)
class Extent:
    """What a ``Window`` knows of its whole list: ``count`` rows, or at least that many when ``more``."""

    count: int
    more: bool
    per_page: int

    @property
    def num_pages(self) -> int | None:
        """The number of pages when the total is known, else None."""
        return None if self.more else max(1, math.ceil(self.count / self.per_page))


class Window:
    """One page of a list, read as the page's rows plus one: that one tells whether a next page
    exists, so the list is not counted. It answers what the pagination template asks of Django's
    ``Page`` (``paginator.num_pages`` is None while the total is unknown).

    A page number past the end (a stale link) counts the rows, which are then fewer than the
    number asks to skip, and shows the last page, as ``Paginator.get_page`` does."""

    def __init__(self, rows: QuerySet[Any], number: Any, per_page: int):
        self.per_page = per_page
        self.number = self._page_number(number)
        fetched = self._fetch(rows)
        if not fetched and self.number > 1:
            total = rows.count()
            self.number = max(1, math.ceil(total / per_page))
            fetched = self._fetch(rows) if total else []
        self.object_list = fetched[:per_page]
        more = len(fetched) > per_page
        self.paginator = Extent(count=self.start_index() - 1 + len(self.object_list), more=more,
                                per_page=per_page)

    @staticmethod
    def _page_number(number: Any) -> int:
        try:
            return min(max(int(number), 1), MAX_PAGE)
        except (TypeError, ValueError):
            return 1

    def _fetch(self, rows: QuerySet[Any]) -> list[Any]:
        offset = (self.number - 1) * self.per_page
        return list(rows[offset:offset + self.per_page + 1])

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    def has_next(self) -> bool:
        return self.paginator.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class ListPage:
    def __init__(
        self,
        request: HttpRequest,
        rows: QuerySet[Any],
        *,
        name: str,
        empty: str | Promise,
        form: forms.BaseForm | None = None,
        sorts: Sequence[Sort] = (),
        export: TableExport | None = None,
        page_size: int = PAGE_SIZE,
        shows: Sequence[str] = (),
        source: ListSource | None = None,
    ):
        """``shows``: the fields the page's table reads (``only()``, related ones as
        ``unit__name``); the page then loads no other column. Downloads keep every column."""
        self.request, self.name, self.empty, self.form, self.export = request, name, empty, form, export
        self.sorts = {sort.key: sort for sort in sorts}
        self.sort = self._chosen_sort()
        self.rows = rows.order_by(*self.sort.order_by) if self.sort else rows
        self.page_size = page_size
        self.shows = tuple(shows)
        self.source = source
        if form is not None:
            quicken(form)

    def _chosen_sort(self) -> Sort | None:
        """The sort the query string asks for when the page offers it, else none: the selector's own
        order stays (the first sort declared is meant to be that order)."""
        return self.sorts.get(self.request.GET.get(SORT_PARAM, ""))

    def _is_current(self, sort: Sort) -> bool:
        return sort == self.sort or (self.sort is None and sort == next(iter(self.sorts.values())))

    def query(self, **changes: str) -> str:
        """The current query string without the page and the export, with ``changes``."""
        query = QueryDict(mutable=True)
        query.update(self.form.data if self.form is not None and self.form.is_bound else self.request.GET)
        for key in (PAGE_PARAM, EXPORT_PARAM, *changes):
            query.pop(key, None)
        query.update(changes)
        return query.urlencode()

    def export_format(self) -> exports.Fmt | None:
        asked = self.request.GET.get(EXPORT_PARAM)
        return asked if self.export is not None and asked in exports.FORMATS else None  # type: ignore[return-value]

    def page(self) -> Window:
        rows = self.rows.only(*self.shows) if self.shows else self.rows
        return Window(rows, self.request.GET.get(PAGE_PARAM), self.page_size)

    def context(self) -> dict[str, Any]:
        page = self.page()
        return {
            "name": self.name,
            "form": self.form,
            "page": page,
            # The rows counted so far: the total, or at least that many when ``more``.
            "count": page.paginator.count,
            "more": page.paginator.more,
            "empty": self.empty,
            "filter_query": self.query(),
            "sorts": [{"label": sort.label, "query": self.query(sort=sort.key), "current": self._is_current(sort)}
                      for sort in self.sorts.values()] if len(self.sorts) > 1 else [],
            "exports": [{"format": fmt, "query": self.query(export=fmt)} for fmt in exports.FORMATS]
            if self.export is not None else [],
        }

    def response(self, template: str, partial: str, context: dict[str, Any] | None = None,
                 status: int = 200) -> HttpResponseBase:
        """The download when one is asked for, else the page (only ``partial`` for htmx)."""
        fmt = self.export_format()
        if fmt is not None and self.export is not None:
            job = self._export_as_job(fmt) if self.source is not None else None
            return redirect("jobs:status", job.pk) if job else exports.response(self.export, self.rows, fmt)
        chosen = partial if getattr(self.request, "htmx", False) else template
        listed = self.context()
        return render(self.request, chosen, {**(context or {}), "list": listed, "page": listed["page"],
                                             "form": self.form}, status=status)

    def _export_as_job(self, fmt: str) -> Any:
        """The background job preparing a long download, or ``None`` for one small enough to send now."""
        from neuguong.jobs.services import job_start

        assert self.source is not None
        unit = current_unit(self.request)
        if unit is None or self.rows.count() <= settings.EXPORT_INLINE_ROWS:
            return None
        query = self.request.GET.copy()
        query.pop(EXPORT_PARAM, None)
        return job_start(kind=LIST_EXPORT_JOB, acting_user=self.request.user, unit=unit,
                         params={"list": self.source.name, "query": query.urlencode(), "format": fmt,
                                 "unit": unit.pk, "language": translation.get_language(),
                                 "title": _("Download of the list “%(list)s”") % {"list": self.source.export.name}})
