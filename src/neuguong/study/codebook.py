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
register_actions("study", {
    "study_registration.created": _("Registration to follow created"),
    "study_registration.updated": _("Registration to follow changed"),
    "study_registration.registered": _("Registration to follow registered"),
    "study_registration.reported": _("Quarterly self-report made"),
    "study_registration.assessed": _("Registration to follow assessed"),
    "study_pledge.created": _("Exemplary pledge written"),
    "study_pledge.updated": _("Exemplary pledge changed"),
    "study_pledge.pledged": _("Exemplary pledge made"),
    "study_pledge.published": _("Exemplary pledge published on the unit's page"),
    "study_pledge.unpublished": _("Exemplary pledge withdrawn from the unit's page"),
    "study_pledge.followed_up": _("Exemplary pledge followed up"),
    "study_pledge.assessed": _("Exemplary pledge assessed"),
})
register_errors("study", {
    "not_a_member": _("Only a party member registers to follow"),
    "registration_exists": _("The member has already registered for this year"),
    "registration_not_editable": _("The registration can no longer be changed"),
    "report_exists": _("The quarter has already been reported"),
    "year_closed": _("The year is closed"),
    "pledge_exists": _("The post holder has already pledged for this year"),
    "pledge_not_editable": _("The pledge can no longer be changed"),
})

# The library of directives and the events of the study year.
register_actions("study", {
    "library_document.created": _("Library document entered"),
    "library_document.updated": _("Library document changed"),
    "library_document.version_added": _("New version of a library document"),
    "library_document.read": _("Library document marked as read"),
    "library_document.linked": _("Library document linked to a record"),
    "library_document.unlinked": _("Library document unlinked from a record"),
    "study_event.created": _("Event entered"),
    "study_event.updated": _("Event changed"),
    "study_event.held": _("Event recorded as held"),
    "study_event.cancelled": _("Event cancelled"),
    "study_event.document_added": _("Event document added"),
    "study_event.linked": _("Event linked to a news article or a nomination round"),
    "study_event.unlinked": _("Event link removed"),
})
register_errors("study", {
    "link_target_unknown": _("Documents cannot be linked to this kind of record"),
    "event_not_editable": _("The event can no longer be changed"),
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
