"""Forms of the honours pages. They parse and offer choices; the services decide."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.web.forms import DateField, ScopedUnitsForm, person_field, unit_field

from . import rules

ACCEPTED = ".pdf,.docx,.jpg,.jpeg,.png"


def year_choices(empty: Any = None) -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", str(empty or _("All")))] + [(str(year), str(year)) for year in range(this, this - 11, -1)]


def catalogue_choices(catalogue: dict[str, rules.Entry], empty: Any = None) -> list[tuple[str, str]]:
    choices = [(entry.code, entry.label) for entry in catalogue.values()]
    return ([("", str(empty))] + choices) if empty is not None else choices


class RoundFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"unit": data.get("unit"), "year": int(year) if year else None}


class RoundForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    kind = forms.ChoiceField(label=_("Kind of round"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    closes_on = DateField(label=_("Nominations close on"),
                          help_text=_("For party membership badges: the award day (3/2, 19/5, 2/9 or 7/11)."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = catalogue_choices(rules.round_kinds())


class NominationForm(ScopedUnitsForm):
    unit_fields = ("subject_unit",)

    subject_unit = unit_field(_("Collective"), required=False, empty_label=_("When a collective is nominated"))
    subject_person = person_field(_("Individual"), required=False, empty_label=_("When an individual is nominated"))
    award = forms.ChoiceField(label=_("Title or form proposed"))
    field = forms.ChoiceField(label=_("Emulation field"), required=False)
    achievements = forms.CharField(label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 6}))
    story = forms.CharField(label=_("Story for the honour roll"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Public once the award is approved."))
    photo = forms.FileField(label=_("Photo"), required=False, help_text=_("JPEG or PNG, up to 5 MB; public once "
                                                                           "the award is approved."),
                            widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}))

    def __init__(self, *args: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["subject_person"]).set_scope(people)
        cast(forms.ChoiceField, self.fields["award"]).choices = catalogue_choices(
            {code: entry for code, entry in rules.awards().items() if entry.kind != rules.PARTY_BADGE})
        cast(forms.ChoiceField, self.fields["field"]).choices = catalogue_choices(rules.fields(), "—")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"subject_unit_id": data["subject_unit"].pk if data.get("subject_unit") else None,
                "subject_person_id": data["subject_person"].pk if data.get("subject_person") else None,
                "award": data["award"], "field": data.get("field") or "", "achievements": data["achievements"],
                "story": data.get("story") or "", "photo": data.get("photo")}


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, JPEG or PNG, up to 20 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}))


class VoteForm(forms.Form):
    members = forms.IntegerField(label=_("Council members"), min_value=1, max_value=1000)
    present = forms.IntegerField(label=pgettext_lazy("council", "Members present"), min_value=0, max_value=1000)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=1000)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=1000)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=1000)
    voted_on = DateField(label=_("Council met on"))


class ApproveForm(forms.Form):
    body = forms.CharField(label=_("Competent body"), max_length=200)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decision date"))


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class BadgeForm(forms.Form):
    person_ids = forms.TypedMultipleChoiceField(label=_("Members to nominate"), coerce=int,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, due: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person_ids"]).choices = [
            (row.person.pk, f"{row.person.full_name} — {row.years}") for row in due]


class RollFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("Year"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    field = forms.ChoiceField(label=_("Emulation field"), required=False)
    award = forms.ChoiceField(label=_("Title or form"), required=False)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", str(_("All")))] + [
            (unit.pk, unit.name) for unit in units]
        cast(forms.ChoiceField, self.fields["field"]).choices = catalogue_choices(rules.fields(), _("All"))
        cast(forms.ChoiceField, self.fields["award"]).choices = catalogue_choices(
            {code: entry for code, entry in rules.awards().items() if entry.kind != rules.PARTY_BADGE}, _("All"))


class CountsForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100, required=False)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100, required=False)
