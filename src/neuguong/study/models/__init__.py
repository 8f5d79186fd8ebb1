"""Study (học tập và làm theo): tables, constraints and indexes only; every rule lives in
``services``. One module per sub-domain; everything is importable from here."""

from .events import EventDocument, EventKind, EventStatus, StudyEvent
from .library import DocumentKind, DocumentLink, DocumentRead, DocumentVersion, LibraryDocument
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
