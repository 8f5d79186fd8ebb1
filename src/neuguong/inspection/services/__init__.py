"""Every write of the inspection module. One module per sub-domain; everything is importable from here."""

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
    subject_standing,
    violation_open,
    violation_record,
)

__all__ = [
    "APPEAL", "DECISION", "appeal_annul", "appeal_change", "appeal_file", "appeal_uphold", "check_limitation",
    "decision_make", "own_decision_open", "subject_standing", "violation_open", "violation_record",
]
