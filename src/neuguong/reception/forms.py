"""Forms of the reception pages. They parse and offer choices; the services decide."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.catalogues import selectors as catalogue
from neuguong.core.errors import ServiceError
from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from .models import Channel, PetitionStatus, SessionKind
from .services.attachments import FILE_TYPES
from .services.common import clean_citizen_id, clean_phone

ACCEPTED_FILES = ",".join(sorted({ext for _magic, _type, exts in FILE_TYPES for ext in exts}))
FLAGS = [
    ("", _("All")),
    ("open", _("Being handled")),
    ("due_soon", _("Due soon")),
    ("overdue", _("Overdue")),
    ("long_standing", _("Long-standing")),
    ("over_level", _("Over-level")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, str(kind)) for kind in catalogue.petition_kinds()]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A field of the form declared as a ``ChoiceField`` (or ``MultipleChoiceField``), whose choices
    are filled in when the form is built. ``form.fields`` is typed as plain ``Field``s."""
    return cast(forms.ChoiceField, form.fields[name])


def kinds_field(label: Any = None) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label or _("Kinds raised"), widget=forms.CheckboxSelectMultiple,
        help_text=_("A petition raising several kinds is recorded as one petition per kind."))


def reason_field(label: Any = None, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label or _("Reason"), required=required, widget=forms.Textarea(attrs={"rows": 3}))


class PetitionFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=_("Search"), required=False,
                        help_text=_("A tracking code, a citizen ID, or words of the subject or the name."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "data-testid": "petition-search"}))
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *PetitionStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    flag = forms.ChoiceField(label=_("Deadline"), required=False, choices=FLAGS)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "kind").choices = [("", _("All")), *_kind_choices()]

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "unit": data.get("unit"), "status": data.get("status", ""),
                "kind": data.get("kind", ""), "channel": data.get("channel", ""), "flag": data.get("flag", "")}


def _checked(check: Callable[..., str], value: Any, **kwargs: Any) -> str:
    """Run one of the service's own field checks, so its refusal shows with the other errors."""
    try:
        return check(value, **kwargs)
    except ServiceError as error:
        raise forms.ValidationError([str(m) for messages in error.field_errors.values() for m in messages]) from error


class PetitionerFields(forms.Form):
    petitioner_name = forms.CharField(label=_("Full name"), max_length=120)
    petitioner_address = forms.CharField(label=_("Address"), max_length=255)
    petitioner_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    petitioner_email = forms.EmailField(label=_("Email"), required=False)
    citizen_id = forms.CharField(label=_("Citizen ID"), max_length=12, required=False,
                                 help_text=_("Stored encrypted; found only by the exact number."))

    def clean_petitioner_phone(self) -> str:
        return _checked(clean_phone, self.cleaned_data.get("petitioner_phone"),
                        required=self.fields["petitioner_phone"].required)

    def clean_citizen_id(self) -> str:
        return _checked(clean_citizen_id, self.cleaned_data.get("citizen_id"))


class PetitionIntakeForm(ScopedUnitsForm, PetitionerFields):
    """A petition received by post or forwarded by another body."""

    unit_fields = ("unit", "competent_unit")

    unit = unit_field(_("Receiving unit"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[(Channel.POST, Channel.POST.label),
                                                              (Channel.FORWARDED, Channel.FORWARDED.label)])
    received_on = DateField(label=_("Received on"))
    kinds = kinds_field()
    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    group_size = forms.IntegerField(label=_("Number of people"), min_value=1, initial=1)
    representatives = forms.CharField(label=_("Representatives"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    sender_body = forms.CharField(label=_("Forwarded by"), max_length=200, required=False)
    sender_document = forms.CharField(label=_("Forwarding document"), max_length=100, required=False)
    previously_resolved_by = forms.CharField(label=_("Already handled by"), max_length=200, required=False)
    competent_unit = unit_field(_("Competent unit"), required=False, empty_label=_("Not decided yet"))
    is_remote = forms.BooleanField(label=_("Remote area"), required=False)
    attachments = MultipleFileField(label=_("Scanned documents"),
                                    help_text=_("PDF, JPEG, PNG or TIFF; checked by their content."))

    field_order = ["unit", "channel", "received_on", "kinds", "subject", "content", "petitioner_name",
                   "petitioner_address", "petitioner_phone", "petitioner_email", "citizen_id", "group_size",
                   "representatives", "sender_body", "sender_document", "previously_resolved_by",
                   "competent_unit", "is_remote", "attachments"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "kinds").choices = _kind_choices()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        competent = data.get("competent_unit")
        return {"unit_id": data["unit"].pk, "kinds": data["kinds"], "channel": data["channel"],
                "received_on": data["received_on"], "competent_unit_id": competent.pk if competent else None,
                "attachments": data.get("attachments") or [], "data": data}


class VisitorForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=255)
    citizen_id = forms.CharField(label=_("Citizen ID"), max_length=12, required=False,
                                 help_text=_("Stored encrypted; found only by the exact number."))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    group_size = forms.IntegerField(label=_("People in the group"), min_value=1, initial=1)
    representatives = forms.CharField(label=_("Representatives"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def visitor(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in VisitorForm.base_fields}


class MatterForm(ScopedUnitsForm):
    """A matter a visitor raises: one petition per kind."""

    unit_fields = ("competent_unit",)

    kinds = kinds_field()
    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    previously_resolved_by = forms.CharField(label=_("Already handled by"), max_length=200, required=False)
    competent_unit = unit_field(_("Competent unit"), required=False, empty_label=_("Not decided yet"))
    attachments = MultipleFileField(label=_("Documents handed in"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "kinds").choices = _kind_choices()

    def matter(self) -> dict[str, Any]:
        data = self.cleaned_data
        competent = data.get("competent_unit")
        return {"subject": data["subject"], "content": data["content"], "note": data.get("note", ""),
                "previously_resolved_by": data.get("previously_resolved_by", ""),
                "competent_unit_id": competent.pk if competent else None}


class VisitForm(MatterForm, VisitorForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["full_name", "address", "citizen_id", "phone", "group_size", "representatives", "kinds",
                   "subject", "content", "previously_resolved_by", "competent_unit", "attachments", "note"]


class RefusalForm(VisitorForm):
    reason = forms.ChoiceField(label=_("Reason for refusing reception"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "reason").choices = [(r.code, str(r)) for r in catalogue.reception_refusal_reasons()]


class RouteForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Send to"), source="routing_units")
    reason = reason_field()


class CompetentUnitForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Competent unit"), required=False, empty_label=_("Not decided yet"))


class AssignForm(forms.Form):
    officer = forms.ChoiceField(label=_("Officer"))

    def __init__(self, *args: Any, officers: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "officer").choices = [
            (user.pk, f"{user.person.full_name} ({user.get_username()})" if user.person_id else user.get_username())
            for user in officers]


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Handling"))
    decided_on = DateField(label=_("Decided on"), required=False, help_text=_("Empty: today."))
    deadline_rule = forms.ChoiceField(label=_("Deadline rule (when accepted)"), required=False)
    is_complex = forms.BooleanField(label=_("Complex case"), required=False)
    filing_reason = forms.ChoiceField(label=_("Reason for filing (when filed)"), required=False)
    forwarded_to = forms.CharField(label=_("Competent body (when forwarded)"), max_length=200, required=False)
    forward_document = forms.CharField(label=_("Forwarding document"), max_length=100, required=False)
    note = reason_field(_("Note, guidance given or whom you urged"), required=False)

    def __init__(self, *args: Any, outcomes: list[Any], rules: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "outcome").choices = [(o.code, str(o)) for o in outcomes]
        _choice_field(self, "deadline_rule").choices = [("", _("The first rule that applies"))] + [
            (r.pk, f"{r} ({r.tr('legal_ref')})" if r.legal_ref else str(r)) for r in rules]
        _choice_field(self, "filing_reason").choices = [("", "—")] + [
            (r.code, str(r)) for r in catalogue.filing_reasons()]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"outcome": data["outcome"], "decided_on": data.get("decided_on"), "note": data.get("note", ""),
                "deadline_rule_id": data.get("deadline_rule") or None, "is_complex": data.get("is_complex"),
                "filing_reason": data.get("filing_reason", ""), "forwarded_to": data.get("forwarded_to", ""),
                "forward_document": data.get("forward_document", "")}


class ReasonForm(forms.Form):
    reason = reason_field()


class NoteForm(forms.Form):
    note = reason_field(_("Internal note"))


class ResolveForm(forms.Form):
    result = reason_field(_("Result"))
    decision_number = forms.CharField(label=_("Decision or document number"), max_length=100, required=False)
    resolved_on = DateField(label=_("Resolved on"), required=False, help_text=_("Empty: today."))


class WithdrawForm(forms.Form):
    reason = reason_field()
    withdrawn_on = DateField(label=_("Withdrawn on"), required=False, help_text=_("Empty: today."))


class SplitForm(forms.Form):
    kinds = kinds_field(_("Other kinds this petition raises"))
    reason = reason_field(_("Note"), required=False)

    def __init__(self, *args: Any, exclude: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "kinds").choices = [choice for choice in _kind_choices() if choice[0] != exclude]


class ConditionsForm(forms.Form):
    is_complex = forms.BooleanField(label=_("Complex case"), required=False)
    is_remote = forms.BooleanField(label=_("Remote area"), required=False)
    reason = reason_field()


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Scanned documents"), required=True,
                                    help_text=_("PDF, JPEG, PNG or TIFF; checked by their content."))


class SessionForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = DateField(label=_("Date"))
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"size": 5}))
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    is_three_in_one = forms.BooleanField(
        label=_("3-in-1 session"), required=False,
        help_text=_("The party secretary, the People's Council chair and the People's Committee chair receive "
                    "citizens together."))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    hosts = forms.CharField(label=_("Leaders receiving"), max_length=300, required=False)


class SessionRecordForm(forms.Form):
    hosts = forms.CharField(label=_("Leaders receiving"), max_length=300, required=False)
    secretary_present = forms.BooleanField(label=_("Party secretary attended"), required=False)
    council_chair_present = forms.BooleanField(label=_("People's Council chair attended"), required=False)
    committee_chair_present = forms.BooleanField(label=_("People's Committee chair attended"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=200)
    day_of_month = forms.IntegerField(label=_("Day of the month"), min_value=1, max_value=31,
                                      help_text=_("A day off moves the session to the next working day."))
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"size": 5}))
    is_three_in_one = forms.BooleanField(label=_("3-in-1 session"), required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)


class GenerateForm(forms.Form):
    months = forms.IntegerField(label=_("Months ahead"), min_value=1, max_value=12, initial=3)


class DialogueForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    held_on = DateField(label=_("Date"))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    leaders = forms.CharField(label=_("Leaders taking part"), widget=forms.Textarea(attrs={"rows": 2}))
    participants = forms.CharField(label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0, initial=0)
    issues = forms.CharField(label=_("Issues raised"), widget=forms.Textarea(attrs={"rows": 5}))


class CommitmentForm(ScopedUnitsForm):
    unit_fields = ("owner_unit",)

    text = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    owner_unit = unit_field(_("Owning unit"), required=False, empty_label="—")
    due_on = DateField(label=_("Due on"))


class CommitmentProgressForm(forms.Form):
    note = reason_field(_("Follow-up"))


class CommitmentCompleteForm(forms.Form):
    done_on = DateField(label=_("Done on"), required=False, help_text=_("Empty: today."))
    note = reason_field(_("Follow-up"), required=False)


class ReportForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"), required=False, empty_label=_("My working unit"))
    date_from = DateField(label=_("Received from"), required=False)
    date_to = DateField(label=_("to"), required=False)


class PublicSubmitForm(PetitionerFields):
    """The public portal's petition form. ``website`` is a field people never see: bots fill it."""

    unit = forms.ChoiceField(label=_("Addressed to"))
    kinds = kinds_field(_("Kind of petition"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Documents"),
                                    help_text=_("PDF, JPEG, PNG or TIFF, up to 5 files."))
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    field_order = ["unit", "kinds", "subject", "content", "petitioner_name", "petitioner_address",
                   "petitioner_phone", "petitioner_email", "citizen_id", "attachments", "website"]

    def __init__(self, *args: Any, groups: list[tuple[str, list[Any]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice_field(self, "unit").choices = [("", _("Choose the body"))] + [
            (level, [(u.pk, u.name) for u in units]) for level, units in groups]
        _choice_field(self, "kinds").choices = _kind_choices()
        self.fields["petitioner_phone"].required = True
        self.fields["petitioner_phone"].help_text = _("You will need its last 4 digits to follow the petition.")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)
    phone_digits = forms.CharField(label=_("Last 4 digits of your phone number"), max_length=4, min_length=4)
