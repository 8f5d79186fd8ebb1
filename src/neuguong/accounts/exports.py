"""The restricted access report as a spreadsheet."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

from .models import RoleGrant


def _full_name(grant: RoleGrant) -> str:
    return grant.user.person.full_name if grant.user.person else ""


RESTRICTED_GRANTS = TableExport(name=_("Restricted access"), title=_("Restricted access"), columns=(
    Column("username", _("Username"), value="user.username"),
    Column("full_name", _("Full name"), value=_full_name),
    Column("role", _("Role"), value="get_role_display"),
    Column("unit", _("Unit"), value="unit.name"),
    Column("granted_by", _("Granted by"), value="granted_by.username"),
    Column("granted_at", _("Granted"), format="date"),
    Column("reason", _("Reason")),
    Column("revoked_at", _("Revoked"), format="date"),
))
