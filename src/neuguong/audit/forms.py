"""The audit viewer's filters."""

from typing import Any

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import SCOPE_PATHS
from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field


def object_type_choices() -> list[tuple[str, Any]]:
    """Every kind of record the scoping knows, so apps registered later appear too."""
    choices: list[tuple[str, Any]] = []
    for label in SCOPE_PATHS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        choices.append((label, str(capfirst(model._meta.verbose_name))))
    return [("", _("Any kind of record")), *sorted(choices, key=lambda choice: choice[1])]


class AuditFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80,
                             widget=forms.TextInput(attrs={"type": "search", "placeholder": "person."}))
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    unit = unit_field(_("Unit (with its sub-units)"), required=False, empty_label=_("All my units"))
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_type_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"action": data.get("action", ""), "object_type": data.get("object_type", ""),
                "unit": data.get("unit")}
