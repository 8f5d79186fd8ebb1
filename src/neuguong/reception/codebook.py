"""Citizen reception: schedules, sessions, visits, petitions, deadlines, dialogues, reminders."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("reception", _("Citizen reception"))
register_actions("reception", {
    "reception_schedule.created": _("Reception schedule created"),
    "reception_schedule.activated": _("Reception schedule resumed"),
    "reception_schedule.paused": _("Reception schedule paused"),
    "reception_session.scheduled": _("Reception session scheduled"),
    "reception_session.created": _("Reception session created"),
    "reception_session.held": _("Reception session held"),
    "reception_session.cancelled": _("Reception session cancelled"),
    "reception_visit.recorded": _("Visit recorded"),
    "reception_visit.refused": _("Visit refused"),
    "petition.received": _("Petition received"),
    "petition.split": _("Petition split"),
    "petition.identity_protected": _("Petitioner's identity protected"),
    "petition.attachment_added": _("Attachment added"),
    "petition.duplicate_confirmed": _("Duplicate petition confirmed"),
    "petition.duplicate_dismissed": _("Duplicate petition dismissed"),
    "petition.routed": _("Petition routed"),
    "petition.assigned": _("Petition assigned"),
    "petition.accepted": _("Petition accepted for resolution"),
    "petition.returned": _("Petition returned"),
    "petition.forwarded": _("Petition forwarded"),
    "petition.filed": _("Petition filed"),
    "petition.urged": _("Resolution urged"),
    "petition.resolved": _("Petition resolved"),
    "petition.withdrawn": _("Petition withdrawn"),
    "petition.competent_unit_set": _("Competent unit set"),
    "petition.noted": _("Note added"),
    "petition.deadline_extended": _("Deadline extended"),
    "petition.conditions_changed": _("Resolution conditions changed"),
    "reminder.sent": _("Reminder sent"),
    "dialogue.created": _("Dialogue created"),
    "commitment.created": _("Commitment recorded"),
    "commitment.updated": _("Commitment updated"),
    "commitment.completed": _("Commitment completed"),
    "commitment.cancelled": _("Commitment cancelled"),
})
register_errors("reception", {
    "already_decided": _("Already decided"),
    "extension_limit": _("Extension limit reached"),
    "no_deadline_rule": _("No deadline rule"),
    "not_extendable": _("Deadline not extendable"),
    "not_yet": _("Too early"),
    "schedule_paused": _("Schedule paused"),
    "tracking_code": _("No tracking code drawn"),
    "unchanged": _("Nothing changed"),
})
