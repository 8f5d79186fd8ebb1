"""The audit trail's own actions."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_module

register_module("audit", _("Audit trail"))
register_actions("audit", {
    "audit.db_roles_configured": _("Database roles configured"),
})
