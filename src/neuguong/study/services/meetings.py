"""A party cell's meetings: scheduling with the agenda and documents, holding them (each invited
member's attendance), the minutes (study content, the manifestations discussed with their
conclusions, resolutions) and their approval by the cell's secretary, after which nothing changes.

A meeting runs on the shared lifecycle engine (``core.lifecycle``)::

    scheduled --hold (attendance)--> held --approve (the secretary)--> approved   (read-only)
    scheduled --cancel (a reason)--> cancelled

Every write needs ``MEETING_PERMISSION`` (``study.approve``: the cell's secretary, a ``leader``
grant on the cell) on the cell. The invitees are the members of the cell on the meeting's day
(``selectors.meeting_invitees``): attendance names only them, once each.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound, access
from neuguong.audit import services as audit
from neuguong.catalogues.models import Manifestation
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition, record_history
from neuguong.orgs.models import Unit, UnitKind, UnitStatus

from .. import selectors
from ..models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingManifestation,
    MeetingStatus,
)
from .common import actor_of, checked_file, clean_long_text, clean_text, invalid, locked, store_file

MEETING_PERMISSION = "study.approve"
EARLIEST_YEAR = 2000


def _cell(user: Any, cell_id: Any) -> Unit:
    """An active party cell the user sees and runs meetings of."""
    try:
        cell = access(Unit.objects.all(), user, cell_id, view="units.view")
    except NotFound:
        raise invalid("cell_id", _("Choose a party cell of your units.")) from None
    if cell.kind != UnitKind.CELL:
        raise invalid("cell_id", _("Meetings are held by a party cell: choose a cell."))
    access(Unit.objects.all(), user, cell.pk, view="units.view", action=MEETING_PERMISSION)
    if cell.status != UnitStatus.ACTIVE:
        raise invalid("cell_id", _("This unit has ended: it takes no new record."))
    return cell


def _fields(*, kind: Any, starts_at: Any, place: Any, agenda: Any, title: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = [_("Choose a regular or a thematic meeting.")]
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = [_("Enter the date and time of the meeting.")]
    elif not EARLIEST_YEAR <= starts_at.year <= timezone.localdate().year + 1:
        errors["starts_at"] = [_("The meeting falls between %(first)d and next year.") % {"first": EARLIEST_YEAR}]
    place = clean_text(place, 200)
    if not place:
        errors["place"] = [_("Say where the meeting is held.")]
    if errors:
        raise ServiceError("invalid", _("Some fields are not valid."), field_errors=errors)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    return {"kind": kind, "starts_at": starts_at, "place": place, "agenda": clean_long_text(agenda),
            "title": clean_text(title, 300)}


@transaction.atomic
def meeting_schedule(*, cell_id: int, kind: str, starts_at: dt.datetime, place: str, acting_user: Any,
                     agenda: str = "", title: str = "") -> Meeting:
    """A meeting of the cell, scheduled: its members are invited."""
    cell = _cell(acting_user, cell_id)
    fields = _fields(kind=kind, starts_at=starts_at, place=place, agenda=agenda, title=title)
    meeting = Meeting.objects.create(cell=cell, created_by=actor_of(acting_user), **fields)
    audit.record(acting_user, "study_meeting.scheduled", meeting,
                 after={"kind": meeting.kind, "starts_at": meeting.starts_at, "place": meeting.place})
    return meeting


def read_only_refusal(meeting: Meeting) -> str | None:
    """Why nothing of the meeting changes any more, or None."""
    if meeting.status == MeetingStatus.APPROVED:
        return _("The minutes were approved on %(day)s: the meeting is read-only.") % {
            "day": formats.date_format(meeting.approved_on, "SHORT_DATE_FORMAT") if meeting.approved_on else ""}
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting was cancelled: nothing in it changes any more.")
    return None


def _meeting(meeting_id: Any, user: Any) -> Meeting:
    meeting = locked(Meeting.objects.select_related("cell"), user, meeting_id, action=MEETING_PERMISSION)
    refusal = read_only_refusal(meeting)
    if refusal is not None:
        raise ServiceError("minutes_approved" if meeting.status == MeetingStatus.APPROVED else "meeting_cancelled",
                           refusal)
    return meeting


@transaction.atomic
def meeting_update(*, meeting_id: int, kind: str, starts_at: dt.datetime, place: str, acting_user: Any,
                   agenda: str = "", title: str = "") -> Meeting:
    """The schedule, place, agenda and title of a meeting not yet held."""
    meeting = _meeting(meeting_id, acting_user)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ServiceError("meeting_held",
                           _("The meeting has been held: its date, place and agenda stay as they were."))
    fields = _fields(kind=kind, starts_at=starts_at, place=place, agenda=agenda, title=title)
    before = {name: getattr(meeting, name) for name in fields}
    for name, value in fields.items():
        setattr(meeting, name, value)
    if fields != before:
        meeting.save(update_fields=list(fields))
        audit.record(acting_user, "study_meeting.updated", meeting, before=before, after=fields)
    return meeting


@transaction.atomic
def meeting_document_add(*, meeting_id: int, title: str, upload: Any, acting_user: Any) -> MeetingDocument:
    """A PDF or DOCX of the meeting (checked by its content), until the minutes are approved."""
    meeting = _meeting(meeting_id, acting_user)
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the document a title."))
    checked = checked_file(upload, "file")
    document = MeetingDocument(meeting=meeting, title=title, uploaded_by=actor_of(acting_user))
    store_file(document, checked)
    try:
        document.save()
        audit.record(acting_user, "study_meeting.document_added", document,
                     after={"meeting": meeting.pk, "title": title, "sha256": checked.sha256})
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


# --- Attendance ------------------------------------------------------------------------------


def _attendance_rows(meeting: Meeting, entries: Any) -> list[Attendance]:
    """Checked attendance: members of the cell on the meeting's day, each once, no more than the
    cell has; an excused absence has its reason."""
    invitees = {person.pk: person for person in selectors.meeting_invitees(meeting)}
    entries = list(entries or [])
    if len(entries) > len(invitees):
        raise ServiceError("attendance_exceeds_members", _(
            "The attendance lists %(given)d people but the cell had %(members)d members on the meeting's day."
        ) % {"given": len(entries), "members": len(invitees)}, field_errors={"attendance": [_(
            "No more people than the cell's members can attend.")]})
    rows, seen, errors = [], set(), []
    for entry in entries:
        person_id, status = entry.get("person_id"), entry.get("status")
        reason = clean_text(entry.get("reason"), 300)
        try:
            person = invitees[int(person_id)]
        except (KeyError, TypeError, ValueError):
            errors.append(_("Person %(id)s is not a member of this cell on the meeting's day.") % {"id": person_id})
            continue
        if person.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": person.full_name})
            continue
        seen.add(person.pk)
        if status not in AttendanceStatus.values:
            errors.append(_("Choose present, absent with leave or absent without leave for %(name)s.")
                          % {"name": person.full_name})
        elif status == AttendanceStatus.EXCUSED and not reason:
            errors.append(_("Give the reason for %(name)s's absence.") % {"name": person.full_name})
        rows.append(Attendance(meeting=meeting, person=person, status=status,
                               reason="" if status == AttendanceStatus.PRESENT else reason))
    if errors:
        raise ServiceError("invalid", errors[0], field_errors={"attendance": [str(e) for e in errors]})
    if not rows:
        raise ServiceError("invalid", _("Record the attendance of the cell's members."),
                           field_errors={"attendance": [_("Record the attendance of the cell's members.")]})
    return rows


def _summary(rows: list[Attendance]) -> dict[str, int]:
    return {status: sum(1 for row in rows if row.status == status) for status in AttendanceStatus.values}


COUNT_FIELDS = ("present_count", "excused_count", "absent_count")


def _write_attendance(meeting: Meeting, rows: list[Attendance]) -> dict[str, int]:
    """Replace the meeting's attendance rows and set its counts (saved by the caller)."""
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(rows)
    summary = _summary(rows)
    meeting.present_count = summary[AttendanceStatus.PRESENT]
    meeting.excused_count = summary[AttendanceStatus.EXCUSED]
    meeting.absent_count = summary[AttendanceStatus.ABSENT]
    return summary


def _has_started(meeting: Meeting, user: Any, data: dict[str, Any]) -> str | None:
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        return _("A meeting is recorded as held from its day, %(day)s.") % {
            "day": formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")}
    return None


def _hold(meeting: Meeting, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    rows = _attendance_rows(meeting, data.pop("attendance", None))
    return {"attendance": _write_attendance(meeting, rows)}


def _minutes_complete(meeting: Meeting, user: Any, data: dict[str, Any]) -> str | None:
    if not meeting.study_content.strip():
        return _("Write the study content of the meeting before approving the minutes.")
    if not Attendance.objects.filter(meeting=meeting).exists():
        return _("Record the attendance before approving the minutes.")
    return None


def _approve(meeting: Meeting, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    meeting.approved_by, meeting.approved_on = actor_of(user), timezone.localdate()
    return {"approved_on": meeting.approved_on}


S = MeetingStatus
MEETING = Lifecycle(Meeting, "status", view="study.view", related=("cell",), transitions=[
    Transition("hold", gettext_lazy("Record the attendance"), frozenset({S.SCHEDULED}), S.HELD, MEETING_PERMISSION,
               "study_meeting.held", guard=_has_started, apply=_hold),
    Transition("approve", gettext_lazy("Approve the minutes"), frozenset({S.HELD}), S.APPROVED, MEETING_PERMISSION,
               "study_meeting.approved", guard=_minutes_complete, apply=_approve),
    Transition("cancel", gettext_lazy("Cancel the meeting"), frozenset({S.SCHEDULED}), S.CANCELLED,
               MEETING_PERMISSION, "study_meeting.cancelled", required=("reason",),
               messages={"reason": gettext_lazy("Say why the meeting is cancelled.")}),
])


def meeting_hold(*, meeting_id: int, attendance: list[dict[str, Any]], acting_user: Any) -> Meeting:
    """The meeting took place: each invited member present, absent with leave (a reason) or without."""
    return MEETING.transition(meeting_id, "hold", acting_user=acting_user, attendance=attendance)


def meeting_approve(*, meeting_id: int, acting_user: Any) -> Meeting:
    """The secretary approves the minutes: from now on the meeting is read-only."""
    return MEETING.transition(meeting_id, "approve", acting_user=acting_user)


def meeting_cancel(*, meeting_id: int, reason: str, acting_user: Any) -> Meeting:
    return MEETING.transition(meeting_id, "cancel", acting_user=acting_user, reason=reason)


def _held(meeting_id: Any, user: Any) -> Meeting:
    meeting = _meeting(meeting_id, user)
    if meeting.status != MeetingStatus.HELD:
        raise ServiceError("meeting_not_held", _("Record the attendance first: the minutes follow the meeting."))
    return meeting


@transaction.atomic
def meeting_attendance_record(*, meeting_id: int, attendance: list[dict[str, Any]], acting_user: Any) -> Meeting:
    """Correct the attendance of a held meeting whose minutes are not yet approved."""
    meeting = _held(meeting_id, acting_user)
    rows = _attendance_rows(meeting, attendance)
    before = _summary(list(meeting.attendance.all()))
    after = _write_attendance(meeting, rows)
    meeting.save(update_fields=list(COUNT_FIELDS))
    audit.record(acting_user, "study_meeting.attendance_recorded", meeting, before=before, after=after)
    record_history(meeting, "attendance", acting_user=acting_user, from_state=meeting.status,
                   to_state=meeting.status, data=after)
    return meeting


@transaction.atomic
def meeting_minutes_record(*, meeting_id: int, study_content: str, resolutions: str, acting_user: Any) -> Meeting:
    """The study content and the resolutions of a held meeting."""
    meeting = _held(meeting_id, acting_user)
    before = {"study_content": meeting.study_content, "resolutions": meeting.resolutions}
    meeting.study_content, meeting.resolutions = clean_long_text(study_content), clean_long_text(resolutions)
    after = {"study_content": meeting.study_content, "resolutions": meeting.resolutions}
    if after != before:
        meeting.save(update_fields=list(after))
        audit.record(acting_user, "study_meeting.minutes_recorded", meeting, before=before, after=after)
    return meeting


@transaction.atomic
def meeting_manifestations_record(*, meeting_id: int, entries: list[dict[str, Any]],
                                  acting_user: Any) -> list[MeetingManifestation]:
    """Which of the 27 manifestations the held meeting discussed, each with its conclusion, about
    the cell or one invited member; replaces what was recorded. The audit keeps the codes only,
    never the conclusions nor the members (sensitive)."""
    meeting = _held(meeting_id, acting_user)
    by_id = {m.pk: m for m in Manifestation.objects.all()}
    by_code = {m.code: m for m in by_id.values()}
    invitees = {person.pk: person for person in selectors.meeting_invitees(meeting)}
    rows, keys, errors = [], set(), []
    for entry in entries or []:
        wanted = str(entry.get("manifestation_id") or entry.get("manifestation") or "")
        manifestation = by_id.get(int(wanted)) if wanted.isdigit() else by_code.get(wanted)
        if manifestation is None:
            errors.append(_("%(value)s is not one of the 27 manifestations.") % {"value": wanted})
            continue
        person, person_id = None, entry.get("person_id")
        if person_id not in (None, ""):
            try:
                person = invitees[int(person_id)]
            except (KeyError, TypeError, ValueError):
                errors.append(_("Person %(id)s is not a member of this cell on the meeting's day.") % {"id": person_id})
                continue
        conclusion = clean_long_text(entry.get("conclusion"))
        if not conclusion:
            errors.append(_("Write the cell's conclusion on %(code)s.") % {"code": manifestation.code})
            continue
        key = (manifestation.pk, person.pk if person else None)
        if key in keys:
            errors.append(_("%(code)s is recorded twice.") % {"code": manifestation.code})
            continue
        keys.add(key)
        rows.append(MeetingManifestation(meeting=meeting, manifestation=manifestation, person=person,
                                         conclusion=conclusion))
    if errors:
        raise ServiceError("invalid", errors[0], field_errors={"manifestations": [str(e) for e in errors]})
    before = sorted(meeting.manifestations.values_list("manifestation__code", flat=True))
    MeetingManifestation.objects.filter(meeting=meeting).delete()
    MeetingManifestation.objects.bulk_create(rows)
    after = sorted(row.manifestation.code for row in rows)
    audit.record(acting_user, "study_meeting.manifestations_recorded", meeting,
                 before={"codes": before}, after={"codes": after})
    return rows
