"""The people list as an Excel workbook. Citizen IDs are never exported."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from neuguong.core.xlsx import add_sheet, append, new_workbook, to_bytes

from .models import Person


def people_workbook(people: QuerySet[Person]) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, _("People"))
    append(sheet, [_("No."), _("Full name"), _("Gender"), _("Birth date"), _("Managing unit"), _("Phone"),
                   _("Email")])
    for number, person in enumerate(people.iterator(chunk_size=2000), start=1):
        append(sheet, [number, person.full_name, person.get_gender_display(), person.birth_date, person.unit.name,
                       person.phone, person.email])
    return to_bytes(workbook)
