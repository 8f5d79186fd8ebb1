"""The restricted access report as an Excel workbook."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from neuguong.core.xlsx import XLSX_TYPE, add_sheet, append, new_workbook, to_bytes

from .models import RoleGrant

__all__ = ["XLSX_TYPE", "restricted_grants_workbook"]


def restricted_grants_workbook(grants: QuerySet[RoleGrant]) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Restricted access"))
    append(sheet, [_("No."), _("Username"), _("Full name"), _("Role"), _("Unit"), _("Granted by"), _("Granted"),
                   _("Reason"), _("Revoked")], bold=True)
    for number, grant in enumerate(grants, start=1):
        append(sheet, [
            number, grant.user.username, grant.user.person.full_name if grant.user.person else "",
            grant.get_role_display(), grant.unit.name, grant.granted_by.username if grant.granted_by else "",
            grant.granted_at, grant.reason, grant.revoked_at or "",
        ])
    return to_bytes(workbook)
