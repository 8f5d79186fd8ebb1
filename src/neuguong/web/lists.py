"""One helper for list pages: a scoped, filtered, sorted, paginated list with its export.

A view hands ``ListPage`` the queryset its selector gave (already scoped to the user and filtered
by the form), the filter form, the whitelisted sort orders and the export declaration, and answers
``page.response(...)``: the whole page, only the table for an htmx request, or the download for
``?export=xlsx`` / ``?export=csv``. The shared includes read ``list`` from the context:
``web/_list_filters.html`` (the form), ``web/_list_sort.html`` (count, sort links, exports),
``web/_list_empty.html`` and ``web/_pagination.html``.

Filter selects are rendered in Python (``QuickSelect``): Django's widget templates include two
templates per option, and a province's unit filter of 400 options then costs more than the whole
search.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from neuguong.core import exports
from neuguong.core.exports import TableExport

from .pages import PAGE_SIZE

SORT_PARAM, EXPORT_PARAM, PAGE_PARAM = "sort", "export", "page"


@dataclass(frozen=True)
class Sort:
    """A sort order the page offers: ``key`` in the query string, ``order_by`` on the queryset."""

    key: str
    label: str | Promise
    order_by: tuple[str, ...]


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
    ):
        self.request, self.name, self.empty, self.form, self.export = request, name, empty, form, export
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
            return exports.response(self.export, self.rows, fmt)
        chosen = partial if getattr(self.request, "htmx", False) else template
        listed = self.context()
        return render(self.request, chosen, {**(context or {}), "list": listed, "page": listed["page"],
                                             "form": self.form}, status=status)
