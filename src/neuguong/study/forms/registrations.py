"""Forms of the registrations to follow and the exemplary pledges. They parse and offer choices; the
services decide. Items are a few numbered slots (no script needed on a phone): empty ones are left out."""

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import ScopedUnitsForm, unit_field

from ..models import FollowLevel, FollowUpKind, PledgeStatus, RegistrationStatus
from ..services.registrations import ACCEPTED_EVIDENCE, MAX_ITEMS
from .common import year_choices

ITEM_SLOTS = 5


def _text(label: Any, rows: int = 2, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def open_years() -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(this, str(this)), (this + 1, str(this + 1))]


class RegistrationForm(forms.Form):
    """What the member will do this year: up to five things, each with its expected result."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    theme = forms.TypedChoiceField(label=_("Theme followed"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, themes: Any, slots: int = ITEM_SLOTS, with_year: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if with_year:
            cast(forms.ChoiceField, self.fields["year"]).choices = open_years()
        else:
            del self.fields["year"]
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("None in particular"))] + [
            (theme.pk, f"{theme.year} · {theme.title}") for theme in themes]
        self.slots = min(slots, MAX_ITEMS)
        for index in range(1, self.slots + 1):
            self.fields[f"content_{index}"] = _text(_("Thing %(n)d: what I will do") % {"n": index},
                                                    required=index == 1)
            self.fields[f"expected_result_{index}"] = _text(_("Thing %(n)d: expected result") % {"n": index},
                                                            required=index == 1)

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [{"content": data.get(f"content_{i}", ""), "expected_result": data.get(f"expected_result_{i}", "")}
                for i in range(1, self.slots + 1)]


class QuarterReportForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int)
    text = _text(_("What I have done this quarter"), rows=5, required=True)
    file = forms.FileField(label=_("Evidence (PDF, DOCX, JPEG or PNG)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EVIDENCE}))

    def __init__(self, *args: Any, quarters: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["quarter"]).choices = [
            (q, _("Quarter %(q)d") % {"q": q}) for q in quarters or (1, 2, 3, 4)]


class AssessForm(forms.Form):
    level = forms.ChoiceField(label=_("Assessment"), choices=FollowLevel.choices, widget=forms.RadioSelect)
    comment = _text(_("Comment"), rows=4)


class PledgeForm(forms.Form):
    post = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, with_year: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if with_year:
            cast(forms.ChoiceField, self.fields["year"]).choices = open_years()
        else:
            del self.fields["year"], self.fields["post"]
        for index in range(1, ITEM_SLOTS + 1):
            self.fields[f"item_{index}"] = _text(_("Pledged item %(n)d") % {"n": index}, required=index == 1)

    def items(self) -> list[str]:
        return [self.cleaned_data.get(f"item_{i}", "") for i in range(1, ITEM_SLOTS + 1)]


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Follow-up"), choices=FollowUpKind.choices)
    text = _text(_("How the pledge is kept"), rows=4, required=True)


class _YearUnitFilter(ScopedUnitsForm):
    unit_fields = ("unit",)

    year = forms.ChoiceField(label=_("Year"), required=False)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        args = {"year": int(year) if year else None, "unit": data.get("unit")}
        for name in ("status", "level"):
            if name in self.fields:
                args[name] = data.get(name, "")
        return args


class RegistrationFilterForm(_YearUnitFilter):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *RegistrationStatus.choices])
    level = forms.ChoiceField(label=_("Assessment"), required=False, choices=[("", _("All")), *FollowLevel.choices])


class PledgeFilterForm(_YearUnitFilter):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PledgeStatus.choices])
    level = forms.ChoiceField(label=_("Assessment"), required=False, choices=[("", _("All")), *FollowLevel.choices])


class NotPledgedFilterForm(_YearUnitFilter):
    """The year is required here: it defaults to this year."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()[1:]
        if not self.data.get("year"):
            data = QueryDict(mutable=True)
            data.update(self.data)
            data["year"] = str(timezone.localdate().year)
            self.data = data

    def selector_args(self) -> dict[str, Any]:
        args = super().selector_args()
        args["year"] = args["year"] or timezone.localdate().year
        return args
