"""Spreadsheets: the petition list, the report and a session's register, declared once each.
Petitioners of denunciations never appear in a list or a report; the register masks them as its
page does."""

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.exports import Column, Sheet, TableExport, workbook_bytes

from .models import Petition
from .register import Register
from .reports import Report
from .selectors import list_names


def petitioner_cell(petition: Petition) -> str:
    return _("Protected identity (denunciation)") if petition.protected_identity else petition.petitioner_name


def _name(key: str) -> Any:
    return lambda petition: list_names(petition)[key]  # type: ignore[literal-required]


def _yes(attribute: str) -> Any:
    return lambda petition: _("Yes") if getattr(petition, attribute) else ""


PETITION_COLUMNS = (
    Column("tracking_code", gettext_lazy("Tracking code")),
    Column("received_on", gettext_lazy("Received on"), format="date"),
    Column("kind", gettext_lazy("Kind"), value=_name("kind_name")),
    Column("channel", gettext_lazy("Channel"), value="get_channel_display"),
    Column("subject", gettext_lazy("Subject")),
    Column("petitioner", gettext_lazy("Petitioner"), value=petitioner_cell),
    Column("unit", gettext_lazy("Handling unit"), value=_name("unit_name")),
    Column("officer", gettext_lazy("Officer"), value=_name("officer")),
    Column("status", gettext_lazy("Status"), value="get_status_display"),
    Column("due_on", gettext_lazy("Due on"), value=lambda p: p.due_on if p.is_open else None, format="date"),
    Column("closed_on", gettext_lazy("Closed on"), format="date"),
    Column("over_level", gettext_lazy("Over-level"), value=_yes("over_level")),
    Column("raised_again", gettext_lazy("Raised again"), value=_yes("raised_again")),
)

# Petitions as the list selectors give them (with ``kind_name``, ``unit_name`` and ``officer``).
PETITIONS = TableExport(name=gettext_lazy("Petitions"), title=gettext_lazy("Petitions"), columns=PETITION_COLUMNS)

REPORT_LISTS = {"backlog": gettext_lazy("Backlog"), "long_standing": gettext_lazy("Long-standing"),
                "over_level": gettext_lazy("Over-level")}

SUMMARY = TableExport(name=gettext_lazy("Petition report"), title=gettext_lazy("Summary"), numbered=False, columns=(
    Column("label", gettext_lazy("Figure"), value=itemgetter(0)),
    Column("value", gettext_lazy("Petitions"), value=itemgetter(1)),
))


def _summary_rows(report: Report) -> list[tuple[Any, Any]]:
    rate = round(report.on_time_rate * 100, 1) if report.on_time_rate is not None else "—"
    rows: list[tuple[Any, Any]] = [
        (_("Received"), report.total), (_("Being handled"), report.open), (_("Overdue"), report.overdue),
        (_("Closed"), report.closed), (_("Closed on time"), report.on_time), (_("On-time rate (%)"), rate),
        (_("Over-level"), report.over_level), (_("Long-standing"), report.long_standing)]
    sections: list[tuple[str, Sequence[tuple[str | Promise, int]]]] = [
        (_("By kind"), report.by_kind), (_("By status"), report.by_status), (_("By channel"), report.by_channel),
        (_("By unit (subtree)"), [(unit.name, n) for unit, n in report.by_unit])]
    for title, counts in sections:
        rows += [("", None), (title, _("Petitions")), *counts]
    return rows


def report_workbook(report: Report, lists: dict[str, QuerySet[Petition]]) -> bytes:
    period = " – ".join(day.strftime("%d/%m/%Y") for day in (report.date_from, report.date_to) if day)
    heading = _("Petitions of %(unit)s") % {"unit": report.unit.name}
    sheets = [Sheet(SUMMARY, _summary_rows(report), preamble=[heading, period] if period else [heading])]
    sheets += [Sheet(TableExport(name=PETITIONS.name, title=REPORT_LISTS[key], columns=PETITION_COLUMNS), petitions)
               for key, petitions in lists.items()]
    return workbook_bytes(sheets)


def register_export(register: Register) -> TableExport:
    """The register's columns depend on the catalogue, so its declaration is built per session."""
    return TableExport(name=_("Register"), title=_("Register"), numbered=False, columns=[
        Column(code, heading, value=itemgetter(index)) for index, (code, heading)
        in enumerate(zip(register.codes, register.headings, strict=True))])


def register_workbook(register: Register) -> bytes:
    session = register.session
    preamble = [_("CITIZEN RECEPTION REGISTER"), f"{session.unit.name} · {session.title} · {session.held_on:%d/%m/%Y}"]
    return workbook_bytes([Sheet(register_export(register), register.rows, preamble=preamble)])


SESSIONS = TableExport(name=gettext_lazy("Reception sessions"), title=gettext_lazy("Reception sessions"), columns=(
    Column("held_on", gettext_lazy("Date"), format="date"),
    Column("title", gettext_lazy("Title")),
    Column("unit", gettext_lazy("Unit"), value="unit.name"),
    Column("kind", gettext_lazy("Kind"), value="get_kind_display"),
    Column("status", gettext_lazy("Status"), value="get_status_display"),
    Column("visit_count", gettext_lazy("Visitors"), format="int"),
))
