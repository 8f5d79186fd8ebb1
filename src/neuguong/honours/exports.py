"""Spreadsheets of the honours module, declared once each."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

ROUNDS = TableExport(name=_("Nomination rounds"), title=_("Nomination rounds"), columns=(
    Column("year", _("Year"), format="int"),
    Column("unit", _("Unit"), value="unit.name"),
    Column("title", _("Title")),
    Column("closes_on", _("Nominations close on"), format="date"),
    Column("status", _("Status"), value="get_status_display"),
    Column("nomination_count", _("Nominations"), format="int"),
))

COUNTS = TableExport(name=_("Honoured collectives and individuals"),
                     title=_("Honoured collectives and individuals"), columns=(
    Column("year", _("Year"), format="int"),
    Column("unit", _("Unit")),
    Column("collectives", _("Collectives"), format="int"),
    Column("individuals", _("Individuals"), format="int"),
))
