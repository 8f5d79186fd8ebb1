"""Study (học tập và làm theo): tables, constraints and indexes only; every rule lives in
``services``. One module per sub-domain; everything is importable from here."""

from .events import EventDocument, EventKind, EventStatus, StudyEvent
from .library import DocumentKind, DocumentLink, DocumentRead, DocumentVersion, LibraryDocument
from .meetings import (
    MEETING_HELD,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingManifestation,
    MeetingStatus,
)
from .plans import ITEM_OPEN, ItemStatus, Plan, PlanItem, PlanStatus, ProgressReport, Theme, ThemeDocument, ThemeLevel
from .registrations import (
    LEVEL_RANK,
    FollowLevel,
    FollowUpKind,
    Pledge,
    PledgeFollowUp,
    PledgeItem,
    PledgeStatus,
    QuarterReport,
    Registration,
    RegistrationItem,
    RegistrationStatus,
)

__all__ = [
    "DocumentKind",
    "DocumentLink",
    "DocumentRead",
    "DocumentVersion",
    "EventDocument",
    "EventKind",
    "EventStatus",
    "LibraryDocument",
    "StudyEvent",
    "MEETING_HELD",
    "Attendance",
    "AttendanceStatus",
    "Meeting",
    "MeetingDocument",
    "MeetingKind",
    "MeetingManifestation",
    "MeetingStatus",
    "ITEM_OPEN",
    "ItemStatus",
    "Plan",
    "PlanItem",
    "PlanStatus",
    "ProgressReport",
    "Theme",
    "ThemeDocument",
    "ThemeLevel",
    "LEVEL_RANK",
    "FollowLevel",
    "FollowUpKind",
    "Pledge",
    "PledgeFollowUp",
    "PledgeItem",
    "PledgeStatus",
    "QuarterReport",
    "Registration",
    "RegistrationItem",
    "RegistrationStatus",
]
