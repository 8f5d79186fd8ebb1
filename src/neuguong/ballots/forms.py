"""Forms of the ballot pages. They parse; the services decide."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.models import User
from neuguong.orgs.models import Unit
from neuguong.web.choosers import ScopedChoiceField
from neuguong.web.forms import DateField, DateTimeField, ScopedUnitsForm, person_field, unit_field

from .models import BoxMode, CampaignKind, CampaignStatus, QuestionKind, ThresholdBody


class CampaignForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"), source="ballot_units")
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    body = forms.ChoiceField(label=_("Thresholds of"), choices=ThresholdBody.choices)
    period = forms.CharField(label=_("Period"), max_length=20, help_text=_("For example 2025 or 2025-H1."))
    held_on = DateField(label=_("Held on"), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    online = forms.BooleanField(label=_("Online ballots with one-time codes"), required=False, initial=True)
    paper = forms.BooleanField(label=_("Paper ballots counted by tellers"), required=False, initial=True)
    closes_at = DateTimeField(label=_("Online voting closes at"), required=False)


class CampaignEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.ChoiceField(label=_("Thresholds of"), choices=ThresholdBody.choices)
    period = forms.CharField(label=_("Period"), max_length=20)
    held_on = DateField(label=_("Held on"), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    online = forms.BooleanField(label=_("Online ballots with one-time codes"), required=False)
    paper = forms.BooleanField(label=_("Paper ballots counted by tellers"), required=False)
    closes_at = DateTimeField(label=_("Online voting closes at"), required=False)


class CandidateForm(forms.Form):
    person = person_field(_("Person"))
    post_title = forms.CharField(label=_("Post shown on the ballot"), max_length=200, required=False,
                                 help_text=_("Leave empty to use the person's current post."))

    def __init__(self, *args: Any, people: Any, under: Unit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(ScopedChoiceField, self.fields["person"]).set_scope(people, under=under)


class QuestionForm(forms.Form):
    OPTION_SETS = [("yes_no", _("Yes / No")), ("levels", _("Confidence levels")), ("listed", _("The options below"))]

    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    option_set = forms.ChoiceField(label=_("Answers"), choices=OPTION_SETS, required=False)
    options = forms.CharField(label=_("Options, one per line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def service_options(self) -> list[str] | str:
        chosen = self.cleaned_data.get("option_set") or "yes_no"
        if chosen == "listed":
            return self.cleaned_data["options"].splitlines()
        return chosen


class TellerForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Teller"), empty_label=_("Choose a teller"))

    def __init__(self, *args: Any, users: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class ElectorateForm(forms.Form):
    summoned = forms.IntegerField(label=_("Number summoned"), min_value=0, required=False)
    present = forms.IntegerField(label=_("Number present"), min_value=0, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(forms.Form):
    FORMATS = [("html", _("Slips to print from the browser")), ("docx", _("Slips as a Word file"))]

    size = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=5000)
    label = forms.CharField(label=_("Label (for example the village)"), max_length=120, required=False)
    format = forms.ChoiceField(label=_("Print as"), choices=FORMATS, initial="html")
    # Shown as a checkbox only once the service asked for a confirmation (too many codes).
    confirmed = forms.BooleanField(label=_("Yes, issue these codes: more than the people summoned"),
                                   required=False, widget=forms.HiddenInput)

    def ask_confirmation(self, message: str) -> None:
        self.fields["confirmed"].widget = forms.CheckboxInput()
        self.add_error("confirmed", message)


class ReprintForm(forms.Form):
    format = forms.ChoiceField(label=_("Print as"), choices=IssueForm.FORMATS, initial="html")


class RevokeForm(forms.Form):
    batch = forms.TypedChoiceField(label=_("Revoke every unused code of batch"), coerce=int, required=False,
                                   empty_value=None)
    codes = forms.CharField(label=_("Or only these codes, one per line"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args: Any, batches: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (b["id"], f"#{b['number']} {b['label']} ({b['unused']})") for b in batches]


class BoxForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    mode = forms.ChoiceField(label=_("Entry mode"), choices=BoxMode.choices)


class ResolveForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("Adopt the entry of"), coerce=int)
    note = forms.CharField(label=_("How the difference was settled"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [  # type: ignore[attr-defined]
            (e.pk, e.teller.person.full_name if e.teller.person_id else e.teller.username) for e in entries]
        self.fields["entry"].widget = forms.RadioSelect(choices=self.fields["entry"].choices)  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code on your slip"), max_length=64, widget=forms.TextInput(attrs={
        "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text",
        "placeholder": "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX", "data-testid": "code-input"}))


class ReceiptCheckForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt number"), max_length=32)


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "data-testid": "campaign-search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *CampaignStatus.choices])

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "status": data.get("status", "")}
