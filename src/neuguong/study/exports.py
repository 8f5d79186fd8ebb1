"""Spreadsheets of the study module, declared once each: plans, a plan's items and the roll-up."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

PLANS = TableExport(name=_("Study plans"), title=_("Study plans"), columns=(
    Column("year", _("Year"), format="int"),
    Column("unit", _("Unit"), value="unit.name"),
    Column("title", _("Plan")),
    Column("theme", _("Theme"), value="theme.title"),
    Column("status", _("Status"), value="get_status_display"),
    Column("item_count", _("Items"), format="int"),
    Column("done_count", _("Done"), format="int"),
))

PLAN_ITEMS = TableExport(name=_("Plan items"), title=_("Plan items"), columns=(
    Column("unit", _("Unit"), value="plan.unit.name"),
    Column("content", _("Content")),
    Column("owner", _("Owner")),
    Column("due_on", _("Deadline"), format="date"),
    Column("status", _("Status"), value="get_status_display"),
    Column("done_on", _("Done on"), format="date"),
))

ROLLUP = TableExport(name=_("Study plan completion"), title=_("Study plan completion"), columns=(
    Column("unit_name", _("Unit")),
    Column("plans", _("Plans"), format="int"),
    Column("items", _("Items"), format="int"),
    Column("done", _("Done"), format="int"),
    Column("share", _("Completion"), format="percent"),
    Column("overdue", _("Overdue"), format="int"),
))

REGISTRATIONS = TableExport(name=_("Registrations to follow"), title=_("Registrations to follow"), columns=(
    Column("year", _("Year"), format="int"),
    Column("cell", _("Party cell"), value="cell.name"),
    Column("person", _("Member"), value="person.full_name"),
    Column("status", _("Status"), value="get_status_display"),
    Column("item_count", _("Things registered"), format="int"),
    Column("report_count", _("Quarterly reports"), format="int"),
    Column("level", _("Assessment"), value="get_level_display"),
    Column("assessed_on", _("Assessed on"), format="date"),
))

PLEDGES = TableExport(name=_("Exemplary pledges"), title=_("Exemplary pledges"), columns=(
    Column("year", _("Year"), format="int"),
    Column("unit", _("Unit"), value="unit.name"),
    Column("person", _("Post holder"), value="person.full_name"),
    Column("post", _("Post"), value="post.title"),
    Column("status", _("Status"), value="get_status_display"),
    Column("published", _("Published"), value=lambda row: gettext("Yes") if row.published else gettext("No")),
    Column("level", _("Assessment"), value="get_level_display"),
))

NOT_PLEDGED = TableExport(name=_("Post holders without a pledge"), title=_("Post holders without a pledge"), columns=(
    Column("unit", _("Unit"), value="unit.name"),
    Column("person", _("Post holder"), value="person.full_name"),
    Column("title", _("Post")),
    Column("started_on", _("From"), format="date"),
))

LIBRARY = TableExport(name=_("Library of directives"), title=_("Library of directives"), columns=(
    Column("number", _("Number and symbol")),
    Column("issued_on", _("Date"), format="date"),
    Column("issuer", _("Issuer")),
    Column("kind", _("Kind"), value="kind_display"),
    Column("title", _("Title")),
    Column("version_count", _("Versions"), format="int"),
))

EVENTS = TableExport(name=_("Events"), title=_("Events"), columns=(
    Column("held_on", _("Date"), format="date"),
    Column("unit", _("Organising unit"), value="unit.name"),
    Column("kind", _("Kind"), value="get_kind_display"),
    Column("title", _("Title")),
    Column("place", _("Place")),
    Column("participant_count", _("Participants"), format="int"),
    Column("status", _("Status"), value="get_status_display"),
    Column("outcomes", _("Outcomes")),
))

# --- Cell meetings: the list and the attendance figures (never the manifestation records) ----


def _local_start(meeting: object) -> object:
    return timezone.localdate(meeting.starts_at)  # type: ignore[attr-defined]


MEETINGS = TableExport(name=_("Cell meetings"), title=_("Cell meetings"), columns=(
    Column("day", _("Date"), value=_local_start, format="date"),
    Column("cell", _("Party cell"), value="cell.name"),
    Column("kind", _("Kind"), value="get_kind_display"),
    Column("title", _("Title")),
    Column("place", _("Place")),
    Column("status", _("Status"), value="get_status_display"),
    Column("present_count", _("Present"), format="int"),
    Column("invited_count", _("Invited"), format="int"),
))

ATTENDANCE_BY_CELL = TableExport(name=_("Meeting attendance by cell"), title=_("Meeting attendance by cell"),
                                 columns=(
    Column("label", _("Party cell")),
    Column("meetings", _("Meetings held"), format="int"),
    Column("invited", _("Invited"), format="int"),
    Column("present", _("Present"), format="int"),
    Column("excused", _("Absent with leave"), format="int"),
    Column("absent", _("Absent without leave"), format="int"),
    Column("share", _("Attendance rate"), format="percent"),
))

ATTENDANCE_BY_MEMBER = TableExport(name=_("Meeting attendance by member"), title=_("Meeting attendance by member"),
                                   columns=(
    Column("label", _("Member")),
    Column("meetings", _("Meetings"), format="int"),
    Column("present", _("Present"), format="int"),
    Column("excused", _("Absent with leave"), format="int"),
    Column("absent", _("Absent without leave"), format="int"),
    Column("share", _("Attendance rate"), format="percent"),
))

CELLS_WITHOUT_MEETING = TableExport(name=_("Cells without a meeting"), title=_("Cells without a meeting"), columns=(
    Column("name", _("Party cell")),
    Column("parent", _("Committee above"), value="parent.name"),
))
