"""The audit viewer's filters."""

from typing import Any

from django import forms
from django.apps import apps
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import SCOPE_PATHS
from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from . import registry


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


def module_choices() -> list[tuple[str, Any]]:
    return [("", _("Any module")), *registry.modules().items()]


def action_choices(module: str = "") -> list[tuple[str, Any]]:
    """The actions of ``module``; without one, every module's actions grouped by module."""
    if module:
        return [("", _("Any action")), *registry.actions(module).items()]
    return [("", _("Any action")), *((label, list(registry.actions(code).items()))
                                      for code, label in registry.modules().items())]


class AuditFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)
    # Choosing a module asks for its actions (HTMX); without JavaScript, filtering does the same.
    module = forms.ChoiceField(label=_("Module"), required=False, widget=forms.Select(attrs={
        "hx-get": reverse_lazy("audit:actions"), "hx-target": "#id_action", "hx-trigger": "change",
        "hx-include": "this", "hx-swap": "outerHTML"}))
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    unit = unit_field(_("Unit (with its sub-units)"), required=False, empty_label=_("All my units"))
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_type_choices()  # type: ignore[attr-defined]
        self.fields["module"].choices = module_choices()  # type: ignore[attr-defined]
        self.fields["action"].choices = action_choices(self.chosen_module())  # type: ignore[attr-defined]

    def chosen_module(self) -> str:
        """The module asked for, if it is one; its actions are those the action field offers."""
        module = self.data.get("module", "") if self.is_bound else ""
        return module if module in registry.modules() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"module": data.get("module", ""), "action": data.get("action", ""),
                "object_type": data.get("object_type", ""), "unit": data.get("unit")}
