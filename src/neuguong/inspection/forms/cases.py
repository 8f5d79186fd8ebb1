"""Forms of the case pages. They parse and offer choices; the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import OversightKind
from neuguong.web.choosers import ScopedChoiceField
from neuguong.web.forms import DateField, DatePickerInput, ScopedUnitsForm, person_field, unit_field
from neuguong.web.widgets import OnePassInput

from ..models import CaseStatus, DocumentKind
from ..selectors import MEMBER, ORGANISATION
from .discipline import year_choices

ACCEPTED = ".pdf,.docx,.jpg,.jpeg,.png"


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
    from_date = DateField(label=_("Planned from"), required=False)
    to_date = DateField(label=_("Planned until"), required=False)
    own = forms.BooleanField(label=_("Conducted by this body itself, not below it"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", str(_("All"))), *type_choices()]
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"unit": data.get("unit"), "kind": data.get("kind", ""), "type": data.get("type", ""),
                "status": data.get("status", ""), "subject": data.get("subject", ""),
                "year": int(year) if year else None, "q": data.get("q", ""),
                "start_from": data.get("from_date"), "start_until": data.get("to_date"), "own": bool(data.get("own"))}


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
    team = forms.CharField(label=_("Planned team"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Who will carry it out, if already known; the decision to inspect confirms it."))

    def __init__(self, *args: Any, people: Any, party_units: Any, programmes: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(ScopedChoiceField, self.fields["subject_person"]).set_scope(people)
        cast(ScopedChoiceField, self.fields["subject_unit"]).set_scope(party_units)
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("Outside any programme")), *((p.pk, f"{p.year} · {p.unit.name} · {p.title}") for p in programmes)]
        if "type" in self.fields:
            cast(forms.ChoiceField, self.fields["type"]).choices = type_choices()
            cast(forms.ChoiceField, self.fields["method"]).choices = [
                ("", _("Not a supervision")), *method_choices()]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"unit_id": data["unit"].pk, "programme_id": data.get("programme"), "type": data.get("type", ""),
                "method": data.get("method", ""),
                "title": data["title"], "planned_start": data["planned_start"], "planned_end": data["planned_end"],
                "team": data.get("team", ""),
                "subject_unit_id": data["subject_unit"].pk if data.get("subject_unit") else None,
                "subject_person_id": data["subject_person"].pk if data.get("subject_person") else None}


class PetitionCaseForm(CaseForm):
    """A case of settling denunciations opened from a reception petition: its type is fixed."""

    field_order = ["petition", "unit", "programme", "subject_unit", "subject_person", "title", "planned_start",
                   "planned_end", "team"]
    type = None  # type: ignore[assignment]
    method = None  # type: ignore[assignment]
    petition = forms.TypedChoiceField(label=_("Denunciation petition"), coerce=int,
                                      help_text=_("Open denunciations of your units that have no case yet. "
                                                  "The denouncer is never named here."))

    def __init__(self, *args: Any, petitions: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["petition"]).choices = [
            (p.pk, f"{p.tracking_code} · {p.subject} · {p.received_on:%d/%m/%Y}") for p in petitions]

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = super().service_kwargs()
        return {**{k: v for k, v in kwargs.items() if k not in ("type", "method")},
                "petition_id": self.cleaned_data["petition"]}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, widget=forms.RadioSelect,
                             initial=DocumentKind.DOCUMENT)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, JPEG or PNG, up to 20 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}))


class ExplanationForm(forms.Form):
    given_on = DateField(label=_("Given on"))
    text = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(label=_("Signed explanation (optional)"), required=False,
                           help_text=_("PDF, DOCX, JPEG or PNG, up to 20 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}))


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


PERIOD_KINDS = [("year", _("Year")), ("quarter", _("Quarter")), ("half", _("Half-year")),
                ("term", _("Five-year term")), ("custom", _("Range of days"))]


class OnePassNumberInput(forms.NumberInput):
    """``<input type="number">`` written in one pass, as ``web.widgets.OnePassInput``."""

    render = OnePassInput.render  # type: ignore[assignment]


class OnePassDateInput(DatePickerInput):
    """The date picker's ``<input type="date">`` written in one pass (its value as the picker reads it)."""

    render = OnePassInput.render  # type: ignore[assignment]


class StatisticsForm(ScopedUnitsForm):
    """The statistics page's filters; every widget renders in one pass (the page's form is written by
    ``inspection_tags.one_pass_fields``), as the list pages' filters do."""

    unit_fields = ("unit",)

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False,
                              widget=OnePassNumberInput,
                              help_text=_("For a term: any year of it (2016–2020, 2021–2025, …)."))
    number = forms.TypedChoiceField(label=_("Quarter or half"), coerce=int, required=False, empty_value=None,
                                    choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4")])
    from_date = DateField(label=_("From"), required=False, widget=OnePassDateInput)
    to_date = DateField(label=_("Until"), required=False, widget=OnePassDateInput)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom":
            first, last = data.get("from_date"), data.get("to_date")
            if not first or not last:
                self.add_error("from_date", _("Enter the first and the last day of the range."))
            elif last < first:
                self.add_error("to_date", _("The range ends on or after its first day."))
        return data
