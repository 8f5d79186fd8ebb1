"""Form pieces shared by every page: dd/mm/yyyy dates, unit choosers and service errors on forms."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs.models import Unit

from .choosers import ScopedChoiceField, person_field, unit_field

__all__ = ["DateField", "ScopedUnitsForm", "add_service_error", "person_field", "unit_field"]

DATE_PLACEHOLDER = "dd/mm/yyyy"
# A province holds thousands of units: a chooser's select offers the nearest few (what works
# without JavaScript); its search finds the others.
UNIT_OPTION_LIMIT = 25


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy (the input formats come from ``neuguong.formats``)."""

    def __init__(self, **kwargs: Any):
        attrs = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "size": 10}
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs=attrs))
        super().__init__(**kwargs)


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
