"""Excel workbooks: the petition list, the report and a session's register. Petitioners of
denunciations never appear in a list or a report; the register masks them as its page does."""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from .models import Petition
from .register import Register
from .reports import Report
from .selectors import list_names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"


def _cell(sheet: Worksheet, value: Any, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _row(sheet: Worksheet, values: Iterable[Any], **style: Any) -> None:
    sheet.append([_cell(sheet, value, **style) for value in values])


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def petitioner_cell(petition: Petition) -> str:
    return _("Protected identity (denunciation)") if petition.protected_identity else petition.petitioner_name


def _petition_headings() -> list[str]:
    return [_("No."), _("Tracking code"), _("Received on"), _("Kind"), _("Channel"), _("Subject"), _("Petitioner"),
            _("Handling unit"), _("Officer"), _("Status"), _("Due on"), _("Closed on"), _("Over-level"),
            _("Raised again")]


def petition_list_workbook(petitions: QuerySet[Petition]) -> bytes:
    workbook = Workbook(write_only=True)
    _list_sheet(workbook, _("Petitions"), petitions)
    return _saved(workbook)


def _counts_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.create_sheet(_("Summary"))
    period = " – ".join(day.strftime("%d/%m/%Y") for day in (report.date_from, report.date_to) if day)
    _row(sheet, [_("Petitions of %(unit)s") % {"unit": report.unit.name}, period], bold=True)
    _row(sheet, [])
    rate = round(report.on_time_rate * 100, 1) if report.on_time_rate is not None else "—"
    for label, value in [(_("Received"), report.total), (_("Being handled"), report.open),
                         (_("Overdue"), report.overdue), (_("Closed"), report.closed),
                         (_("Closed on time"), report.on_time), (_("On-time rate (%)"), rate),
                         (_("Over-level"), report.over_level), (_("Long-standing"), report.long_standing)]:
        _row(sheet, [label, value])
    sections: list[tuple[str, Sequence[tuple[str | Promise, int]]]] = [
        (_("By kind"), report.by_kind), (_("By status"), report.by_status), (_("By channel"), report.by_channel),
        (_("By unit (subtree)"), [(unit.name, n) for unit, n in report.by_unit])]
    for title, rows in sections:
        _row(sheet, [])
        _row(sheet, [title, _("Petitions")], bold=True)
        for heading, n in rows:
            _row(sheet, [str(heading), n])


def _list_sheet(workbook: Workbook, title: str, petitions: QuerySet[Petition]) -> None:
    """Petitions as the list selectors give them (with ``kind_name``, ``unit_name`` and ``officer``)."""
    sheet = workbook.create_sheet(title[:31])
    _row(sheet, _petition_headings(), bold=True)
    for number, p in enumerate(petitions.iterator(chunk_size=2000), start=1):
        names = list_names(p)
        _row(sheet, [number, p.tracking_code, p.received_on, names["kind_name"], p.get_channel_display(), p.subject,
                     petitioner_cell(p), names["unit_name"], names["officer"] or "",
                     p.get_status_display(), p.due_on if p.is_open else None, p.closed_on,
                     _("Yes") if p.over_level else "", _("Yes") if p.raised_again else ""])


def report_workbook(report: Report, lists: dict[str, QuerySet[Petition]]) -> bytes:
    workbook = Workbook(write_only=True)
    _counts_sheet(workbook, report)
    titles = {"backlog": _("Backlog"), "long_standing": _("Long-standing"), "over_level": _("Over-level")}
    for key, petitions in lists.items():
        _list_sheet(workbook, titles[key], petitions)
    return _saved(workbook)


def register_workbook(register: Register) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Register"))
    session = register.session
    _row(sheet, [_("CITIZEN RECEPTION REGISTER")], bold=True)
    _row(sheet, [f"{session.unit.name} · {session.title} · {session.held_on:%d/%m/%Y}"])
    _row(sheet, [])
    _row(sheet, register.headings, bold=True, wrap=True)
    for row in register.rows:
        _row(sheet, row, wrap=True)
    return _saved(workbook)
