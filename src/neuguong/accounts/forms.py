from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import ScopedUnitsForm, unit_field

from .permissions import Role


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    # strip=False: a password is checked exactly as typed, spaces included (ASVS 6.2.x).
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"), min_length=6, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


# --- User and role management ----------------------------------------------------------------


class UserFilterForm(forms.Form):
    ACTIVE_CHOICES = [("", _("Any")), ("yes", _("Active")), ("no", _("Deactivated"))]

    q = forms.CharField(label=_("Username or name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices])
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        active = {"yes": True, "no": False}.get(data.get("active", ""))
        return {"q": data.get("q", ""), "role": data.get("role", ""), "active": active}


class PersonLookupForm(forms.Form):
    q = forms.CharField(label=_("Name or citizen ID of the person"), max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


class _NewPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 10 characters, not only digits, not a common password."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class UserCreateForm(_NewPasswordForm):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(label=_("Email"), required=False,
                             help_text=_("Leave blank to use the person's email."))
    field_order = ["username", "email", "password1", "password2"]


class PasswordResetForm(_NewPasswordForm):
    pass


class GrantForm(ScopedUnitsForm):
    unit_fields = ("unit",)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    unit = unit_field(_("On the unit (and its sub-units)"))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a role with restricted permissions (reception staff): the decision or "
                    "assignment it follows."),
    )
