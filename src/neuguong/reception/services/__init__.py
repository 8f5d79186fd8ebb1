"""Every write of the reception, split by sub-domain. Views and the API call these names."""

from .deadlines import petition_extend, petition_set_conditions
from .dialogues import commitment_add, commitment_cancel, commitment_complete, commitment_progress, dialogue_create
from .duplicates import link_confirm, link_dismiss
from .intake import attachment_add, petition_receive, petition_submit_online, petition_track
from .reminders import reminder_mark_read, reminders_sweep
from .sessions import (
    schedule_create,
    schedule_generate,
    schedule_set_active,
    session_cancel,
    session_create,
    session_record,
    visit_matter_add,
    visit_record,
    visit_refuse,
)
from .workflow import (
    petition_assign,
    petition_decide,
    petition_note,
    petition_resolve,
    petition_route,
    petition_set_competent_unit,
    petition_split,
    petition_withdraw,
)

__all__ = [
    "attachment_add",
    "commitment_add",
    "commitment_cancel",
    "commitment_complete",
    "commitment_progress",
    "dialogue_create",
    "link_confirm",
    "link_dismiss",
    "petition_assign",
    "petition_decide",
    "petition_extend",
    "petition_note",
    "petition_receive",
    "petition_resolve",
    "petition_route",
    "petition_set_competent_unit",
    "petition_set_conditions",
    "petition_split",
    "petition_submit_online",
    "petition_track",
    "petition_withdraw",
    "reminder_mark_read",
    "reminders_sweep",
    "schedule_create",
    "schedule_generate",
    "schedule_set_active",
    "session_cancel",
    "session_create",
    "session_record",
    "visit_matter_add",
    "visit_record",
    "visit_refuse",
]
