"""The people list as a spreadsheet. Citizen IDs are never exported."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

PEOPLE = TableExport(name=_("People"), title=_("People"), columns=(
    Column("full_name", _("Full name")),
    Column("gender", _("Gender"), value="get_gender_display"),
    Column("birth_date", _("Birth date"), format="date"),
    Column("unit", _("Managing unit"), value="unit.name"),
    Column("phone", _("Phone")),
    Column("email", _("Email")),
))
