"""Forms of the catalogue pages: an entry's editable fields, built from its table, and a calendar
override."""

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import ServiceError
from neuguong.web.forms import DateField

from .models import OverrideKind
from .registry import Catalogue

TEXTAREA_ROWS = 4


class EntryForm(forms.Form):
    """Base of the per-catalogue forms; the fields come from the catalogue's table."""


def entry_form_class(catalogue: Catalogue) -> type[EntryForm]:
    fields = forms.fields_for_model(catalogue.model, fields=catalogue.editable)
    for field in fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = TEXTAREA_ROWS
    return type(f"{catalogue.model.__name__}Form", (EntryForm,), fields)


class OverrideForm(forms.Form):
    day = DateField(label=_("Day"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OverrideKind.choices)
    name = forms.CharField(label=_("Name or decision"), max_length=200,
                           help_text=_("For example: Decision of the Prime Minister on the Tết days off."))


def add_service_errors(form: forms.Form, error: ServiceError) -> None:
    """Show a service's refusal on the form: by field where the form has it, else at the top."""
    if not error.field_errors:
        form.add_error(None, str(error.message))
        return
    for name, messages in error.field_errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
