"""Forms of the discipline pages. They parse and offer choices; the services decide."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.catalogues import selectors as catalogue
from neuguong.web.choosers import ScopedChoiceField
from neuguong.web.forms import DateField, ScopedUnitsForm, person_field, unit_field

from .. import rules
from ..models import DecisionStatus
from ..selectors import AWAITING, ENDED, IN_EFFECT, MEMBER, ORGANISATION


def year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", str(_("All")))] + [(str(year), str(year)) for year in range(this, this - 11, -1)]


def form_choices(forms_: Any) -> list[tuple[str, str]]:
    return [(form.code, str(form.tr("name"))) for form in forms_]


def all_form_choices() -> list[tuple[str, str]]:
    """Every form of the catalogue, named with the subject it applies to."""
    return [(form.code, f"{form.tr('name')} ({form.get_subject_display().lower()})")
            for form in catalogue.discipline_forms()]


class DisciplineFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=pgettext_lazy("discipline", "Subject"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name of the subject")}))
    unit = unit_field(_("Deciding body"), required=False, empty_label=_("All my units"))
    subject = forms.ChoiceField(label=_("Subject kind"), required=False, choices=[
        ("", _("All")), (ORGANISATION, _("Party organisation")), (MEMBER, _("Party member"))])
    form = forms.ChoiceField(label=_("Form"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    course = forms.ChoiceField(label=_("Period of effect"), required=False, choices=[
        ("", _("All")), (ENDED, _("Ran its course")), (IN_EFFECT, _("Still in effect"))])
    year = forms.ChoiceField(label=_("Year of the decision"), required=False)
    from_date = DateField(label=_("Decided from"), required=False)
    to_date = DateField(label=_("Decided until"), required=False)
    own = forms.BooleanField(label=_("Decided by this body itself, not below it"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = [("", str(_("All"))), *all_form_choices()]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")), (AWAITING, _("Awaiting a decision")), *DecisionStatus.choices]
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"unit": data.get("unit"), "subject": data.get("subject", ""), "form": data.get("form", ""),
                "status": data.get("status", ""), "year": int(year) if year else None, "q": data.get("q", ""),
                "decided_from": data.get("from_date"), "decided_until": data.get("to_date"),
                "own": bool(data.get("own")), "course": data.get("course", "")}


class ViolationForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Deciding body"))
    subject_unit = unit_field(_("Party organisation"), required=False, source="party_units",
                              empty_label=_("When the subject is an organisation"))
    subject_person = person_field(_("Party member"), required=False, empty_label=_("When the subject is a member"))
    occurred_on = DateField(label=_("Date of the violation"))
    exemption = forms.ChoiceField(label=_("Kind without limitation period"), required=False,
                                  help_text=_("Only when the violation is of a kind to which no limitation period "
                                              "applies."))
    description = forms.CharField(label=_("Violation"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, people: Any, party_units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].help_text = _("The committee or inspection commission that decides.")
        cast(ScopedChoiceField, self.fields["subject_person"]).set_scope(people)
        cast(ScopedChoiceField, self.fields["subject_unit"]).set_scope(party_units)
        cast(forms.ChoiceField, self.fields["exemption"]).choices = [
            ("", _("None: the limitation period applies")),
            *((choice.code, choice.label) for choice in rules.exemptions())]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"unit_id": data["unit"].pk, "occurred_on": data["occurred_on"], "description": data["description"],
                "exemption": data.get("exemption", ""),
                "subject_unit_id": data["subject_unit"].pk if data.get("subject_unit") else None,
                "subject_person_id": data["subject_person"].pk if data.get("subject_person") else None}


class DecisionForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of discipline"))
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decision date"))
    effective_on = DateField(label=_("Effective from"), required=False,
                             help_text=_("The decision date when left empty."))
    notified_on = DateField(label=_("Received by the subject on"), required=False,
                            help_text=_("The appeal deadline counts from this day; the decision date when left empty."))
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, forms_: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = form_choices(forms_)


class AppealForm(forms.Form):
    filed_on = DateField(label=_("Filed on"))
    grounds = forms.CharField(label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4}))


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = DateField(label=_("Resolved on"), required=False, help_text=_("Today when left empty."))


class ChangeForm(ResolutionForm):
    new_form = forms.ChoiceField(label=_("New form"))
    field_order = ["new_form", "resolution", "resolved_on"]

    def __init__(self, *args: Any, forms_: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["new_form"]).choices = form_choices(forms_)
