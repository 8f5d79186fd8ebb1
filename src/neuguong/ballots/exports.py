"""The campaign list as a spreadsheet (the count minutes are a document: ``minutes.py``)."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

CAMPAIGNS = TableExport(name=_("Ballot campaigns"), title=_("Ballot campaigns"), columns=(
    Column("title", _("Title")),
    Column("unit", _("Unit"), value="unit.name"),
    Column("kind", _("Kind"), value="get_kind_display"),
    Column("period", _("Period")),
    Column("candidate_count", _("People on the ballot"), format="int"),
    Column("status", _("Status"), value="get_status_display"),
))
