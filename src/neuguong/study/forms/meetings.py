"""Forms of the cell meeting pages. They parse and offer choices; the services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import DateTimeField, ScopedUnitsForm, unit_field

from ..models import AttendanceStatus, MeetingKind, MeetingStatus
from ..services.common import FIRST_YEAR, LAST_YEAR
from .common import file_field


class MonthField(forms.CharField):
    """A month chosen with the browser's month picker (yyyy-mm) or typed as mm/yyyy: its first day."""

    widget = forms.DateInput(attrs={"type": "month"})
    default_error_messages = {"invalid": _("Enter a real month, for example 03/2026.")}

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        for pattern in ("%m/%Y", "%Y-%m"):
            try:
                day = dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class MeetingFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *MeetingKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *MeetingStatus.choices])
    month = MonthField(label=_("Month"), required=False)

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"unit": data.get("unit"), "kind": data.get("kind", ""), "status": data.get("status", ""),
                "month": data.get("month")}


class MeetingEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("The theme of a thematic meeting, for example."))
    starts_at = DateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=200)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class MeetingForm(ScopedUnitsForm, MeetingEditForm):
    unit_fields = ("cell",)

    cell = unit_field(_("Party cell"))
    field_order = ["cell", "kind", "title", "starts_at", "place", "agenda"]


class AttendanceForm(forms.Form):
    """One status and reason per invited member."""

    def __init__(self, *args: Any, invitees: list[Any], initial_rows: dict[int, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        for person in invitees:
            row = (initial_rows or {}).get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=AttendanceStatus.choices,
                initial=row.status if row else AttendanceStatus.PRESENT)
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("Reason"), max_length=300, required=False, initial=row.reason if row else "")

    def rows(self) -> list[dict[str, Any]]:
        return [{"person": person, "status": self[f"status_{person.pk}"], "reason": self[f"reason_{person.pk}"]}
                for person in self.invitees]

    def attendance(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [{"person_id": person.pk, "status": data[f"status_{person.pk}"], "reason": data[f"reason_{person.pk}"]}
                for person in self.invitees]


class MinutesForm(forms.Form):
    study_content = forms.CharField(label=_("Study content"), widget=forms.Textarea(attrs={"rows": 5}))
    resolutions = forms.CharField(label=_("Resolutions"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class ManifestationsForm(forms.Form):
    """Each of the 27 manifestations: discussed or not, the conclusion, and the member concerned if any."""

    def __init__(self, *args: Any, manifestations: list[Any], invitees: list[Any],
                 recorded: dict[int, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.manifestations = manifestations
        people = [("", _("The cell as a whole")), *((p.pk, p.full_name) for p in invitees)]
        for item in manifestations:
            record = (recorded or {}).get(item.pk)
            self.fields[f"discussed_{item.pk}"] = forms.BooleanField(label=str(item), required=False,
                                                                     initial=record is not None)
            self.fields[f"conclusion_{item.pk}"] = forms.CharField(
                label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=record.conclusion if record else "")
            self.fields[f"person_{item.pk}"] = forms.ChoiceField(
                label=_("Member concerned"), required=False, choices=people,
                initial=record.person_id if record and record.person_id else "")

    def rows(self) -> list[dict[str, Any]]:
        return [{"item": item, "discussed": self[f"discussed_{item.pk}"], "conclusion": self[f"conclusion_{item.pk}"],
                 "person": self[f"person_{item.pk}"]} for item in self.manifestations]

    def entries(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [{"manifestation_id": item.pk, "conclusion": data[f"conclusion_{item.pk}"],
                 "person_id": data[f"person_{item.pk}"] or None}
                for item in self.manifestations if data.get(f"discussed_{item.pk}")]


class MeetingDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=300)
    file = file_field(required=True)


class AttendanceStatsForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))


class MissingMeetingsForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    month = MonthField(label=_("Month"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False, choices=[
        ("month", _("The month")), ("quarter", _("The quarter of the month"))])
    kind = forms.ChoiceField(label=_("Kind of meeting"), required=False,
                             choices=[("", _("Any meeting")), *MeetingKind.choices])
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))



def last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
