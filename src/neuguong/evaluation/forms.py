"""Forms of the evaluation pages: they check the shape of what is typed; every rule is the services'."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.catalogues.language import tr
from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from . import rules
from .models import PeriodKind, PeriodStatus, ReviewStatus, SubjectGroup
from .selectors.levels import level_names

YES_NO = [("no", _("No")), ("yes", _("Yes"))]


DIRECTIVE_05 = "directive_05"  # a criterion's ``source``: filled from the study module


def follow_text(result: Any) -> str:
    """The person's registration to follow (Chỉ thị 05) of the year as the study module assessed it."""
    from neuguong.study.models import FollowLevel

    if result is None:
        return str(_("Directive 05: no registration to follow assessed this year."))
    return str(_("Directive 05: registration to follow assessed “%(level)s” on %(day)s.")
               % {"level": FollowLevel(result.level).label, "day": result.assessed_on.strftime("%d/%m/%Y")})


def level_choices(blank: bool = True) -> list[tuple[str, str]]:
    """The levels as choices, named by ``selectors.level_names``."""
    choices = list(level_names().items())
    return [("", "—"), *choices] if blank else choices


class ScoresForm(forms.Form):
    """Points and a comment for every criterion of the review's template, then the report."""

    def __init__(self, *args: Any, criteria: list[Any], superior: bool = False, findings: Sequence[Any] = (),
                 follow: str = "", **kwargs: Any):
        """``follow``: what the study module says of the person's registration to follow this year, shown at
        the criterion filled from it (``source: directive_05``)."""
        super().__init__(*args, **kwargs)
        self.criteria, self.superior = criteria, superior
        for criterion in criteria:
            guidance = criterion.guidance_label
            if follow and criterion.source == DIRECTIVE_05:
                guidance = f"{guidance} — {follow}" if guidance else follow
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.label} (≤ {criterion.max_points.normalize():f})", min_value=Decimal(0),
                max_value=criterion.max_points, decimal_places=2, help_text=guidance,
                widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}))
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
            if superior:
                self.fields[f"weak_{criterion.pk}"] = forms.BooleanField(label=_("Rated weak"), required=False)
        if superior:
            self.fields["findings"] = forms.MultipleChoiceField(
                label=_("Findings that set the lowest level"), required=False,
                choices=[(t.code, str(tr(t, "text"))) for t in findings], widget=forms.CheckboxSelectMultiple)

    def score_entries(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [{"criterion": c.code, "points": data[f"points_{c.pk}"], "comment": data.get(f"comment_{c.pk}", ""),
                 "weak": data.get(f"weak_{c.pk}", False)} for c in self.criteria]


class SelfAssessmentForm(ScoresForm):
    def __init__(self, *args: Any, criteria: list[Any], manifestations: list[Any], **kwargs: Any):
        super().__init__(*args, criteria=criteria, **kwargs)
        self.manifestations = manifestations
        self.fields["strengths"] = forms.CharField(label=_("Strengths"), max_length=5000, widget=forms.Textarea)
        self.fields["shortcomings"] = forms.CharField(label=_("Shortcomings"), max_length=5000,
                                                      widget=forms.Textarea)
        self.fields["remedies"] = forms.CharField(label=_("Remedies of last period's shortcomings"),
                                                  required=False, max_length=5000, widget=forms.Textarea)
        for item in manifestations:
            self.fields[f"m_{item.pk}"] = forms.ChoiceField(
                label=f"{item.code}. {tr(item, 'label')}", choices=YES_NO, widget=forms.RadioSelect)
        self.fields["level"] = forms.ChoiceField(label=_("Level you propose"), choices=level_choices())

    def manifestation_entries(self) -> list[dict[str, Any]]:
        return [{"manifestation": item.code, "present": self.cleaned_data[f"m_{item.pk}"] == "yes"}
                for item in self.manifestations]


class SuperiorForm(ScoresForm):
    comments = forms.CharField(label=_("Comments of the superior"), max_length=5000, widget=forms.Textarea)
    level = forms.ChoiceField(label=_("Level proposed by the superior"), choices=(), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, superior=True, **kwargs)
        self.fields["level"].choices = level_choices()  # type: ignore[attr-defined]


class CollectiveReviewForm(forms.Form):
    comments = forms.CharField(label=_("Comments of the collective"), max_length=5000, widget=forms.Textarea)
    members_present = forms.IntegerField(label=_("Members present"), min_value=1, max_value=100000)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, label in level_choices(blank=False):
            self.fields[f"votes_{code}"] = forms.IntegerField(
                label=_("Votes for “%(level)s”") % {"level": label}, min_value=0, max_value=100000, initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def votes(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"votes_{code}"] or 0 for code in rules.LEVELS}


class AppealForm(forms.Form):
    grounds = forms.CharField(label=_("Grounds of the appeal"), max_length=5000, widget=forms.Textarea)


class ResolveForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome of the appeal"), max_length=5000, widget=forms.Textarea)
    level = forms.ChoiceField(label=_("Level after the appeal"), choices=(), required=False,
                              help_text=_("Leave empty to keep the level."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    """A step that needs nothing typed: the button confirms it."""


class PeriodForm(ScopedUnitsForm):
    """A new period: its unit among those where the user holds ``evaluation.manage``; "open it now"
    creates its reviews at once (the service decides everything else)."""

    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = DateField(label=_("Opens on"))
    closes_on = DateField(label=_("Closes on"))
    appeal_days = forms.IntegerField(label=_("Days to appeal"), min_value=1, max_value=365, required=False,
                                     help_text=_("Leave empty for the rule's number of days."))
    open_now = forms.BooleanField(label=_("Open it now"), required=False,
                                  help_text=_("Creates the review of every member and party organisation of the "
                                              "unit's subtree; leave it unticked to open the draft later."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = PeriodKind.choices
        self.fields["unit"].help_text = _("The period covers the unit and every unit below it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The period cannot close before it opens."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("open_now", None)
        data["unit_id"] = data.pop("unit").pk
        return data


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300, required=False)
    product = forms.CharField(label=_("Product"), max_length=300, required=False)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False)
    done_on = forms.DateField(label=_("Done on"), required=False)
    evidence = forms.CharField(label=_("Evidence"), max_length=500, required=False)
    exceeded = forms.BooleanField(label=_("Exceeded the requirement"), required=False)


TaskFormSet = forms.formset_factory(TaskForm, extra=3, max_num=200, absolute_max=200)


def task_entries(formset: Any) -> list[dict[str, Any]]:
    """The rows with a title, in order (the empty extra rows left out)."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("title"):
            rows.append({**data, "weight": data.get("weight") or 1})
    return rows


class SuggestionForm(forms.Form):
    text = forms.CharField(label=_("Suggestion"), max_length=5000, widget=forms.Textarea,
                           help_text=_("The points the person or the collective should address in the review"))


class FollowerCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)


class ResidentCommentForm(forms.Form):
    source = forms.CharField(label=_("From"), max_length=200,
                             help_text=_("The residence cell or the Fatherland Front committee"))
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)
    received_on = forms.DateField(label=_("Received on"))


# --- Filters of the list pages ----------------------------------------------------------------

SEARCH_ATTRS = {"type": "search", "autocomplete": "off"}


def year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", str(_("All")))] + [(str(year), str(year)) for year in range(this + 1, this - 10, -1)]


def _year(data: dict[str, Any]) -> int | None:
    year = data.get("year")
    return int(year) if year else None


class PeriodFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=_("Search by title or unit"), required=False, max_length=100,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    year = forms.ChoiceField(label=_("Year"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *PeriodKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *PeriodStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "unit": data.get("unit"), "year": _year(data), "kind": data.get("kind", ""),
                "status": data.get("status", "")}


class ReviewFilterForm(ScopedUnitsForm):
    """The reviews of one period (``lists.REVIEWS`` reads the period from the query string)."""

    unit_fields = ("unit",)

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    unit = unit_field(_("Reviewed in"), required=False, empty_label=_("The whole period"))
    group = forms.ChoiceField(label=_("Subject group"), required=False,
                              choices=[("", _("All")), *SubjectGroup.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ReviewStatus.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", _("All")), *level_choices(blank=False)]

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "unit": data.get("unit"), "group": data.get("group", ""),
                "status": data.get("status", ""), "level": data.get("level", "")}


class SummaryReviewFilterForm(forms.Form):
    """The drill-down of the unit summary: the reviews of the chosen unit's subtree (``unit``, carried
    hidden; ``lists.SUMMARY_REVIEWS`` reads the period from the query string) by level (``waiting``: not
    yet classified) and subject, a search by name."""

    WAITING = "waiting"
    SUBJECTS = {"people": False, "collectives": True}

    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=())
    subject = forms.ChoiceField(label=_("Reviewed"), required=False,
                                choices=[("", _("Members and collectives")), ("people", _("Members")),
                                         ("collectives", _("Collectives"))])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            ("", _("All")), *level_choices(blank=False), (self.WAITING, _("Not yet classified"))]

    def selector_args(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data  # the fields that are valid: a wrong level keeps the chosen unit
        return {"unit_id": data.get("unit"), "q": data.get("q", ""), "level": data.get("level", ""),
                "collective": self.SUBJECTS.get(data.get("subject", ""))}


class OwnReviewFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("Year"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ReviewStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices()

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": _year(data), "status": data.get("status", "")}


class ToHoldFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "unit": data.get("unit")}
