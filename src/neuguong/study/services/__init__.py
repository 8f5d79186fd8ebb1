"""Every write of the study module: themes and their documents, plans, items and progress reports."""

from .events import (
    EVENT,
    event_cancel,
    event_create,
    event_document_add,
    event_hold,
    event_link_add,
    event_link_remove,
    event_update,
)
from .library import (
    document_create,
    document_mark_read,
    document_update,
    library_link,
    library_unlink,
    link_refusal,
    register_link_target,
    version_add,
)
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
from .pledges import (
    PLEDGE,
    pledge_assess,
    pledge_create,
    pledge_follow_up,
    pledge_pledge,
    pledge_publish,
    pledge_update,
)
from .registrations import (
    REGISTRATION,
    quarter_report_add,
    registration_assess,
    registration_create,
    registration_register,
    registration_update,
)
from .registrations import (
    may_write as registration_writable,
)
from .themes import theme_create, theme_document_add, theme_update

__all__ = [
    "EVENT", "event_cancel", "event_create", "event_document_add", "event_hold", "event_link_add", "event_link_remove",
    "event_update",
    "document_create", "document_mark_read", "document_update", "library_link", "library_unlink", "link_refusal",
    "register_link_target", "version_add",
    "MEETING", "MEETING_PERMISSION", "meeting_approve", "meeting_attendance_record", "meeting_cancel",
    "meeting_document_add", "meeting_hold", "meeting_manifestations_record", "meeting_minutes_record",
    "meeting_schedule", "meeting_update", "read_only_refusal",
    "ITEM", "PLAN", "item_add", "item_cancel", "item_complete", "item_start", "item_update", "plan_approve",
    "plan_close", "plan_create", "plan_update", "report_add", "theme_create", "theme_document_add",
    "theme_update",
    "PLEDGE", "pledge_assess", "pledge_create", "pledge_follow_up", "pledge_pledge", "pledge_publish", "pledge_update",
    "REGISTRATION", "registration_writable",
    "quarter_report_add", "registration_assess", "registration_create", "registration_register",
    "registration_update",
]
