"""Users, roles, login, two-factor authentication and API tokens."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("accounts", _("Accounts"))
register_actions("accounts", {
    "user.created": _("User created"),
    "user.activated": _("User activated"),
    "user.deactivated": _("User deactivated"),
    "user.password_reset": _("Password reset"),
    "user.logged_in": _("Logged in"),
    "user.login_failed": _("Login failed"),
    "user.two_factor_enrolled": _("Two-factor authentication set up"),
    "user.two_factor_removed": _("Two-factor authentication removed"),
    "role.granted": _("Role granted"),
    "role.revoked": _("Role revoked"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
})
register_errors("accounts", {
    "already_revoked": _("Role already revoked"),
    "bad_credentials": _("Wrong username or password"),
    "locked": _("Account locked"),
    "no_enrolment": _("No two-factor enrolment"),
    "otp_required": _("One-time code required"),
    "self_deactivate": _("Cannot deactivate oneself"),
    "two_factor_enrolment_required": _("Two-factor enrolment required"),
    "two_factor_required": _("Two-factor authentication required"),
})
