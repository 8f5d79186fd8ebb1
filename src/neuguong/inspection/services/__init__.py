"""Every write of the inspection module. One module per sub-domain; everything is importable from here."""

from .cases import (
    CASE,
    DENUNCIATION_TYPE,
    RECOMMENDATION,
    case_conclude,
    case_from_petition,
    case_open,
    case_plan,
    case_start,
    programme_create,
    recommendation_add,
    recommendation_complete,
)
from .discipline import (
    APPEAL,
    DECISION,
    appeal_annul,
    appeal_change,
    appeal_file,
    appeal_uphold,
    check_limitation,
    decision_make,
    own_decision_open,
    own_decisions_read,
    subject_standing,
    violation_open,
    violation_record,
)
from .evidence import (
    ACCEPTED_FILES,
    document_add,
    document_open,
    explanation_file_open,
    explanation_record,
)

__all__ = [
    "CASE", "RECOMMENDATION", "DENUNCIATION_TYPE", "case_conclude", "case_from_petition", "case_open", "case_plan",
    "case_start", "programme_create", "recommendation_add", "ACCEPTED_FILES", "document_add", "document_open",
    "explanation_file_open", "explanation_record", "recommendation_complete", "APPEAL", "DECISION", "appeal_annul",
    "appeal_change", "appeal_file", "appeal_uphold", "check_limitation", "decision_make", "own_decision_open",
    "own_decisions_read",
    "subject_standing", "violation_open", "violation_record",
]
