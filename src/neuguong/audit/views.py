"""The audit viewer: the events of the user's subtrees, filtered, and one event's changes."""

import datetime as dt
import json
import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.pages import paginate
from neuguong.web.permissions import require_permission

from . import registry, selectors
from .forms import AuditFilterForm, action_choices

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE = re.compile(r"[a-z][a-z0-9]*(?:[_.][a-z0-9]+)*")


@require_permission("audit.view")
def events(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, units=org_selectors.units_for(request.user))
    found = selectors.audit_events_for(request.user)
    if form.is_bound and form.is_valid():
        found = selectors.audit_events_for(request.user, **form.selector_args())
        # The period is a plain refinement of the scoped selector's result, in local dates.
        if form.cleaned_data.get("date_from"):
            found = found.filter(created_at__date__gte=form.cleaned_data["date_from"])
        if form.cleaned_data.get("date_to"):
            found = found.filter(created_at__date__lte=form.cleaned_data["date_to"])
    page = paginate(request, found)
    labels = dict(form.fields["object_type"].choices)  # type: ignore[attr-defined]
    for event in page.object_list:
        event.type_label = labels.get(event.object_type, event.object_type) if event.object_type else ""
        event.action_label = registry.action_label(event.action)
    return render(request, "audit/events.html", {"form": form, "page": page})


@require_permission("audit.view")
def action_options(request: HttpRequest) -> HttpResponse:
    """The action filter offering the actions of the module chosen (HTMX swaps it in)."""
    module = request.GET.get("module", "")
    select = forms.Select(choices=action_choices(module if module in registry.modules() else ""))
    return HttpResponse(select.render("action", "", attrs={"id": "id_action"}))


def _value_text(value: Any) -> str:
    """A recorded value as the reader's language writes it: yes or no, dates dd/mm/yyyy; codes
    (a state, a kind) and structures as code, the same in every language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict | list):
        return format_html("<code>{}</code>", json.dumps(value, ensure_ascii=False))
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, str) and CODE.fullmatch(value):
        return format_html("<code>{}</code>", value)
    return str(value)


def diff_rows(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[dict[str, Any]]:
    """One row per field named before or after, saying whether its value changed."""
    before, after = before or {}, after or {}
    rows = []
    for name in [*before, *(key for key in after if key not in before)]:
        old, new = _value_text(before.get(name)), _value_text(after.get(name))
        rows.append({"field": name, "before": old, "after": new, "changed": old != new,
                     "only_after": name not in before, "only_before": name not in after})
    return rows


@require_permission("audit.view")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.audit_event_get(request.user, pk)
    context = {"event": event, "action_label": registry.action_label(event.action),
               "rows": diff_rows(event.before, event.after)}
    return render(request, "audit/event_detail.html", context)
