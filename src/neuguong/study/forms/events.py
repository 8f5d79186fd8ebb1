"""Forms of the event pages."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from ..models import EventKind, EventStatus
from .common import year_choices


class EventFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.ChoiceField(label=_("Year"), required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *EventKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *EventStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"year": int(year) if year else None, "unit": data.get("unit"), "kind": data.get("kind", ""),
                "status": data.get("status", "")}


class EventEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = forms.CharField(label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Who is invited or took part."))
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["participant_count"] = data.get("participant_count") or 0
        data.pop("unit", None)
        return data


class EventForm(ScopedUnitsForm, EventEditForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Organising unit"))

    field_order = ["unit", "kind", "title", "held_on", "place", "participants", "participant_count"]


class HoldForm(forms.Form):
    outcomes = forms.CharField(label=_("Outcomes"), widget=forms.Textarea(attrs={"rows": 5}))
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)


class EventLinkForm(forms.Form):
    """A news article or a nomination round to link the event to, among those the user reads."""

    article_id = forms.TypedChoiceField(label=_("News article"), required=False, coerce=int, empty_value=None)
    round_id = forms.TypedChoiceField(label=_("Nomination round"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[int, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["article_id"]).choices = [("", "—"), *choices["articles"]]
        cast(forms.ChoiceField, self.fields["round_id"]).choices = [("", "—"), *choices["rounds"]]
        if not choices["articles"]:
            del self.fields["article_id"]
        if not choices["rounds"]:
            del self.fields["round_id"]
