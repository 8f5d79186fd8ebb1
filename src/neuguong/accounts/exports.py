"""The restricted access report as a spreadsheet."""

from typing import Any

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


def _roles(account: Any) -> str:
    return "; ".join(f"{grant.get_role_display()} ({grant.unit.name})" for grant in account.active_grants)


USERS = TableExport(name=_("Accounts"), title=_("Accounts"), columns=(
    Column("username", _("Username")),
    Column("full_name", _("Full name"), value="person.full_name"),
    Column("unit", _("Unit"), value="person.unit.name"),
    Column("roles", _("Roles"), value=_roles),
    Column("active", _("Status"), value=lambda account: _("Active") if account.is_active else _("Deactivated")),
))
