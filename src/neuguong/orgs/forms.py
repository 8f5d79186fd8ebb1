"""Forms of the unit and people pages. They parse and keep what the user typed; the rules live in
the services, whose refusals ``web.forms.add_service_error`` puts back on these forms."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from .models import PARTY_KINDS, Gender, ManagementLevel, MembershipStatus, Person, Unit, UnitKind, UnitStatus

SEARCH_ATTRS = {"type": "search", "autocomplete": "off"}
# The service's name for a form field, where they differ.
SERVICE_KEYS = {"unit": "unit_id", "residence": "residence_id", "cell": "cell_id"}


class EditForm(forms.Form):
    """An edit form that carries, in hidden ``initial-`` inputs, the values it was shown with, so
    ``edited`` keeps only the fields the user changed: a field someone else changed after the
    form was opened keeps their value instead of being written back."""

    editing = False

    def show_edit(self) -> None:
        self.editing = True
        for field in self.fields.values():
            if not isinstance(field, forms.FileField):
                field.show_hidden_initial = True

    def edited(self, values: dict[str, Any]) -> dict[str, Any]:
        if not self.editing:
            return values
        changed = {SERVICE_KEYS.get(name, name) for name in self.changed_data}
        return {key: value for key, value in values.items() if key in changed}


# --- Units -----------------------------------------------------------------------------------


class UnitFilterForm(forms.Form):
    STATUS_ALL = "all"

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs=SEARCH_ATTRS))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[*UnitStatus.choices, (STATUS_ALL, _("All statuses"))])

    def is_filtering(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("q") or data.get("kind") or data.get("status") not in ("", UnitStatus.ACTIVE))

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        status = data.get("status") or UnitStatus.ACTIVE
        return {"q": data.get("q", ""), "kind": data.get("kind", ""),
                "status": "" if status == self.STATUS_ALL else status}


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)


class UnitEditForm(UnitCreateForm, EditForm):
    effective_on = DateField(label=_("Renamed on"), required=False,
                             help_text=_("Only used when the name changes; today if left blank."))
    decision = forms.CharField(label=_("Decision"), max_length=120, required=False,
                               help_text=_("Number of the decision, e.g. 123-QĐ/TU."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.show_edit()

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return self.edited({"name": data["name"], "short_name": data.get("short_name", ""), "kind": data["kind"]})


class _DecisionForm(forms.Form):
    effective_on = DateField(label=_("Effective on"), required=False, help_text=_("Today if left blank."))
    decision = forms.CharField(label=_("Decision"), max_length=120, required=False,
                               help_text=_("Number of the decision, e.g. 123-QĐ/TU."))


class UnitMoveForm(ScopedUnitsForm, _DecisionForm):
    unit_fields = ("parent",)
    parent = unit_field(_("New parent unit"))
    field_order = ["parent", "effective_on", "decision"]


class UnitMergeForm(ScopedUnitsForm, _DecisionForm):
    unit_fields = ("sources",)
    sources = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Units to merge into this one"),
        help_text=_("Their sub-units, people and party members move to this unit."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    field_order = ["sources", "effective_on", "decision"]


class UnitDissolveForm(_DecisionForm):
    pass


# --- People ----------------------------------------------------------------------------------


class PeopleFilterForm(ScopedUnitsForm):
    MEMBERSHIP_CHOICES = [
        ("", _("Anyone")),
        ("member", _("Party members")),
        (MembershipStatus.PROBATIONARY, _("Probationary members")),
        (MembershipStatus.FULL, _("Full members")),
        ("none", _("Not party members")),
    ]

    unit_fields = ("unit",)
    q = forms.CharField(label=_("Name or citizen ID"), required=False, max_length=100,
                        help_text=_("Type without accents if you like: “nguyen van an”."),
                        widget=forms.TextInput(attrs={**SEARCH_ATTRS, "data-testid": "people-search"}))
    unit = unit_field(_("Unit (with its sub-units)"), required=False, empty_label=_("All my units"))
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("Any")), *Gender.choices])
    membership = forms.ChoiceField(label=_("Party membership"), required=False, choices=MEMBERSHIP_CHOICES)
    management_level = forms.ChoiceField(label=_("Management level"), required=False,
                                         choices=[("", _("Any")), *ManagementLevel.choices])

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"q": data.get("q", ""), "unit": data.get("unit"), "gender": data.get("gender", ""),
                "membership": data.get("membership", ""), "management_level": data.get("management_level", "")}


class PersonForm(ScopedUnitsForm, EditForm):
    unit_fields = ("unit", "residence")
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("Choose")), *Gender.choices])
    birth_date = DateField(label=_("Birth date"), required=False)
    citizen_id = forms.CharField(label=_("Citizen ID"), required=False, max_length=12,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                 help_text=_("12 digits, or 9 for an old identity card."))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("Email"), required=False)
    unit = unit_field(_("Managing unit"))
    residence = unit_field(_("Place of residence"), required=False, empty_label=_("Not recorded"))
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
                            help_text=_("JPEG or PNG, at most 2 MB."))

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any):
        if person is not None:
            kwargs.setdefault("initial", {
                "full_name": person.full_name, "gender": person.gender, "birth_date": person.birth_date,
                "phone": person.phone, "email": person.email, "unit": person.unit_id,
                "residence": person.residence_id,
            })
        super().__init__(*args, **kwargs)
        if person is not None:
            self.show_edit()
            self.fields["citizen_id"].help_text = _("Leave blank to keep the recorded number.")

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        citizen_id = data.get("citizen_id") or ""
        residence = data.get("residence")
        return self.edited({
            "full_name": data["full_name"], "gender": data["gender"], "birth_date": data.get("birth_date"),
            # When editing, a blank number means "keep the recorded one": it is not sent.
            "citizen_id": citizen_id,
            "phone": data.get("phone", ""), "email": data.get("email", ""),
            "residence_id": residence.pk if residence else None, "unit_id": data["unit"].pk,
        })


class MembershipForm(ScopedUnitsForm, EditForm):
    unit_fields = ("cell",)
    cell = unit_field(_("Party cell"), source="party_units")
    card_number = forms.CharField(label=_("Party card number"), max_length=20, required=False)
    joined_on = DateField(label=_("Date joined"))
    full_member_on = DateField(label=_("Date made full member"), required=False,
                               help_text=_("Leave blank while the member is probationary."))

    def __init__(self, *args: Any, units: QuerySet[Unit], editing: bool = False, **kwargs: Any):
        super().__init__(*args, units=units.filter(kind__in=PARTY_KINDS), **kwargs)
        if editing:
            self.show_edit()

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return self.edited({"cell_id": data["cell"].pk, "card_number": data.get("card_number", ""),
                            "joined_on": data["joined_on"], "full_member_on": data.get("full_member_on")})


class MembershipEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PostForm(ScopedUnitsForm, EditForm):
    unit_fields = ("unit",)
    unit = unit_field(_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=150)
    management_level = forms.ChoiceField(label=_("Management level"), choices=ManagementLevel.choices,
                                         initial=ManagementLevel.NONE)
    is_standing_committee = forms.BooleanField(label=_("Standing Committee member"), required=False)
    started_on = DateField(label=_("From"))
    ended_on = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            self.show_edit()

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return self.edited({"unit_id": data["unit"].pk, "title": data["title"],
                            "management_level": data["management_level"],
                            "is_standing_committee": data.get("is_standing_committee", False),
                            "started_on": data["started_on"], "ended_on": data.get("ended_on")})


class FollowAssignForm(ScopedUnitsForm):
    unit_fields = ("unit",)
    unit = unit_field(_("Unit to follow"))
    started_on = DateField(label=_("From"))


class FollowEndForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
