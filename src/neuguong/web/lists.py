"""One helper for list pages: a scoped, filtered, sorted, paginated list with its export.

A view hands ``ListPage`` the queryset its selector gave (already scoped to the user and filtered
by the form), the filter form, the whitelisted sort orders and the export declaration, and answers
``page.response(...)``: the whole page, only the table for an htmx request, or the download for
``?export=xlsx`` / ``?export=csv``. The shared includes read ``list`` from the context:
``web/_list_filters.html`` (the form), ``web/_list_sort.html`` (count, sort links, exports),
``web/_list_empty.html`` and ``web/_pagination.html``.

A list declared as a ``ListSource`` (in its app's ``lists.py``, registered with ``register_list``)
builds its filter form and rows from the user, the query string and the working unit alone, so the
same list can be rebuilt in a worker: a download of more than ``EXPORT_INLINE_ROWS`` rows becomes a
background job (``list_export_start``) whose page shows its progress and keeps the file.

Filter selects are rendered in Python (``QuickSelect``): Django's widget templates include two
templates per option, and a province's unit filter of 400 options then costs more than the whole
search.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from neuguong.core import exports
from neuguong.core.exports import TableExport

from .pages import PAGE_SIZE
from .units import current_unit

SORT_PARAM, EXPORT_PARAM, PAGE_PARAM = "sort", "export", "page"
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


def sorted_rows(rows: QuerySet[Any], sorts: Iterable[Sort], asked: str) -> QuerySet[Any]:
    chosen = next((sort for sort in sorts if sort.key == asked), None)
    return rows.order_by(*chosen.order_by) if chosen else rows


def with_progress(rows: QuerySet[Any], advance: Callable[[], None]) -> Iterator[Any]:
    """The rows read in chunks (a province's list never sits in memory whole), advancing the bar."""
    for row in rows.iterator(chunk_size=2000):
        advance()
        yield row


class QuickSelect(forms.Select):
    """A ``<select>`` written in one pass over its choices instead of two templates per option."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (choice, mark_safe(" selected") if str(choice) in chosen else "", label)  # noqa: S308 (a constant)
            for choice, label in self.choices))
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, forms.utils.flatatt(final), options)


def quicken(form: forms.BaseForm) -> None:
    """Swap every plain single select of a filter form for a ``QuickSelect`` with the same choices."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            widget = QuickSelect(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            widget.is_required = field.widget.is_required
            field.widget = widget


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
        source: ListSource | None = None,
    ):
        self.request, self.name, self.empty, self.form, self.export = request, name, empty, form, export
        self.source = source
        self.sorts = {sort.key: sort for sort in sorts}
        self.sort = self._chosen_sort()
        self.rows = rows.order_by(*self.sort.order_by) if self.sort else rows
        self.page_size = page_size
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

    def page(self) -> Page:
        return Paginator(self.rows, self.page_size).get_page(self.request.GET.get(PAGE_PARAM))

    def context(self) -> dict[str, Any]:
        page = self.page()
        return {
            "name": self.name,
            "form": self.form,
            "page": page,
            "count": page.paginator.count,
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
