"""Forms of the study pages. They parse and offer choices; the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.orgs.models import Unit
from neuguong.web.choosers import ScopedChoiceField
from neuguong.web.forms import DateField, ScopedUnitsForm, person_field, unit_field

from ..models import PlanStatus, ThemeLevel
from ..services.common import FIRST_YEAR, LAST_YEAR
from .common import file_field, year_choices


class ThemeForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Committee keeping the theme"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    level = forms.ChoiceField(label=_("Level"), choices=ThemeLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=pgettext_lazy("theme", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class ThemeEditForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    level = forms.ChoiceField(label=_("Level"), choices=ThemeLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=pgettext_lazy("theme", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=300)
    file = file_field(required=True)


class PlanFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.ChoiceField(label=_("Year"), required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"year": int(year) if year else None, "unit": data.get("unit"), "status": data.get("status", "")}


class PlanForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, themes: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            (theme.pk, f"{theme.year} · {theme.get_level_display()} · {theme.title}") for theme in themes]


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ItemForm(forms.Form):
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_person = person_field(_("Owner (a person)"), required=False, empty_label=_("No one in particular"))
    owner_name = forms.CharField(label=_("Owner (as written)"), max_length=200, required=False,
                                 help_text=_("A body or a group, when the owner is not one person."))
    due_on = DateField(label=_("Deadline"))

    def __init__(self, *args: Any, people: Any, under: Unit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(ScopedChoiceField, self.fields["owner_person"]).set_scope(people, under=under)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        person = data.get("owner_person")
        return {"content": data["content"], "due_on": data["due_on"], "owner_name": data.get("owner_name", ""),
                "owner_person_id": person.pk if person else None}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DoneForm(forms.Form):
    done_on = DateField(label=_("Done on"), required=False, help_text=_("Today when left empty."))


class ConfirmForm(forms.Form):
    """A step that asks for nothing but a confirmation."""


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = DateField(label=_("Date"), required=False, help_text=_("Today when left empty."))
    file = file_field(required=False)


class RollupForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
