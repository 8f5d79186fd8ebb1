"""Widgets written in one pass in Python, with the markup of Django's own widget templates.

Django renders a select through a template per option plus one for its attributes; a list's filter
form (a text search, a unit chooser and three selects) then cost more than reading the list's
page of rows. These widgets keep the attributes ``BoundField`` hands them (id, ``required``,
``aria-describedby``, ``aria-invalid``), so a form does not tell them from the originals.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_prose_editor.widgets import ProseEditorWidget
from js_asset import Media


def attrs_html(attrs: Mapping[str, Any]) -> SafeString:
    """``attrs.html`` in Python: in order, ``True`` as a bare name, ``False`` left out."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False))


def _options_html(options: Iterable[dict[str, Any]]) -> SafeString:
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (option["value"], attrs_html(option["attrs"]), option["label"]) for option in options))


class OnePassSelect(forms.Select):
    """A single ``<select>``: its options (and groups) from ``optgroups``, so a subclass that
    narrows them (the chooser) renders the same way."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        groups = self.optgroups(name, self.format_value(value), final)
        body = format_html_join("", "{}", (
            (format_html('<optgroup label="{}">{}</optgroup>', group, _options_html(options))
             if group else _options_html(options),)
            for group, options, _index in groups))
        return format_html('<select name="{}"{}>{}</select>', name, attrs_html(final), body)


class OnePassInput(forms.TextInput):
    """A text ``<input>`` of any type (``search``, ``tel``…)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        shown = self.format_value(value)
        value_html = format_html(' value="{}"', shown) if shown is not None else SafeString("")
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, value_html,
                           attrs_html(self.build_attrs(self.attrs, attrs)))


def quicken(form: forms.BaseForm) -> None:
    """Swap the plain selects and text inputs of a form for their one-pass versions."""
    for field in form.fields.values():
        old = field.widget
        widget: forms.Widget
        if type(old) is forms.Select:
            widget = OnePassSelect(attrs=old.attrs)
            widget.choices = old.choices  # type: ignore[attr-defined]
        elif type(old) is forms.TextInput:
            widget = OnePassInput(attrs=old.attrs)
            widget.input_type = old.input_type  # type: ignore[attr-defined]
        else:
            continue
        widget.is_required = old.is_required
        field.widget = widget


class RichTextEditor(ProseEditorWidget):
    """django-prose-editor's ProseMirror editor on a textarea, which stays the field's value: the
    editor writes its HTML back to it, and without JavaScript the textarea is edited as HTML.
    ``extensions`` names what the editor offers (its toolbar); the server sanitises whatever is
    sent anyway. Its menu's words come from the JavaScript catalogue, before the editor loads.
    Render the form's media with ``{% form_media form %}``: the import map needs the page's CSP
    nonce."""

    def __init__(self, *, extensions: dict[str, Any], attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, config={"extensions": extensions}, preset="configurable")

    @property
    def media(self) -> forms.Media:
        return Media(js=[reverse_lazy("javascript-catalog")]) + super().media
