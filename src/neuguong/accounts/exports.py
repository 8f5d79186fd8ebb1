"""The restricted access report as an Excel workbook."""

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import RoleGrant

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def _moment(sheet, value):
    """A local, naive date and time: Excel keeps no time zone."""
    if value is None:
        return ""
    cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
    cell.number_format = DATETIME_FORMAT
    return cell


def _heading(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def restricted_grants_workbook(grants: QuerySet[RoleGrant]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Restricted access"))
    headings = [_("No."), _("Username"), _("Full name"), _("Role"), _("Unit"), _("Granted by"), _("Granted"),
                _("Reason"), _("Revoked")]
    sheet.append([_heading(sheet, heading) for heading in headings])
    for number, grant in enumerate(grants, start=1):
        sheet.append([
            number, grant.user.username, grant.user.person.full_name if grant.user.person else "",
            grant.get_role_display(), grant.unit.name, grant.granted_by.username if grant.granted_by else "",
            _moment(sheet, grant.granted_at), grant.reason, _moment(sheet, grant.revoked_at),
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
