"""Every write of the study module: themes and their documents, plans, items and progress reports."""

from .meetings import (
    MEETING,
    MEETING_PERMISSION,
    meeting_approve,
    meeting_attendance_record,
    meeting_cancel,
    meeting_document_add,
    meeting_hold,
    meeting_manifestations_record,
    meeting_minutes_record,
    meeting_schedule,
    meeting_update,
    read_only_refusal,
)
from .plans import (
    ITEM,
    PLAN,
    item_add,
    item_cancel,
    item_complete,
    item_start,
    item_update,
    plan_approve,
    plan_close,
    plan_create,
    plan_update,
    report_add,
)
from .themes import theme_create, theme_document_add

__all__ = [
    "MEETING", "MEETING_PERMISSION", "meeting_approve", "meeting_attendance_record", "meeting_cancel",
    "meeting_document_add", "meeting_hold", "meeting_manifestations_record", "meeting_minutes_record",
    "meeting_schedule", "meeting_update", "read_only_refusal",
    "ITEM", "PLAN", "item_add", "item_cancel", "item_complete", "item_start", "item_update", "plan_approve",
    "plan_close", "plan_create", "plan_update", "report_add", "theme_create", "theme_document_add",
]
