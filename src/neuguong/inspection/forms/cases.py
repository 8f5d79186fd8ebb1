"""Forms of the case pages. They parse and offer choices; the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import OversightKind
from neuguong.web.choosers import ScopedChoiceField
from neuguong.web.forms import DateField, ScopedUnitsForm, person_field, unit_field

from ..models import CaseStatus
from ..selectors import MEMBER, ORGANISATION
from .discipline import year_choices


def type_choices() -> list[tuple[str, str]]:
    return [(t.code, str(t.tr("name"))) for t in catalogue.oversight_types()
            if t.kind in (OversightKind.INSPECTION, OversightKind.SUPERVISION)]


def method_choices() -> list[tuple[str, str]]:
    return [(t.code, str(t.tr("name"))) for t in catalogue.oversight_types(OversightKind.SUPERVISION_METHOD)]


class CaseFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=pgettext_lazy("discipline", "Subject"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name of the subject")}))
    unit = unit_field(_("Conducted by"), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(label=_("Inspection or supervision"), required=False, choices=[
        ("", _("All")), (OversightKind.INSPECTION, _("Inspection")), (OversightKind.SUPERVISION, _("Supervision"))])
    type = forms.ChoiceField(label=_("Type"), required=False)
    subject = forms.ChoiceField(label=_("Subject kind"), required=False, choices=[
        ("", _("All")), (ORGANISATION, _("Party organisation")), (MEMBER, _("Party member"))])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices])
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", str(_("All"))), *type_choices()]
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"unit": data.get("unit"), "kind": data.get("kind", ""), "type": data.get("type", ""),
                "status": data.get("status", ""), "subject": data.get("subject", ""),
                "year": int(year) if year else None, "q": data.get("q", "")}


class ProgrammeForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Committee or inspection commission"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)


class ProgrammeFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Committee"), required=False, empty_label=_("All my units"))
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"unit": data.get("unit"), "year": int(year) if year else None}


class CaseForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Conducted by"))
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type"))
    method = forms.ChoiceField(label=_("Method of supervision"), required=False)
    subject_unit = unit_field(_("Party organisation"), required=False, source="party_units",
                              empty_label=_("When the subject is an organisation"))
    subject_person = person_field(_("Party member"), required=False, empty_label=_("When the subject is a member"))
    title = forms.CharField(label=_("Content"), max_length=300)
    planned_start = DateField(label=_("Planned from"))
    planned_end = DateField(label=_("Planned until"))

    def __init__(self, *args: Any, people: Any, party_units: Any, programmes: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(ScopedChoiceField, self.fields["subject_person"]).set_scope(people)
        cast(ScopedChoiceField, self.fields["subject_unit"]).set_scope(party_units)
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("Outside any programme")), *((p.pk, f"{p.year} · {p.unit.name} · {p.title}") for p in programmes)]
        cast(forms.ChoiceField, self.fields["type"]).choices = type_choices()
        cast(forms.ChoiceField, self.fields["method"]).choices = [
            ("", _("Not a supervision")), *method_choices()]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"unit_id": data["unit"].pk, "programme_id": data.get("programme"), "type": data["type"],
                "method": data.get("method", ""),
                "title": data["title"], "planned_start": data["planned_start"], "planned_end": data["planned_end"],
                "subject_unit_id": data["subject_unit"].pk if data.get("subject_unit") else None,
                "subject_person_id": data["subject_person"].pk if data.get("subject_person") else None}


class StartForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the decision to inspect or supervise"), max_length=60)
    decision_date = DateField(label=_("Decision date"))
    team = forms.CharField(label=_("Team"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = DateField(label=_("From"))
    ends_on = DateField(label=_("Until"))


class ConcludeForm(forms.Form):
    violation_found = forms.TypedChoiceField(label=_("Findings"), coerce=lambda value: value == "yes",
                                             choices=[("no", _("No violation")), ("yes", _("Violation found"))],
                                             widget=forms.RadioSelect)
    rules_breached = forms.CharField(label=_("Rules breached"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 5}))
    concluded_on = DateField(label=_("Concluded on"), required=False, help_text=_("Today when left empty."))


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DateField(label=_("Deadline"))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("How it was carried out"), widget=forms.Textarea(attrs={"rows": 3}))
    done_on = DateField(label=_("Done on"), required=False, help_text=_("Today when left empty."))


class StatisticsForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
