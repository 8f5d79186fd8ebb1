"""JSON API of the party cells' meetings: the list, scheduling, one meeting with its documents,
attendance and minutes, the steps, the attendance figures and the cells without a meeting.

The manifestations discussed are answered as ``selectors.manifestations_visible`` allows: all of
them to the cell's committee, its secretary and ``study.view_sensitive``, otherwise only those
about the caller (``manifestations_complete`` says which)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.core.api import TEXT_MAX_LENGTH, DateTime, caller, paged, sized
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from ..views.themes import file_download

router = Router()
REQUIRED_FILE = File(...)
MAX_ROWS = 500


class MeetingListOut(Schema):
    id: int
    cell_id: int
    cell_name: str = Field(alias="cell.name")
    kind: MeetingKind
    title: str
    starts_at: dt.datetime
    place: str
    status: MeetingStatus
    present_count: int
    excused_count: int
    absent_count: int


class MeetingOut(Schema):
    id: int
    cell_id: int
    cell_name: str = Field(alias="cell.name")
    kind: MeetingKind
    title: str
    starts_at: dt.datetime
    place: str
    agenda: str
    status: MeetingStatus
    study_content: str
    resolutions: str
    approved_on: dt.date | None
    allowed_actions: list[str] = Field(description="The steps the caller can take on the meeting now")

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int


class AttendanceOut(Schema):
    person_id: int
    full_name: str = Field(alias="person.full_name")
    status: AttendanceStatus
    reason: str


class ManifestationOut(Schema):
    code: str = Field(alias="manifestation.code")
    label: str
    person_id: int | None
    conclusion: str

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.manifestation.tr("label"))


class MeetingDetailOut(MeetingOut):
    documents: list[DocumentOut]
    attendance: list[AttendanceOut]
    manifestations: list[ManifestationOut] = Field(
        description="The manifestations discussed the caller may read (sensitive data)")
    manifestations_complete: bool = Field(
        description="True when ``manifestations`` holds every record; False when only the caller's own")


class MeetingIn(Schema):
    cell_id: int
    kind: MeetingKind
    starts_at: DateTime
    place: str = sized(Meeting, "place")
    agenda: str = sized(Meeting, "agenda", "")
    title: str = sized(Meeting, "title", "")


class MeetingEditIn(Schema):
    kind: MeetingKind
    starts_at: DateTime
    place: str = sized(Meeting, "place")
    agenda: str = sized(Meeting, "agenda", "")
    title: str = sized(Meeting, "title", "")


class AttendanceIn(Schema):
    person_id: int
    status: AttendanceStatus
    reason: str = Field("", max_length=300)


class AttendanceListIn(Schema):
    attendance: list[AttendanceIn] = Field(max_length=MAX_ROWS)


class MinutesIn(Schema):
    study_content: str = Field(max_length=TEXT_MAX_LENGTH)
    resolutions: str = Field("", max_length=TEXT_MAX_LENGTH)


class ManifestationIn(Schema):
    manifestation: str = Field(max_length=60, description="The manifestation's code, for example G1.6")
    person_id: int | None = None
    conclusion: str = Field(max_length=TEXT_MAX_LENGTH)


class ManifestationsIn(Schema):
    entries: list[ManifestationIn] = Field(max_length=MAX_ROWS)


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class AttendanceRowOut(Schema):
    label: str
    unit_id: int | None
    person_id: int | None
    meetings: int
    present: int
    excused: int
    absent: int
    percent: float


class AttendanceStatsOut(Schema):
    year: int
    unit_id: int | None
    by_member: bool
    rows: list[AttendanceRowOut]
    total: AttendanceRowOut


class CellOut(Schema):
    id: int
    name: str
    parent_name: str = Field("", alias="parent.name")


def _row(row: Any) -> dict[str, Any]:
    return {"label": row.label, "unit_id": row.unit.pk if row.unit else None,
            "person_id": row.person.pk if row.person else None, "meetings": row.meetings, "present": row.present,
            "excused": row.excused, "absent": row.absent, "percent": row.percent}


def _detail(request: HttpRequest, meeting_id: int) -> Any:
    user = caller(request)
    meeting = selectors.meeting_get(user, meeting_id)
    meeting.documents_listed = list(selectors.meeting_documents(meeting))  # type: ignore[attr-defined]
    meeting.attendance_listed = list(selectors.meeting_attendance(meeting))  # type: ignore[attr-defined]
    meeting.manifestations_listed = list(selectors.manifestations_visible(user, meeting))  # type: ignore
    meeting.manifestations_complete = selectors.sees_sensitive(user, meeting.cell.path)  # type: ignore
    return meeting


class _Detail(MeetingDetailOut):
    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return obj.documents_listed

    @staticmethod
    def resolve_attendance(obj: Any) -> list[Any]:
        return obj.attendance_listed

    @staticmethod
    def resolve_manifestations(obj: Any) -> list[Any]:
        return obj.manifestations_listed


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(f"{value}-01")


MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


@router.get("/study-meetings", response=list[MeetingListOut], summary="Meetings of the caller's party cells")
@paged
def list_meetings(request: HttpRequest, unit_id: int | None = None, kind: MeetingKind | None = None,
                  status: MeetingStatus | None = None,
                  month: str | None = Query(None, pattern=MONTH, max_length=7, description="yyyy-mm")):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.meetings_visible_to(user, unit=unit, kind=kind or "", status=status or "", month=_month(month))


@router.post("/study-meetings", response={201: _Detail}, summary="Schedule a meeting of a party cell")
def create_meeting(request: HttpRequest, body: MeetingIn):
    meeting = services.meeting_schedule(acting_user=caller(request), **body.dict())
    return 201, _detail(request, meeting.pk)


@router.get("/study-meetings/{meeting_id}", response=_Detail,
            summary="A meeting, its documents, attendance and minutes (manifestations as the caller may read)")
def get_meeting(request: HttpRequest, meeting_id: int):
    return _detail(request, meeting_id)


@router.put("/study-meetings/{meeting_id}", response=_Detail, summary="Change a meeting not yet held")
def update_meeting(request: HttpRequest, meeting_id: int, body: MeetingEditIn):
    services.meeting_update(meeting_id=meeting_id, acting_user=caller(request), **body.dict())
    return _detail(request, meeting_id)


@router.post("/study-meetings/{meeting_id}/hold", response=_Detail,
             summary="Record that the meeting was held, with each invited member's attendance")
def hold_meeting(request: HttpRequest, meeting_id: int, body: AttendanceListIn):
    services.meeting_hold(meeting_id=meeting_id, attendance=[row.dict() for row in body.attendance],
                          acting_user=caller(request))
    return _detail(request, meeting_id)


@router.put("/study-meetings/{meeting_id}/attendance", response=_Detail,
            summary="Correct the attendance of a held meeting")
def record_attendance(request: HttpRequest, meeting_id: int, body: AttendanceListIn):
    services.meeting_attendance_record(meeting_id=meeting_id, attendance=[row.dict() for row in body.attendance],
                                       acting_user=caller(request))
    return _detail(request, meeting_id)


@router.put("/study-meetings/{meeting_id}/minutes", response=_Detail,
            summary="The study content and resolutions of a held meeting")
def record_minutes(request: HttpRequest, meeting_id: int, body: MinutesIn):
    services.meeting_minutes_record(meeting_id=meeting_id, acting_user=caller(request), **body.dict())
    return _detail(request, meeting_id)


@router.put("/study-meetings/{meeting_id}/manifestations", response=_Detail,
            summary="The manifestations a held meeting discussed, with the conclusions (replaces them)")
def record_manifestations(request: HttpRequest, meeting_id: int, body: ManifestationsIn):
    services.meeting_manifestations_record(meeting_id=meeting_id, entries=[row.dict() for row in body.entries],
                                           acting_user=caller(request))
    return _detail(request, meeting_id)


@router.post("/study-meetings/{meeting_id}/approve", response=_Detail,
             summary="Approve the minutes (the secretary): the meeting becomes read-only")
def approve_meeting(request: HttpRequest, meeting_id: int):
    services.meeting_approve(meeting_id=meeting_id, acting_user=caller(request))
    return _detail(request, meeting_id)


@router.post("/study-meetings/{meeting_id}/cancel", response=_Detail, summary="Cancel a scheduled meeting")
def cancel_meeting(request: HttpRequest, meeting_id: int, body: ReasonIn):
    services.meeting_cancel(meeting_id=meeting_id, reason=body.reason, acting_user=caller(request))
    return _detail(request, meeting_id)


@router.post("/study-meetings/{meeting_id}/documents", response={201: DocumentOut},
             summary="Add a document to a meeting not yet approved (PDF or DOCX, checked by content; multipart)")
def add_meeting_document(request: HttpRequest, meeting_id: int, file: UploadedFile = REQUIRED_FILE,
                         title: str = Form(..., max_length=300)):
    return 201, services.meeting_document_add(meeting_id=meeting_id, title=title, upload=file,
                                              acting_user=caller(request))


@router.get("/study-meeting-documents/{meeting_document_id}", response={200: None},
            summary="Download a meeting document (always as a file download)")
def download_meeting_document(request: HttpRequest, meeting_document_id: int):
    document = selectors.meeting_document_get(caller(request), meeting_document_id)
    return file_download(document, document.original_name, document.content_type)


@router.get("/study-meeting-attendance", response=AttendanceStatsOut,
            summary="Attendance at the year's held meetings: by cell below a unit, by member for a cell")
def get_attendance(request: HttpRequest, year: int = Query(..., ge=2000, le=2100), unit_id: int | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    by_member = unit is not None and unit.kind == "cell"
    if by_member:
        rows, total = selectors.attendance_by_member(user, year=year, cell=unit)  # type: ignore[arg-type]
    else:
        rows, total = selectors.attendance_by_cell(user, year=year, unit=unit)
    return {"year": year, "unit_id": unit.pk if unit else None, "by_member": by_member,
            "rows": [_row(row) for row in rows], "total": _row(total)}


@router.get("/study-meetings-missing", response=list[CellOut],
            summary="Party cells below a unit that held no meeting in a month")
@paged
def list_missing(request: HttpRequest, month: str = Query(..., pattern=MONTH, max_length=7, description="yyyy-mm"),
                 unit_id: int | None = None, kind: MeetingKind | None = None,
                 period: Literal["month", "quarter"] = Query("month", description="month, or the quarter holding it")):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.cells_without_meeting(user, month=_month(month), unit=unit,  # type: ignore[arg-type]
                                           kind=kind or "", period=period)
