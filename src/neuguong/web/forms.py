"""Form pieces shared by every page: dates with a picker, unit choosers and service errors on forms."""

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs.models import Unit

from .choosers import ScopedChoiceField, person_field, unit_field

__all__ = ["DateField", "DateTimeField", "ScopedUnitsForm", "add_service_error", "person_field", "unit_field"]

# A date picker submits ISO (yyyy-mm-dd, yyyy-mm-ddThh:mm); a person or a script may type the
# Vietnamese way (dd/mm/yyyy, dd/mm/yyyy hh:mm). Pages still show dates dd/mm/yyyy.
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
DATETIME_INPUT_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
PICKER_DATE_FORMAT = "%Y-%m-%d"
PICKER_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# A province holds thousands of units: a chooser's select offers the nearest few (what works
# without JavaScript); its search finds the others.
UNIT_OPTION_LIMIT = 25


def _as_picker_value(value: Any, input_formats: Iterable[str], picker_format: str) -> Any:
    """A typed value the field accepts, rewritten as the picker reads it; anything else as it came
    (a refused value stays on the page next to its error)."""
    if not isinstance(value, str):
        return value
    for input_format in input_formats:
        try:
            return datetime.datetime.strptime(value.strip(), input_format).strftime(picker_format)
        except ValueError:
            continue
    return value


class DatePickerInput(forms.DateInput):
    """``<input type="date">``: the browser's own picker, in the user's locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format=PICKER_DATE_FORMAT)

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_as_picker_value(value, DATE_INPUT_FORMATS, PICKER_DATE_FORMAT))


class DateTimePickerInput(forms.DateTimeInput):
    """``<input type="datetime-local">``: the browser's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format=PICKER_DATETIME_FORMAT)

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_as_picker_value(value, DATETIME_INPUT_FORMATS, PICKER_DATETIME_FORMAT))


class DateField(forms.DateField):
    """A date chosen with the browser's picker, or typed as dd/mm/yyyy or yyyy-mm-dd."""

    widget = DatePickerInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter a real date as dd/mm/yyyy, for example 05/03/2026.")}


class DateTimeField(forms.DateTimeField):
    """A moment chosen with the browser's picker, or typed as dd/mm/yyyy hh:mm."""

    widget = DateTimePickerInput
    input_formats = DATETIME_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Enter a real date and time as dd/mm/yyyy hh:mm, for example 05/03/2026 14:30."),
    }


def unit_label(unit: Unit, base_depth: int) -> str:
    return f"{'— ' * max(unit.depth - base_depth, 0)}{unit.name}"


def offered_units(units: Any) -> list[Unit]:
    """The units a select offers from a scoped queryset: the top levels first, up to the limit."""
    return list(units.order_by("depth", "path")[:UNIT_OPTION_LIMIT])


class ScopedUnitsForm(forms.Form):
    """A form whose unit fields (``unit_fields``) accept the units of ``units`` (already scoped
    by a selector) and offer those of ``offer``, or those below ``near``, or the whole scope."""

    unit_fields: tuple[str, ...] = ()

    def __init__(
        self, *args: Any, units: QuerySet[Unit], near: Unit | None = None, offer: QuerySet[Unit] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if offer is None:
            offer = units if near is None else units.filter(path__startswith=near.path)
        offered = offered_units(offer) if self.unit_fields else []
        for name in self.unit_fields:
            field = self.fields[name]
            if isinstance(field, ScopedChoiceField):
                field.set_scope(units)
            else:
                field.queryset = units  # type: ignore[attr-defined]
            self.offer_units(name, offered)

    def _kept_values(self, name: str) -> list[str]:
        if self.is_bound:
            key = self.add_prefix(name)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
        else:
            initial = self.initial.get(name, self.fields[name].initial)
            values = initial if isinstance(initial, list | tuple) else [initial]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def offer_units(self, name: str, units: Iterable[Unit]) -> None:
        """Offer ``units`` in the select; a unit typed or chosen earlier stays offered, so selected."""
        field = self.fields[name]
        offered = list(units)
        known = {str(u.pk) for u in offered}
        missing = [v for v in self._kept_values(name) if v.isdigit() and v not in known]
        if missing:
            offered += list(field.queryset.filter(pk__in=missing))  # type: ignore[attr-defined]
        offered.sort(key=lambda u: u.path)
        base = min((u.depth for u in offered), default=0)
        choices: list[tuple[Any, str]] = [(u.pk, unit_label(u, base)) for u in offered]
        if not isinstance(field, forms.ModelMultipleChoiceField):
            choices.insert(0, ("", str(field.empty_label or "—")))  # type: ignore[attr-defined]
        field.widget.choices = choices  # type: ignore[attr-defined]


def add_service_error(form: forms.BaseForm, error: ServiceError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: field errors on their fields (``aliases`` maps a
    service's key such as ``person_id`` to the form's field), the rest above the form.

    A missing permission is not a form error: it propagates and becomes 403."""
    if isinstance(error, PermissionDeniedError):
        raise error
    placed = set()
    for key, messages in error.field_errors.items():
        name = (aliases or {}).get(key, key)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
            placed.add(str(message))
    if str(error.message) not in placed:
        form.add_error(None, str(error.message))
