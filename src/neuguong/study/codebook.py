"""Study: yearly themes and their guidance documents, units' plans, their items and progress reports."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("study", _("Study and following"))
register_actions("study", {
    "study_theme.created": _("Study theme created"),
    "study_theme.updated": _("Study theme changed"),
    "study_theme.document_added": _("Guidance document added"),
    "study_plan.created": _("Study plan created"),
    "study_plan.updated": _("Study plan changed"),
    "study_plan.approved": _("Study plan approved"),
    "study_plan.closed": _("Study plan closed"),
    "study_item.created": _("Plan item added"),
    "study_item.updated": _("Plan item changed"),
    "study_item.started": _("Plan item started"),
    "study_item.completed": _("Plan item done"),
    "study_item.cancelled": _("Plan item cancelled"),
    "study_item.reported": _("Progress reported"),
})
register_errors("study", {
    "plan_exists": _("The unit already has a plan for this theme"),
    "plan_not_editable": _("The plan can no longer be changed"),
})

# Party-cell meetings (services.meetings).
register_actions("study", {
    "study_meeting.scheduled": _("Cell meeting scheduled"),
    "study_meeting.updated": _("Cell meeting changed"),
    "study_meeting.document_added": _("Meeting document added"),
    "study_meeting.held": _("Cell meeting held, attendance recorded"),
    "study_meeting.attendance_recorded": _("Meeting attendance corrected"),
    "study_meeting.minutes_recorded": _("Meeting minutes written"),
    "study_meeting.manifestations_recorded": _("Manifestations discussed recorded"),
    "study_meeting.approved": _("Meeting minutes approved"),
    "study_meeting.cancelled": _("Cell meeting cancelled"),
})
register_errors("study", {
    "minutes_approved": _("The minutes are approved: the meeting is read-only"),
    "meeting_cancelled": _("The meeting was cancelled"),
    "meeting_held": _("The meeting has been held"),
    "meeting_not_held": _("The meeting has not been held yet"),
    "attendance_exceeds_members": _("More attendance than the cell's members"),
})
