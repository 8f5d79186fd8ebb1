"""JSON API of the reception: sessions, visitors and registers, dialogues and commitments,
petitions and every workflow step, reports and reminders, and the public portal's submission and
tracking. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages.

A denouncer's identity never appears in a list; a petition's detail gives it only to holders of
``reception.view_denouncer`` on its unit. Public tracking answers status, unit and next deadline.
"""

import datetime as dt
from typing import Annotated, Any, Literal, Protocol, cast

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.catalogues.models import PetitionKind
from neuguong.core.api import (
    LIST_MAX_LENGTH,
    QUERY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Count,
    Date,
    LocalTime,
    caller,
    max_length_of,
    paged,
    sized,
)
from neuguong.core.lifecycle import allowed_names
from neuguong.core.net import client_address
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.validators import CITIZEN_ID_MAX_LENGTH

from . import register, reports, selectors, services
from .models import (
    Attachment,
    Channel,
    Commitment,
    CommitmentStatus,
    Dialogue,
    LinkReason,
    LinkStatus,
    Petition,
    PetitionStatus,
    ReceptionSession,
    SessionKind,
    SessionSchedule,
    SessionStatus,
    Visit,
)
from .selectors import NOTE_KEYS, history_note
from .services.deadlines import max_extensions

router = Router(tags=["reception"])

# A catalogue code (petition kind, outcome, reason) and a list of them.
Code = Annotated[str, Field(max_length=max_length_of(PetitionKind, "code"))]
Codes = Annotated[list[Code], Field(max_length=LIST_MAX_LENGTH)]
Text = Annotated[str, Field(max_length=TEXT_MAX_LENGTH)]


# --- Schemas ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str
    message: str
    errors: dict[str, list[str]]


class PetitionOut(Schema):
    id: int
    tracking_code: str
    subject: str
    kind: str = Field(alias="kind_code")
    kind_name: str
    channel: Channel
    status: PetitionStatus
    unit_id: int
    unit_name: str
    received_unit_id: int
    competent_unit_id: int | None
    assigned_to_id: int | None
    received_on: dt.date
    due_on: dt.date | None = Field(description="The running deadline; empty once the petition is closed")
    extensions: int
    is_complex: bool
    is_remote: bool
    over_level: bool
    raised_again: bool
    identity_protected: bool = Field(description="A denunciation: the petitioner is never listed")
    petitioner_name: str | None = Field(description="Empty for a denunciation")
    closed_on: dt.date | None
    closed_late: bool | None

    @staticmethod
    def resolve_due_on(obj: Any) -> dt.date | None:
        return obj.due_on if obj.is_open else None

    @staticmethod
    def resolve_identity_protected(obj: Any) -> bool:
        return obj.protected_identity

    @staticmethod
    def resolve_petitioner_name(obj: Any) -> str | None:
        return None if obj.protected_identity else obj.petitioner_name


class PetitionerOut(Schema):
    name: str
    address: str
    phone: str
    email: str
    citizen_id_masked: str
    group_size: int
    representatives: str


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class PetitionDetailOut(PetitionOut):
    content: str
    sender_body: str
    sender_document: str
    previously_resolved_by: str
    deadline_rule: str | None
    extensions_allowed: int
    accepted_on: dt.date | None
    outcome: str | None
    filing_reason: str | None
    forwarded_to: str
    forward_document: str
    result: str
    decision_number: str
    session_id: int | None
    visit_id: int | None
    split_from_id: int | None
    petitioner: PetitionerOut | None = Field(description="Empty when the identity is protected from the caller")
    attachments: list[AttachmentOut]
    allowed_actions: list[str] = Field(description="The workflow steps the caller can take on the petition now")

    @staticmethod
    def resolve_deadline_rule(obj: Any) -> str | None:
        return obj.deadline_rule.code if obj.deadline_rule else None

    @staticmethod
    def resolve_extensions_allowed(obj: Any) -> int:
        return max_extensions(obj.deadline_rule) if obj.deadline_rule else 0

    @staticmethod
    def resolve_outcome(obj: Any) -> str | None:
        return obj.outcome.code if obj.outcome else None

    @staticmethod
    def resolve_filing_reason(obj: Any) -> str | None:
        return obj.filing_reason.code if obj.filing_reason else None

    @staticmethod
    def resolve_petitioner(obj: Any) -> dict[str, Any] | None:
        return obj.shown_identity.__dict__ if obj.shown_identity else None

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return obj.shown_attachments

    @staticmethod
    def resolve_allowed_actions(obj: Any) -> list[str]:
        return obj.shown_actions


class EventOut(Schema):
    """An entry of the petition's history: a step of its lifecycle or an event beside them."""

    at: dt.datetime
    actor: str = Field(alias="actor_label")
    action: str = Field(alias="transition")
    from_status: str = Field(alias="from_state")
    to_status: str = Field(alias="to_state")
    note: str
    details: dict[str, Any]

    @staticmethod
    def resolve_note(obj: Any) -> str:
        return history_note(obj.data)

    @staticmethod
    def resolve_details(obj: Any) -> dict[str, Any]:
        return {name: value for name, value in obj.data.items() if name not in NOTE_KEYS}


class LinkOut(Schema):
    id: int
    petition_id: int
    earlier_id: int
    earlier_tracking_code: str = Field(alias="earlier.tracking_code")
    reason: LinkReason
    score: float
    status: LinkStatus


class PetitionIn(Schema):
    unit_id: int | None = Field(None, description="Receiving unit; a session's visitor uses the session's unit")
    kinds: Codes = Field(description="Catalogue codes; one petition is recorded per kind")
    channel: Literal["post", "forwarded", "session"]
    received_on: Date | None = None
    competent_unit_id: int | None = None
    visit_id: int | None = None
    subject: str = sized(Petition, "subject")
    content: str = sized(Petition, "content")
    petitioner_name: str = sized(Petition, "petitioner_name")
    petitioner_address: str = sized(Petition, "petitioner_address")
    petitioner_phone: str = sized(Petition, "petitioner_phone", "")
    petitioner_email: str = sized(Petition, "petitioner_email", "")
    citizen_id: str = Field("", max_length=CITIZEN_ID_MAX_LENGTH)
    group_size: Count = 1
    representatives: str = sized(Petition, "representatives", "")
    sender_body: str = sized(Petition, "sender_body", "")
    sender_document: str = sized(Petition, "sender_document", "")
    previously_resolved_by: str = sized(Petition, "previously_resolved_by", "")
    is_remote: bool = False


class ReasonIn(Schema):
    reason: Text


class RouteIn(Schema):
    unit_id: int
    reason: Text


class UnitRefIn(Schema):
    unit_id: int | None = None


class AssignIn(Schema):
    officer_id: int


class DecideIn(Schema):
    outcome: Code = Field(description="Catalogue code: accept, return_and_guide, forward, file or urge")
    decided_on: Date | None = None
    note: Text = ""
    deadline_rule_id: int | None = None
    is_complex: bool | None = None
    filing_reason: Code = ""
    forwarded_to: str = sized(Petition, "forwarded_to", "")
    forward_document: str = sized(Petition, "forward_document", "")


class ConditionsIn(Schema):
    is_complex: bool
    is_remote: bool
    reason: Text


class ResolveIn(Schema):
    result: str = sized(Petition, "result")
    decision_number: str = sized(Petition, "decision_number", "")
    resolved_on: Date | None = None


class WithdrawIn(Schema):
    reason: Text
    withdrawn_on: Date | None = None


class SplitIn(Schema):
    kinds: Codes
    reason: Text = ""


class NoteIn(Schema):
    note: Text


class SessionOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    schedule_id: int | None
    kind: SessionKind
    title: str
    held_on: dt.date
    starts_at: dt.time | None
    location: str
    hosts: str
    is_three_in_one: bool
    secretary_present: bool
    council_chair_present: bool
    committee_chair_present: bool
    status: SessionStatus
    notes: str


class SessionIn(Schema):
    unit_id: int
    title: str = sized(ReceptionSession, "title")
    held_on: Date
    kind: SessionKind = SessionKind.REGULAR
    is_three_in_one: bool = False
    starts_at: LocalTime | None = None
    location: str = sized(ReceptionSession, "location", "")
    hosts: str = sized(ReceptionSession, "hosts", "")


class SessionRecordIn(Schema):
    hosts: str = sized(ReceptionSession, "hosts", "")
    secretary_present: bool = False
    council_chair_present: bool = False
    committee_chair_present: bool = False
    notes: str = sized(ReceptionSession, "notes", "")


class VisitorIn(Schema):
    full_name: str = sized(Visit, "full_name")
    address: str = sized(Visit, "address")
    citizen_id: str = Field("", max_length=CITIZEN_ID_MAX_LENGTH)
    phone: str = sized(Visit, "phone", "")
    group_size: Count = 1
    representatives: str = sized(Visit, "representatives", "")


class MatterIn(Schema):
    kinds: Codes
    subject: str = sized(Petition, "subject")
    content: str = sized(Petition, "content")
    previously_resolved_by: str = sized(Petition, "previously_resolved_by", "")
    competent_unit_id: int | None = None
    note: str = sized(Visit, "note", "")


class VisitIn(Schema):
    visitor: VisitorIn
    matter: MatterIn


class RefusalIn(Schema):
    visitor: VisitorIn
    reason: Code = Field(description="Catalogue code of the reason for refusing reception")
    note: str = sized(Visit, "note", "")


class VisitOut(Schema):
    id: int
    session_id: int
    number: int
    full_name: str | None = Field(description="Empty for a visitor who raised a denunciation, unless allowed")
    group_size: int
    refused: bool
    refusal_reason: str | None = Field(alias="refusal_reason.code", default=None)
    petition_ids: list[int]


class RegisterOut(Schema):
    session_id: int
    headings: list[str]
    codes: list[str]
    rows: list[list[Any]]


class ScheduleOut(Schema):
    id: int
    unit_id: int
    title: str
    day_of_month: int
    starts_at: dt.time | None
    location: str
    is_three_in_one: bool
    active: bool


class ScheduleIn(Schema):
    unit_id: int
    title: str = sized(SessionSchedule, "title")
    day_of_month: Count
    is_three_in_one: bool = False
    starts_at: LocalTime | None = None
    location: str = sized(SessionSchedule, "location", "")


class GenerateIn(Schema):
    months: Count = 3


class ActiveIn(Schema):
    active: bool


class CommitmentUpdateOut(Schema):
    status: CommitmentStatus
    note: str
    at: dt.datetime


class CommitmentOut(Schema):
    id: int
    dialogue_id: int
    text: str
    owner_name: str
    owner_unit_id: int | None
    due_on: dt.date
    status: CommitmentStatus
    done_on: dt.date | None


class CommitmentDetailOut(CommitmentOut):
    updates: list[CommitmentUpdateOut]


class DialogueOut(Schema):
    id: int
    unit_id: int
    topic: str
    held_on: dt.date
    location: str
    leaders: str
    participants: str
    participant_count: int
    issues: str


class DialogueDetailOut(DialogueOut):
    commitments: list[CommitmentDetailOut]


class DialogueIn(Schema):
    unit_id: int
    topic: str = sized(Dialogue, "topic")
    held_on: Date
    leaders: str = sized(Dialogue, "leaders")
    issues: str = sized(Dialogue, "issues")
    location: str = sized(Dialogue, "location", "")
    participants: str = sized(Dialogue, "participants", "")
    participant_count: Count = 0


class CommitmentIn(Schema):
    text: str = sized(Commitment, "text")
    owner_name: str = sized(Commitment, "owner_name")
    due_on: Date
    owner_unit_id: int | None = None


class CommitmentStepIn(Schema):
    status: CommitmentStatus
    note: Text = ""
    done_on: Date | None = None


class CountOut(Schema):
    label: str
    count: int


class UnitCountOut(Schema):
    unit_id: int
    unit_name: str
    count: int


class ReportOut(Schema):
    unit_id: int
    date_from: dt.date | None
    date_to: dt.date | None
    total: int
    open: int
    overdue: int
    closed: int
    on_time: int
    on_time_rate: float | None
    over_level: int
    long_standing: int
    by_kind: list[CountOut]
    by_status: list[CountOut]
    by_channel: list[CountOut]
    by_unit: list[UnitCountOut]


class ReminderOut(Schema):
    id: int
    topic: str
    object_id: int
    label: str
    for_date: dt.date


class PublicPetitionIn(Schema):
    unit_id: int
    kinds: Codes
    subject: str = sized(Petition, "subject")
    content: str = sized(Petition, "content")
    petitioner_name: str = sized(Petition, "petitioner_name")
    petitioner_address: str = sized(Petition, "petitioner_address")
    petitioner_phone: str = sized(Petition, "petitioner_phone")
    petitioner_email: str = sized(Petition, "petitioner_email", "")
    citizen_id: str = Field("", max_length=CITIZEN_ID_MAX_LENGTH)


class TrackingCodesOut(Schema):
    tracking_codes: list[str]


class TrackIn(Schema):
    code: str = Field(max_length=2 * max_length_of(Petition, "tracking_code"))  # may be typed with dashes
    phone_digits: str = sized(Petition, "petitioner_phone")


class PublicStatusOut(Schema):
    tracking_code: str
    status: str
    unit: str
    next_deadline: dt.date | None


# --- Helpers ---------------------------------------------------------------------------------


def _unit_or_none(request: HttpRequest, unit_id: int | None):
    return org_selectors.unit_get(caller(request), unit_id) if unit_id is not None else None


class _Shown(Protocol):
    """The attributes ``_detail`` sets on a petition for ``PetitionDetailOut`` to read."""

    shown_identity: selectors.Identity | None
    shown_attachments: list[Attachment]
    shown_actions: list[str]


def _detail(request: HttpRequest, petition_id: int) -> Any:
    """The petition with what the caller may see of its petitioner and attachments, and the steps
    the caller can take on it."""
    user = caller(request)
    petition = selectors.petition_get(user, petition_id)
    shown = cast(_Shown, petition)  # the same object: plain attributes, not model fields
    shown.shown_identity = selectors.petition_identity(user, petition)
    shown.shown_attachments = selectors.petition_attachments(user, petition)
    shown.shown_actions = allowed_names(petition, user)
    return petition


def _as_listed(request: HttpRequest, petitions: list[Any]) -> Any:
    """Petitions just written, read back the way lists give them."""
    found = selectors.petitions_for(caller(request)).filter(pk__in=[p.pk for p in petitions])
    return found.order_by("pk")


def _visit_out(user: Any, visit: Any) -> dict[str, Any]:
    shown = selectors.visit_identity_visible(user, visit)
    return {"id": visit.pk, "session_id": visit.session_id, "number": visit.number,
            "full_name": visit.full_name if shown else None, "group_size": visit.group_size,
            "refused": visit.refused, "refusal_reason": visit.refusal_reason.code if visit.refusal_reason else None,
            "petition_ids": [p.pk for p in visit.petitions.all()]}


# --- Petitions -------------------------------------------------------------------------------


@router.get("/petitions", response=list[PetitionOut], summary="List petitions")
@paged
def list_petitions(
    request: HttpRequest,
    q: str = Query("", description="A tracking code, a citizen ID, or words of the subject or the name",
                   max_length=QUERY_MAX_LENGTH),
    unit_id: int | None = None,
    status: PetitionStatus | None = None,
    kind: str = Query("", max_length=QUERY_MAX_LENGTH),
    channel: Channel | None = None,
    flag: Literal["open", "overdue", "due_soon", "long_standing", "over_level"] | None = None,
):
    return selectors.petitions_for(caller(request), unit=_unit_or_none(request, unit_id), status=status or "",
                                   kind=kind, channel=channel or "", q=q, flag=flag or "")


@router.get("/petitions/overdue", response=list[PetitionOut], summary="Open petitions past their deadline")
@paged
def list_overdue(request: HttpRequest, unit_id: int | None = None):
    return selectors.petitions_overdue(caller(request), unit=_unit_or_none(request, unit_id))


@router.get("/petitions/due-soon", response=list[PetitionOut], summary="Open petitions due in the next working days")
@paged
def list_due_soon(request: HttpRequest, unit_id: int | None = None):
    return selectors.petitions_due_soon(caller(request), unit=_unit_or_none(request, unit_id))


@router.post("/petitions", response={201: list[PetitionOut]},
             summary="Record a petition received by post, forwarded, or raised at a session (one per kind)")
def create_petition(request: HttpRequest, body: PetitionIn):
    data = body.dict(exclude={"unit_id", "kinds", "channel", "received_on", "competent_unit_id", "visit_id"})
    created = services.petition_receive(
        unit_id=body.unit_id, kinds=body.kinds, channel=body.channel, data=data, received_on=body.received_on,
        competent_unit_id=body.competent_unit_id, visit_id=body.visit_id, acting_user=caller(request))
    return 201, _as_listed(request, created)


@router.get("/petitions/{petition_id}", response=PetitionDetailOut, summary="Get a petition")
def get_petition(request: HttpRequest, petition_id: int):
    return _detail(request, petition_id)


@router.get("/petitions/{petition_id}/history", response=list[EventOut], summary="A petition's status history")
def petition_history(request: HttpRequest, petition_id: int):
    user = caller(request)
    return selectors.petition_history(selectors.petition_get(user, petition_id))


@router.get("/petitions/{petition_id}/duplicates", response=list[LinkOut], summary="Possible duplicates")
def petition_duplicates(request: HttpRequest, petition_id: int):
    user = caller(request)
    return selectors.petition_links(user, selectors.petition_get(user, petition_id))


@router.post("/petitions/{petition_id}/route", response=PetitionDetailOut, summary="Route to the competent unit")
def route_petition(request: HttpRequest, petition_id: int, body: RouteIn):
    services.petition_route(petition_id=petition_id, unit_id=body.unit_id, reason=body.reason,
                            acting_user=caller(request))
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/competent-unit", response=PetitionDetailOut,
             summary="Name the competent unit (over-level follows from it)")
def set_competent_unit(request: HttpRequest, petition_id: int, body: UnitRefIn):
    services.petition_set_competent_unit(petition_id=petition_id, unit_id=body.unit_id, acting_user=caller(request))
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/assign", response=PetitionDetailOut, summary="Assign to an officer")
def assign_petition(request: HttpRequest, petition_id: int, body: AssignIn):
    services.petition_assign(petition_id=petition_id, officer_id=body.officer_id, acting_user=caller(request))
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/decide", response=PetitionDetailOut,
             summary="Record the handling decision (accept, return and guide, forward, file, urge)")
def decide_petition(request: HttpRequest, petition_id: int, body: DecideIn):
    services.petition_decide(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/extend", response=PetitionDetailOut, summary="Extend the running deadline")
def extend_petition(request: HttpRequest, petition_id: int, body: ReasonIn):
    services.petition_extend(petition_id=petition_id, reason=body.reason, acting_user=caller(request))
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/conditions", response=PetitionDetailOut,
             summary="Mark the case complex or in a remote area (the deadline follows)")
def petition_conditions(request: HttpRequest, petition_id: int, body: ConditionsIn):
    services.petition_set_conditions(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/resolve", response=PetitionDetailOut, summary="Record the result")
def resolve_petition(request: HttpRequest, petition_id: int, body: ResolveIn):
    services.petition_resolve(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/withdraw", response=PetitionDetailOut, summary="Record a withdrawal")
def withdraw_petition(request: HttpRequest, petition_id: int, body: WithdrawIn):
    services.petition_withdraw(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/split", response={201: list[PetitionOut]},
             summary="Record one petition for each other kind the petition raises")
def split_petition(request: HttpRequest, petition_id: int, body: SplitIn):
    created = services.petition_split(petition_id=petition_id, kinds=body.kinds, reason=body.reason,
                                      acting_user=caller(request))
    return 201, _as_listed(request, created)


@router.post("/petitions/{petition_id}/notes", response=PetitionDetailOut, summary="Add an internal note")
def note_petition(request: HttpRequest, petition_id: int, body: NoteIn):
    services.petition_note(petition_id=petition_id, note=body.note, acting_user=caller(request))
    return _detail(request, petition_id)


@router.post("/petitions/{petition_id}/attachments", response={201: list[AttachmentOut]},
             summary="Attach scanned documents (PDF, JPEG, PNG, TIFF; checked by content)")
def attach_to_petition(request: HttpRequest, petition_id: int,
                       files: list[UploadedFile] = File(..., max_length=LIST_MAX_LENGTH)):  # noqa: B008
    return 201, services.attachment_add(petition_id=petition_id, attachments=files, acting_user=caller(request))


@router.get("/petition-attachments/{attachment_id}", response={200: None},
            summary="Download an attachment (always as a file download)")
def download_attachment(request: HttpRequest, attachment_id: int):
    attachment = selectors.attachment_get(caller(request), attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/petition-duplicates/{link_id}/confirm", response=LinkOut, summary="Confirm a duplicate")
def confirm_duplicate(request: HttpRequest, link_id: int):
    return services.link_confirm(link_id=link_id, acting_user=caller(request))


@router.post("/petition-duplicates/{link_id}/dismiss", response=LinkOut, summary="Mark as not a duplicate")
def dismiss_duplicate(request: HttpRequest, link_id: int):
    return services.link_dismiss(link_id=link_id, acting_user=caller(request))


# --- Reports and reminders -------------------------------------------------------------------


@router.get("/petition-reports/summary", response=ReportOut,
            summary="Counts by kind, status, channel and unit subtree; on-time rate")
def report_summary(request: HttpRequest, unit_id: int, date_from: Date | None = None,
                   date_to: Date | None = None):
    unit = org_selectors.unit_get(caller(request), unit_id)
    found = reports.petition_report(caller(request), unit, date_from=date_from, date_to=date_to,
                                    today=timezone.localdate())
    return {
        **{name: getattr(found, name) for name in ("total", "open", "overdue", "closed", "on_time", "on_time_rate",
                                                   "over_level", "long_standing", "date_from", "date_to")},
        "unit_id": unit.pk,
        "by_kind": [{"label": label, "count": n} for label, n in found.by_kind],
        "by_status": [{"label": str(label), "count": n} for label, n in found.by_status],
        "by_channel": [{"label": str(label), "count": n} for label, n in found.by_channel],
        "by_unit": [{"unit_id": u.pk, "unit_name": u.name, "count": n} for u, n in found.by_unit],
    }


@router.get("/petition-reports/{which}", response=list[PetitionOut],
            summary="Backlog, long-standing or over-level petitions of a unit's subtree")
@paged
def report_petitions(request: HttpRequest, which: Literal["backlog", "long_standing", "over_level"], unit_id: int):
    unit = org_selectors.unit_get(caller(request), unit_id)
    return reports.report_list(caller(request), unit, which, today=timezone.localdate())


@router.get("/reception-reminders", response=list[ReminderOut], summary="My unread reminders")
def list_reminders(request: HttpRequest):
    return selectors.reminders_for(caller(request))


@router.post("/reception-reminders/{reminder_id}/read", response=ReminderOut, summary="Mark a reminder read")
def read_reminder(request: HttpRequest, reminder_id: int):
    return services.reminder_mark_read(reminder_id=reminder_id, acting_user=caller(request))


# --- Sessions, visitors and registers --------------------------------------------------------


@router.get("/reception-sessions", response=list[SessionOut], summary="List reception sessions")
@paged
def list_sessions(request: HttpRequest, unit_id: int | None = None, status: SessionStatus | None = None,
                  upcoming: bool | None = None):
    sessions = selectors.sessions_for(caller(request), unit=_unit_or_none(request, unit_id), status=status or "",
                                      upcoming=upcoming)
    return sessions


@router.post("/reception-sessions", response={201: SessionOut}, summary="Schedule a reception session")
def create_session(request: HttpRequest, body: SessionIn):
    return 201, services.session_create(acting_user=caller(request), **body.dict())


@router.get("/reception-sessions/{session_id}", response=SessionOut, summary="Get a reception session")
def get_session(request: HttpRequest, session_id: int):
    return selectors.session_get(caller(request), session_id)


@router.post("/reception-sessions/{session_id}/record", response=SessionOut,
             summary="Record the session as held, with the 3-in-1 attendance")
def record_session(request: HttpRequest, session_id: int, body: SessionRecordIn):
    return services.session_record(session_id=session_id, acting_user=caller(request), **body.dict())


@router.post("/reception-sessions/{session_id}/cancel", response=SessionOut, summary="Cancel a scheduled session")
def cancel_session(request: HttpRequest, session_id: int, body: ReasonIn):
    return services.session_cancel(session_id=session_id, reason=body.reason, acting_user=caller(request))


@router.get("/reception-sessions/{session_id}/visits", response=list[VisitOut], summary="Visitors of a session")
def list_visits(request: HttpRequest, session_id: int):
    user = caller(request)
    session = selectors.session_get(user, session_id)
    return [_visit_out(user, visit) for visit in selectors.session_visits(user, session)]


@router.post("/reception-sessions/{session_id}/visits", response={201: list[PetitionOut]},
             summary="Receive a visitor and the matter raised (one petition per kind)")
def create_visit(request: HttpRequest, session_id: int, body: VisitIn):
    _visit, created = services.visit_record(session_id=session_id, visitor=body.visitor.dict(),
                                            kinds=body.matter.kinds, matter=body.matter.dict(exclude={"kinds"}),
                                            acting_user=caller(request))
    return 201, _as_listed(request, created)


@router.post("/reception-sessions/{session_id}/refusals", response={201: VisitOut}, summary="Refuse reception")
def refuse_visit(request: HttpRequest, session_id: int, body: RefusalIn):
    visit = services.visit_refuse(session_id=session_id, visitor=body.visitor.dict(), reason=body.reason,
                                  note=body.note, acting_user=caller(request))
    return 201, _visit_out(caller(request), visit)


@router.post("/reception-visits/{visit_id}/matters", response={201: list[PetitionOut]},
             summary="Another matter raised by a recorded visitor")
def add_matter(request: HttpRequest, visit_id: int, body: MatterIn):
    created = services.visit_matter_add(visit_id=visit_id, kinds=body.kinds, matter=body.dict(exclude={"kinds"}),
                                        acting_user=caller(request))
    return 201, _as_listed(request, created)


@router.get("/reception-sessions/{session_id}/register", response=RegisterOut,
            summary="The session's register (Mẫu 03): headings and rows")
def session_register(request: HttpRequest, session_id: int):
    session = selectors.session_get(caller(request), session_id)
    book = register.session_register(caller(request), session)
    return {"session_id": session.pk, "headings": book.headings, "codes": book.codes, "rows": book.rows}


@router.get("/reception-schedules", response=list[ScheduleOut], summary="Standing reception schedules")
def list_schedules(request: HttpRequest, unit_id: int | None = None):
    return selectors.schedules_for(caller(request), unit=_unit_or_none(request, unit_id))


@router.post("/reception-schedules", response={201: ScheduleOut}, summary="Create a schedule (a day each month)")
def create_schedule(request: HttpRequest, body: ScheduleIn):
    return 201, services.schedule_create(acting_user=caller(request), **body.dict())


@router.post("/reception-schedules/{schedule_id}/generate", response={201: list[SessionOut]},
             summary="Schedule the coming months' sessions")
def generate_sessions(request: HttpRequest, schedule_id: int, body: GenerateIn):
    return 201, services.schedule_generate(schedule_id=schedule_id, months=body.months, acting_user=caller(request))


@router.post("/reception-schedules/{schedule_id}/active", response=ScheduleOut, summary="Pause or resume")
def set_schedule_active(request: HttpRequest, schedule_id: int, body: ActiveIn):
    return services.schedule_set_active(schedule_id=schedule_id, active=body.active, acting_user=caller(request))


# --- Dialogues -------------------------------------------------------------------------------


@router.get("/dialogues", response=list[DialogueOut], summary="Dialogues between leaders and the people")
@paged
def list_dialogues(request: HttpRequest, unit_id: int | None = None):
    return selectors.dialogues_for(caller(request), unit=_unit_or_none(request, unit_id))


@router.post("/dialogues", response={201: DialogueOut}, summary="Record a dialogue")
def create_dialogue(request: HttpRequest, body: DialogueIn):
    return 201, services.dialogue_create(acting_user=caller(request), **body.dict())


@router.get("/dialogues/{dialogue_id}", response=DialogueDetailOut, summary="A dialogue and its commitments")
def get_dialogue(request: HttpRequest, dialogue_id: int):
    return selectors.dialogue_get(caller(request), dialogue_id)


@router.post("/dialogues/{dialogue_id}/commitments", response={201: CommitmentOut}, summary="Add a commitment")
def create_commitment(request: HttpRequest, dialogue_id: int, body: CommitmentIn):
    return 201, services.commitment_add(dialogue_id=dialogue_id, acting_user=caller(request), **body.dict())


@router.post("/dialogue-commitments/{commitment_id}/updates", response=CommitmentOut,
             summary="Follow up a commitment: progress, done or cancelled")
def update_commitment(request: HttpRequest, commitment_id: int, body: CommitmentStepIn):
    return services.commitment_update(commitment_id=commitment_id, acting_user=caller(request), **body.dict())


# --- Public portal ---------------------------------------------------------------------------


@router.post("/public/petitions", auth=None, response={201: TrackingCodesOut, 429: ErrorOut},
             summary="Send a petition from the public portal (no account; rate-limited per address)")
def public_submit(request: HttpRequest, body: PublicPetitionIn):
    created = services.petition_submit_online(
        unit_id=body.unit_id, kinds=body.kinds, data=body.dict(exclude={"unit_id", "kinds"}),
        client=client_address(request))
    return 201, {"tracking_codes": [p.tracking_code for p in created]}


@router.post("/public/petitions/track", auth=None, response={200: PublicStatusOut, 429: ErrorOut},
             summary="Follow a petition with its tracking code and the last 4 digits of the phone number")
def public_track(request: HttpRequest, body: TrackIn):
    petition = services.petition_track(code=body.code, phone_digits=body.phone_digits,
                                       client=client_address(request))
    return selectors.public_status(petition).__dict__
