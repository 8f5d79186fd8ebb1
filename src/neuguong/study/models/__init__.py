"""Study (học tập và làm theo): tables, constraints and indexes only; every rule lives in
``services``. One module per sub-domain; everything is importable from here."""

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

__all__ = [
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
]
