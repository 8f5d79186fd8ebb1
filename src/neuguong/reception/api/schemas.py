"""The request and response schemas of the reception API."""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from neuguong.catalogues.models import PetitionKind
from neuguong.core.api import (
    LIST_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Count,
    Date,
    LocalTime,
    caller,
    max_length_of,
    sized,
)
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs.validators import CITIZEN_ID_MAX_LENGTH

from ..models import (
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
from ..selectors import NOTE_KEYS, history_note
from ..services.deadlines import max_extensions

# A catalogue code (petition kind, outcome, reason) and a list of them.
Code = Annotated[str, Field(max_length=max_length_of(PetitionKind, "code"))]
Codes = Annotated[list[Code], Field(max_length=LIST_MAX_LENGTH)]
Text = Annotated[str, Field(max_length=TEXT_MAX_LENGTH)]


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


class FollowUpOut(Schema):
    at: dt.datetime
    step: str
    from_status: CommitmentStatus
    status: CommitmentStatus
    note: str
    actor: str


class CommitmentOut(Schema):
    id: int
    dialogue_id: int
    text: str
    owner_name: str
    owner_unit_id: int | None
    due_on: dt.date
    status: CommitmentStatus
    done_on: dt.date | None
    allowed_actions: list[str] = Field(description="The follow-up steps the caller can take now")

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class CommitmentDetailOut(CommitmentOut):
    history: list[FollowUpOut]


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


class ProgressIn(Schema):
    note: Text


class CompleteIn(Schema):
    done_on: Date | None = None
    note: Text = ""


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
