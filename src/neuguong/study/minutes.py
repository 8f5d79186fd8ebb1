"""A cell meeting's minutes (biên bản sinh hoạt chi bộ) as a Word document in the Party layout
(``core.docx.PartyDocument``). The manifestations discussed are written only into the copy of a
reader allowed to see them (``selectors.manifestations_visible`` chose them)."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from neuguong.core.docx import LEFT, PartyDocument

from .models import AttendanceStatus, Meeting


def _day(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")


def minutes_docx(meeting: Meeting, *, attendance: list[Any], manifestations: list[Any] | None) -> bytes:
    """``manifestations`` None: the reader may not see them, and the copy says so."""
    document = PartyDocument()
    parent = meeting.cell.parent
    local_day = timezone.localdate(meeting.starts_at)
    document.header(issuer=meeting.cell.name, superior=parent.name if parent else "", place=meeting.place,
                    day=meeting.approved_on or local_day)
    summary = _("of the %(kind)s of %(month)s") % {"kind": meeting.get_kind_display().lower(),
                                                   "month": local_day.strftime("%m/%Y")}
    document.title(_("MINUTES"), f"{summary}{': ' + meeting.title if meeting.title else ''}")
    document.paragraph(_("Time: %(day)s. Place: %(place)s.") % {"day": _day(meeting), "place": meeting.place})
    counts = {status: [row for row in attendance if row.status == status] for status in AttendanceStatus.values}
    document.paragraph(_("Members invited: %(invited)d; present: %(present)d; absent with leave: %(excused)d; "
                         "absent without leave: %(absent)d.") % {
        "invited": len(attendance), "present": len(counts["present"]), "excused": len(counts["excused"]),
        "absent": len(counts["absent"])})
    absent = [row for row in attendance if row.status != AttendanceStatus.PRESENT]
    if absent:
        document.table([_("No."), _("Member"), _("Attendance"), _("Reason")],
                       [[n, row.person.full_name, row.get_status_display(), row.reason]
                        for n, row in enumerate(absent, 1)])
    for heading, text in ((_("Agenda"), meeting.agenda), (_("Study content"), meeting.study_content)):
        document.paragraph(heading, bold=True, align=LEFT)
        document.paragraph(text or "—")
    document.paragraph(_("Manifestations of degradation discussed"), bold=True, align=LEFT)
    if manifestations is None:
        document.paragraph(_("Not shown in this copy: only the cell's committee and the readers allowed see them."))
    elif manifestations:
        document.table([_("No."), _("Manifestation"), _("Member concerned"), _("Conclusion")],
                       [[n, str(row.manifestation), row.person.full_name if row.person else _("The cell"),
                         row.conclusion] for n, row in enumerate(manifestations, 1)])
    else:
        document.paragraph(_("None recorded."))
    document.paragraph(_("Resolutions"), bold=True, align=LEFT)
    document.paragraph(meeting.resolutions or "—")
    if meeting.approved_on is None:
        document.paragraph(_("Draft: the minutes are not approved yet."), bold=True, align=LEFT)
    person = getattr(meeting.approved_by, "person", None)
    name = person.full_name if person is not None else ""
    document.signature(authority=_("ON BEHALF OF THE PARTY CELL"), post=_("SECRETARY"), name=name,
                       recipients=[_("The committee above,"), _("Filed.")])
    return document.to_bytes()
