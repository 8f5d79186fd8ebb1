"""Inspection, supervision and discipline: violations, discipline decisions and their appeals."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("inspection", _("Inspection and discipline"))
register_actions("inspection", {
    "discipline_violation.recorded": _("Violation recorded"),
    "discipline_violation.viewed": _("Discipline file read"),
    "discipline_decision.made": _("Discipline decision made"),
    "discipline_decision.appealed": _("Discipline decision appealed"),
    "discipline_decision.upheld": _("Discipline decision upheld on appeal"),
    "discipline_decision.changed": _("Discipline form changed on appeal"),
    "discipline_decision.annulled": _("Discipline decision annulled on appeal"),
    "discipline_appeal.filed": _("Discipline appeal filed"),
    "discipline_appeal.upheld": _("Appeal resolved: decision upheld"),
    "discipline_appeal.changed": _("Appeal resolved: form changed"),
    "discipline_appeal.annulled": _("Appeal resolved: decision annulled"),
    "inspection_programme.created": _("Inspection and supervision programme created"),
    "inspection_case.planned": _("Inspection or supervision planned"),
    "inspection_case.viewed": _("Case file read"),
    "inspection_case.started": _("Inspection or supervision started"),
    "inspection_case.concluded": _("Inspection or supervision concluded"),
    "inspection_case.opened_from_petition": _("Case opened from a denunciation petition"),
    "inspection_document.added": _("Case document added"),
    "inspection_document.downloaded": _("Case document downloaded"),
    "inspection_explanation.recorded": _("Subject's explanation recorded"),
    "inspection_explanation.downloaded": _("Subject's explanation file downloaded"),
    "inspection_recommendation.added": _("Recommendation added"),
    "inspection_recommendation.done": _("Recommendation carried out"),
})
register_errors("inspection", {
    "form_not_for_subject": _("The form of discipline does not fit the subject"),
    "limitation_expired": _("The limitation period has run out"),
    "decision_exists": _("The violation already has its decision"),
    "decision_number_taken": _("The decision number is already used by the body"),
    "appeal_late": _("The appeal deadline has passed"),
    "petition_has_case": _("The petition has already opened a case"),
    "subject_not_a_member": _("The subject is not a party member"),
})
