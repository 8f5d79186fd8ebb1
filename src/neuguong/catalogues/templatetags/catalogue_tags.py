"""Showing catalogue entries: one cell per field, status badges, setting values as lists."""

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from neuguong.catalogues import language
from neuguong.catalogues.models import EntryStatus

register = template.Library()

STATUS_BADGES = {EntryStatus.VERIFIED: "badge-ok", EntryStatus.PARTIAL: "badge-warn"}
EMPTY = "—"
# Fields holding a code that the workflow matches on: shown as code, never translated.
CODE_FIELDS = {"level", "from_event", "date", "lower", "upper"}


def _value_html(value: Any) -> SafeString | str:
    if isinstance(value, list):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_value_html(v),) for v in value)))
    if isinstance(value, dict):  # its keys are codes, the same in every language
        items = ((key, _value_html(v)) for key, v in value.items())
        pairs = format_html_join("", "<dt><code>{}</code></dt><dd>{}</dd>", items)
        return format_html('<dl class="facts">{}</dl>', pairs)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return EMPTY if value in (None, "") else str(value)


@register.simple_tag
def entry_cell(entry: models.Model, name: str) -> SafeString | str:
    """The value of one field of an entry as the viewer shows it."""
    field = entry._meta.get_field(name)
    value = language.tr(entry, name)
    if getattr(field, "choices", None) and value:
        return str(getattr(entry, f"get_{name}_display")())
    if name in CODE_FIELDS and value:
        return format_html("<code>{}</code>", value)
    return _value_html(value)


@register.filter
def tr(entry: Any, name: str) -> Any:
    """``{{ entry|tr:"text" }}``: a catalogue text in the active language."""
    return language.tr(entry, name)


@register.simple_tag
def status_badge(entry: Any) -> SafeString:
    css = STATUS_BADGES.get(entry.status, "")
    return format_html('<span class="badge {}">{}</span>', css, entry.get_status_display())
