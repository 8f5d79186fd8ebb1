"""The error codes every part of the project answers with (the HTTP statuses, bad input, the
input gate, throttling, idempotency)."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.codes import register_errors, register_module

register_module("core", _("System"))
register_errors("core", {
    "bad_request": _("Unreadable request"),
    "csrf_failed": _("Missing CSRF token"),
    "error": _("Request not processed"),
    "idempotency_key_reused": _("Idempotency key reused"),
    "invalid": _("Invalid input"),
    "method_not_allowed": _("Method not allowed"),
    "not_found": _("Not found"),
    "permission_denied": _("Permission denied"),
    "server_error": _("Server error"),
    "throttle_unavailable": _("Rate limits unavailable"),
    "throttled": _("Too many requests"),
    "too_large": _("Request too large"),
    "transition_not_allowed": _("The current state does not allow this step"),
    "unauthenticated": _("Not logged in"),
})
