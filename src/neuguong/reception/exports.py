"""Excel workbooks: the petition list, the report and a session's register. Petitioners of
denunciations never appear in a list or a report; the register masks them as its page does."""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook

from neuguong.core.xlsx import add_sheet, append, new_workbook, to_bytes

from .models import Petition
from .register import Register
from .reports import Report
from .selectors import list_names


def petitioner_cell(petition: Petition) -> str:
    return _("Protected identity (denunciation)") if petition.protected_identity else petition.petitioner_name


def _petition_headings() -> list[str]:
    return [_("No."), _("Tracking code"), _("Received on"), _("Kind"), _("Channel"), _("Subject"), _("Petitioner"),
            _("Handling unit"), _("Officer"), _("Status"), _("Due on"), _("Closed on"), _("Over-level"),
            _("Raised again")]


def petition_list_workbook(petitions: QuerySet[Petition]) -> bytes:
    workbook = new_workbook()
    _list_sheet(workbook, _("Petitions"), petitions)
    return to_bytes(workbook)


def _counts_sheet(workbook: Workbook, report: Report) -> None:
    sheet = add_sheet(workbook, _("Summary"))
    period = " – ".join(day.strftime("%d/%m/%Y") for day in (report.date_from, report.date_to) if day)
    append(sheet, [_("Petitions of %(unit)s") % {"unit": report.unit.name}, period], bold=True)
    append(sheet, [])
    rate = round(report.on_time_rate * 100, 1) if report.on_time_rate is not None else "—"
    for label, value in [(_("Received"), report.total), (_("Being handled"), report.open),
                         (_("Overdue"), report.overdue), (_("Closed"), report.closed),
                         (_("Closed on time"), report.on_time), (_("On-time rate (%)"), rate),
                         (_("Over-level"), report.over_level), (_("Long-standing"), report.long_standing)]:
        append(sheet, [label, value])
    sections: list[tuple[str, Sequence[tuple[str | Promise, int]]]] = [
        (_("By kind"), report.by_kind), (_("By status"), report.by_status), (_("By channel"), report.by_channel),
        (_("By unit (subtree)"), [(unit.name, n) for unit, n in report.by_unit])]
    for title, rows in sections:
        append(sheet, [])
        append(sheet, [title, _("Petitions")], bold=True)
        for heading, n in rows:
            append(sheet, [str(heading), n])


def _list_sheet(workbook: Workbook, title: str, petitions: QuerySet[Petition]) -> None:
    """Petitions as the list selectors give them (with ``kind_name``, ``unit_name`` and ``officer``)."""
    sheet = add_sheet(workbook, title)
    append(sheet, _petition_headings(), bold=True)
    for number, p in enumerate(petitions.iterator(chunk_size=2000), start=1):
        names = list_names(p)
        append(sheet, [number, p.tracking_code, p.received_on, names["kind_name"], p.get_channel_display(), p.subject,
                     petitioner_cell(p), names["unit_name"], names["officer"] or "",
                     p.get_status_display(), p.due_on if p.is_open else None, p.closed_on,
                     _("Yes") if p.over_level else "", _("Yes") if p.raised_again else ""])


def report_workbook(report: Report, lists: dict[str, QuerySet[Petition]]) -> bytes:
    workbook = new_workbook()
    _counts_sheet(workbook, report)
    titles = {"backlog": _("Backlog"), "long_standing": _("Long-standing"), "over_level": _("Over-level")}
    for key, petitions in lists.items():
        _list_sheet(workbook, titles[key], petitions)
    return to_bytes(workbook)


def register_workbook(register: Register) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("Register"))
    session = register.session
    append(sheet, [_("CITIZEN RECEPTION REGISTER")], bold=True)
    append(sheet, [f"{session.unit.name} · {session.title} · {session.held_on:%d/%m/%Y}"])
    append(sheet, [])
    append(sheet, register.headings, bold=True, wrap=True)
    for row in register.rows:
        append(sheet, row, wrap=True)
    return to_bytes(workbook)
