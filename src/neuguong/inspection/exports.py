"""Spreadsheets of the inspection module, declared once each: the discipline register."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.core.exports import Column, TableExport

from .selectors import decision_of


def _decision(attribute: str) -> Any:
    def read(violation: Any) -> Any:
        decision = decision_of(violation)
        if decision is None:
            return None
        value = getattr(decision, attribute)
        return value() if callable(value) else value
    return read


def _form(violation: Any) -> Any:
    decision = decision_of(violation)
    return decision.current_form.tr("name") if decision is not None else None


DISCIPLINE = TableExport(name=_("Discipline register"), title=_("Discipline register"), columns=(
    Column("unit", _("Deciding body"), value="unit.name"),
    Column("subject", pgettext_lazy("discipline", "Subject"), value="subject_name"),
    Column("occurred_on", _("Date of the violation"), format="date"),
    Column("number", _("Decision number"), value=_decision("number")),
    Column("decided_on", _("Decision date"), value=_decision("decided_on"), format="date"),
    Column("effective_on", _("Effective from"), value=_decision("effective_on"), format="date"),
    Column("form", _("Form of discipline"), value=_form),
    Column("status", _("Status"), value=_decision("get_status_display")),
))


def _yes_no(value: Any) -> Any:
    return None if value is None else (_("Yes") if value else _("No"))


CASES = TableExport(name=_("Inspection and supervision cases"), title=_("Inspection and supervision cases"), columns=(
    Column("unit", _("Conducted by"), value="unit.name"),
    Column("type", _("Type"), value=lambda case: case.type.tr("name")),
    Column("subject", pgettext_lazy("discipline", "Subject"), value="subject_name"),
    Column("title", _("Content")),
    Column("planned_start", _("Planned from"), format="date"),
    Column("planned_end", _("Planned until"), format="date"),
    Column("status", _("Status"), value="get_status_display"),
    Column("decision_number", _("Decision number")),
    Column("violation_found", _("Violation found"), value=lambda case: _yes_no(case.violation_found)),
    Column("concluded_on", _("Concluded on"), format="date"),
))


PROGRAMMES = TableExport(name=_("Inspection and supervision programmes"),
                         title=_("Inspection and supervision programmes"), columns=(
    Column("year", _("Year"), format="int"),
    Column("unit", _("Committee"), value="unit.name"),
    Column("title", _("Title")),
    Column("case_count", _("Cases planned"), format="int"),
    Column("started_count", pgettext_lazy("inspection", "Started"), format="int"),
    Column("concluded_count", _("Concluded"), format="int"),
))


CASE_STATISTICS = TableExport(name=_("Inspection and supervision, counted per case"),
                              title=_("Inspection and supervision, counted per case"), columns=(
    Column("label", _("Type")),
    Column("organisations", _("Party organisations"), format="int"),
    Column("members", _("Party members"), format="int"),
    Column("total", _("Total"), format="int"),
    Column("concluded", _("Concluded"), format="int"),
    Column("violations", _("Violation found"), format="int"),
))

FORM_STATISTICS = TableExport(name=_("Discipline by form"), title=_("Discipline by form"), columns=(
    Column("subject", pgettext_lazy("discipline", "Subject")),
    Column("label", _("Form of discipline")),
    Column("decisions", _("Decisions"), format="int"),
))

UNIT_STATISTICS = TableExport(name=_("Inspection and discipline by unit"),
                              title=_("Inspection and discipline by unit"), columns=(
    Column("label", _("Unit")),
    Column("inspections", _("Inspections"), format="int"),
    Column("supervisions", _("Supervisions"), format="int"),
    Column("total", _("Total"), format="int"),
    Column("concluded", _("Concluded"), format="int"),
    Column("decisions", _("Discipline decisions"), format="int"),
))
