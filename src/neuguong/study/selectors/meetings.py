"""Every read of the cell meetings, limited to the user's subtrees.

The 27-manifestation records are sensitive (political views, Nghị định 13/2023): they are read
only through ``manifestations_visible``, which gives them all to the cell's committee and
secretary (``study.manage`` or ``study.approve`` on the cell) and to holders of
``study.view_sensitive``, and to anyone else only the records about themselves.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext

from neuguong.accounts.scoping import access, has_permission, scoped
from neuguong.orgs.models import MembershipStatus, Person, Unit, UnitKind, UnitStatus

from ..models import (
    MEETING_HELD,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingManifestation,
    MeetingStatus,
)

# Who reads every manifestation record of a cell: its committee, its secretary, and the roles granted the right.
SENSITIVE_READERS = ("study.manage", "study.approve", "study.view_sensitive")
DEFAULT_NOTICE_DAYS = 7
DEFAULT_MINUTES_DUE_DAYS = 10


def notice_days() -> int:
    """How many days before a meeting its invitees see it among their work (``STUDY_MEETING_NOTICE_DAYS``)."""
    return _setting("STUDY_MEETING_NOTICE_DAYS", DEFAULT_NOTICE_DAYS)


def minutes_due_days() -> int:
    """Within how many days of a meeting its minutes are to be approved (``STUDY_MINUTES_DUE_DAYS``)."""
    return _setting("STUDY_MINUTES_DUE_DAYS", DEFAULT_MINUTES_DUE_DAYS)


def _setting(name: str, default: int) -> int:
    try:
        value = int(getattr(settings, name, default))
    except (TypeError, ValueError):
        return default
    return value if 0 < value <= 366 else default


def sees_sensitive(user: Any, cell_path: str) -> bool:
    """Whether the user reads every manifestation record of the cell with ``cell_path``."""
    return any(has_permission(user, permission, cell_path) for permission in SENSITIVE_READERS)


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return _moment(dt.date(year, 1, 1)), _moment(dt.date(year + 1, 1, 1))


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return _moment(first), _moment(following)


def meetings_visible_to(user: Any, *, unit: Unit | None = None, kind: str = "", status: str = "",
                        month: dt.date | None = None, year: int | None = None) -> QuerySet[Meeting]:
    meetings = scoped(Meeting.objects.all(), user, "study.view")
    if unit is not None:
        meetings = meetings.filter(cell__path__startswith=unit.path)
    if kind:
        meetings = meetings.filter(kind=kind)
    if status:
        meetings = meetings.filter(status=status)
    if month is not None:
        start, end = month_bounds(month)
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    if year:
        start, end = year_bounds(year)
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    return meetings.select_related("cell").order_by("-starts_at", "pk")


def meeting_get(user: Any, meeting_id: Any) -> Meeting:
    return access(Meeting.objects.select_related("cell__parent", "approved_by"), user, meeting_id, view="study.view")


def meeting_documents(meeting: Meeting) -> QuerySet[MeetingDocument]:
    """The documents of a meeting the caller already read with ``meeting_get``."""
    return MeetingDocument.objects.filter(meeting=meeting).order_by("uploaded_at", "pk")


def meeting_document_get(user: Any, document_id: Any) -> MeetingDocument:
    return access(MeetingDocument.objects.select_related("meeting__cell"), user, document_id, view="study.view")


def meeting_invitees(meeting: Meeting) -> list[Person]:
    """The members of the meeting's cell on its day (joined by then, not yet left), in Vietnamese name order."""
    day = timezone.localdate(meeting.starts_at)
    current = Q(memberships__status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL],
                memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=day)
    return list(Person.objects.filter(current, memberships__cell_id=meeting.cell_id, memberships__joined_on__lte=day)
                .distinct().order_by("sort_key", "pk"))


def meeting_attendance(meeting: Meeting) -> QuerySet[Attendance]:
    """The attendance of a meeting the caller already read with ``meeting_get``."""
    return Attendance.objects.filter(meeting=meeting).select_related("person").order_by("person__sort_key", "pk")


def manifestations_visible(user: Any, meeting: Meeting) -> QuerySet[MeetingManifestation]:
    """The manifestation records of a meeting the user already read: all of them for the cell's
    committee, secretary and ``study.view_sensitive``; for anyone else only those about themselves."""
    records = (MeetingManifestation.objects.filter(meeting=meeting)
               .select_related("manifestation__group", "person")
               .order_by("manifestation__position", "manifestation__code", "person__sort_key", "pk"))
    if sees_sensitive(user, meeting.cell.path):
        return records
    person_id = getattr(user, "person_id", None)
    return records.filter(person_id=person_id) if person_id else records.none()


# --- Statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellRef:
    """A cell of a roll-up row: what the pages and exports need, without loading the unit."""

    pk: int
    name: str
    path: str


@dataclass(frozen=True)
class PersonRef:
    pk: int
    full_name: str


@dataclass
class AttendanceRow:
    """The attendance of the held meetings of one cell, one member or a total."""

    label: str
    unit: Unit | CellRef | None = None
    person: Person | PersonRef | None = None
    meetings: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def invited(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def share(self) -> float:
        return self.present / self.invited if self.invited else 0.0

    @property
    def percent(self) -> float:
        return round(100 * self.share, 1)

    def add(self, other: "AttendanceRow") -> None:
        self.meetings += other.meetings
        self.present += other.present
        self.excused += other.excused
        self.absent += other.absent


def _counted(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.annotate(
        meetings=Count("meeting", distinct=True),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
    )


def _held_attendance(user: Any, year: int, unit: Unit | None) -> QuerySet[Attendance]:
    start, end = year_bounds(year)
    rows = scoped(Attendance.objects.filter(meeting__status__in=MEETING_HELD, meeting__starts_at__gte=start,
                                            meeting__starts_at__lt=end), user, "study.view")
    if unit is not None:
        rows = rows.filter(meeting__cell__path__startswith=unit.path)
    return rows


def held_meetings(user: Any, year: int, unit: Unit | None) -> QuerySet[Meeting]:
    """The meetings of the year held in ``unit``'s subtree (or all the user's units)."""
    start, end = year_bounds(year)
    meetings = scoped(Meeting.objects.filter(status__in=MEETING_HELD, starts_at__gte=start, starts_at__lt=end),
                      user, "study.view")
    if unit is not None:
        meetings = meetings.filter(cell__path__startswith=unit.path)
    return meetings


def attendance_by_cell_query(user: Any, *, year: int, unit: Unit | None) -> QuerySet[Any]:
    """The grouped query behind ``attendance_by_cell``, one row per cell, in path order."""
    return held_meetings(user, year, unit).values("cell_id", "cell__name", "cell__path").annotate(
        meetings=Count("pk"), present=Sum("present_count"), excused=Sum("excused_count"),
        absent=Sum("absent_count")).order_by("cell__path")


def attendance_by_cell(user: Any, *, year: int, unit: Unit | None = None
                       ) -> tuple[list[AttendanceRow], AttendanceRow]:
    """Each cell's held meetings of the year in ``unit``'s subtree (or all the user's units) and
    their attendance, and the total: one grouped query over the meetings' attendance counts."""
    grouped = attendance_by_cell_query(user, year=year, unit=unit)
    total = AttendanceRow(label=gettext("Total"), unit=unit)
    rows = []
    for group in grouped:
        row = AttendanceRow(label=group["cell__name"], unit=CellRef(group["cell_id"], group["cell__name"],
                                                                    group["cell__path"]),
                            meetings=group["meetings"], present=group["present"], excused=group["excused"],
                            absent=group["absent"])
        rows.append(row)
        total.add(row)
    return rows, total


def attendance_by_member(user: Any, *, year: int, cell: Unit) -> tuple[list[AttendanceRow], AttendanceRow]:
    """Each member's attendance at the held meetings of the year of ``cell``, in name order, and the total."""
    grouped = _counted(_held_attendance(user, year, cell).filter(meeting__cell=cell)
                       .values("person_id", "person__full_name", "person__sort_key"))
    total = AttendanceRow(label=gettext("Total"), unit=cell)
    rows = []
    for group in grouped.order_by("person__sort_key", "person_id"):
        row = AttendanceRow(label=group["person__full_name"], person=PersonRef(group["person_id"],
                                                                              group["person__full_name"]),
                            meetings=group["meetings"], present=group["present"], excused=group["excused"],
                            absent=group["absent"])
        rows.append(row)
        total.add(row)
    total.meetings = _held_attendance(user, year, cell).filter(meeting__cell=cell).values("meeting").distinct().count()
    return rows, total


def attendance_of_member(user: Any, person: Person, year: int) -> AttendanceRow:
    """One member's attendance at the held meetings of the year (those the user may read)."""
    figures = _counted(_held_attendance(user, year, None).filter(person=person).values("person_id"))
    row = AttendanceRow(label=person.full_name, person=person)
    for group in figures:
        row.meetings, row.present = group["meetings"], group["present"]
        row.excused, row.absent = group["excused"], group["absent"]
    return row


def meetings_for_member(user: Any, person: Person, *, upcoming_only: bool = True) -> QuerySet[Meeting]:
    """The meetings of the cells ``person`` is a member of (those the user may read), with their
    documents: only those still to come (scheduled, from today) unless ``upcoming_only`` is False."""
    cells = person.memberships.filter(status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL])
    meetings = scoped(Meeting.objects.filter(cell_id__in=cells.values("cell_id")), user, "study.view")
    documents = Prefetch("documents", MeetingDocument.objects.order_by("uploaded_at", "pk"))
    meetings = meetings.select_related("cell").prefetch_related(documents)
    if upcoming_only:
        return meetings.filter(status=MeetingStatus.SCHEDULED,
                               starts_at__gte=_moment(timezone.localdate())).order_by("starts_at", "pk")
    return meetings.order_by("-starts_at", "pk")


# --- Reminders and missing meetings ----------------------------------------------------------


def meetings_upcoming(user: Any, *, until: dt.date, limit: int) -> list[Meeting]:
    """Scheduled meetings from today to ``until`` of the cells the user is a member of."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    cells = Unit.objects.filter(memberships__person_id=person_id,
                                memberships__status__in=[MembershipStatus.PROBATIONARY, MembershipStatus.FULL])
    meetings = scoped(Meeting.objects.filter(status=MeetingStatus.SCHEDULED, cell__in=cells,
                                             starts_at__gte=_moment(timezone.localdate()),
                                             starts_at__lt=_moment(until + dt.timedelta(days=1))),
                      user, "study.view")
    return list(meetings.select_related("cell").order_by("starts_at", "pk")[:limit])


def minutes_overdue(user: Any, *, due_days: int, limit: int) -> list[Meeting]:
    """Held meetings whose minutes are still not approved ``due_days`` after the meeting, in the
    cells the user approves minutes of, the oldest first."""
    before = _moment(timezone.localdate() - dt.timedelta(days=due_days))
    meetings = scoped(Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__lt=before), user, "study.approve")
    return list(meetings.select_related("cell").order_by("starts_at", "pk")[:limit])


def quarter_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The quarter holding ``month``."""
    first = month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1)
    following = first.replace(year=first.year + 1, month=1) if first.month == 10 else first.replace(
        month=first.month + 3)
    return _moment(first), _moment(following)


def cells_without_meeting(user: Any, *, month: dt.date, unit: Unit | None = None, kind: str = "",
                          period: str = "month") -> QuerySet[Unit]:
    """The active party cells of ``unit``'s subtree (or the user's units) that held no meeting (of
    ``kind`` when given, e.g. thematic) in ``month``, or with ``period="quarter"`` in the quarter
    holding it (a cancelled or a still scheduled one does not count)."""
    start, end = quarter_bounds(month) if period == "quarter" else month_bounds(month)
    held = Meeting.objects.filter(cell=OuterRef("pk"), status__in=MEETING_HELD, starts_at__gte=start,
                                  starts_at__lt=end)
    if kind:
        held = held.filter(kind=kind)
    cells = scoped(Unit.objects.filter(kind=UnitKind.CELL, status=UnitStatus.ACTIVE), user, "study.view")
    if unit is not None:
        cells = cells.filter(path__startswith=unit.path)
    return cells.filter(~Exists(held)).select_related("parent").order_by("path")
