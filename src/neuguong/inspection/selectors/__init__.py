"""Every read of the inspection module, limited to the user's subtrees. One module per sub-domain;
everything is importable from here."""

from .cases import (
    case_get,
    case_petition,
    cases_due,
    cases_visible_to,
    denunciations_without_case,
    document_get,
    explanation_get,
    programme_get,
    programmes_visible_to,
    recommendation_get,
    recommendations_due,
)
from .discipline import (
    AWAITING,
    ENDED,
    IN_EFFECT,
    MEMBER,
    ORGANISATION,
    Course,
    appeal_get,
    appeals_pending,
    course_of,
    decision_get,
    decision_of,
    discipline_effective_in,
    organisations_disciplined_in,
    own_decision_get,
    own_decisions,
    ran_its_course,
    violation_get,
    violations_awaiting,
    violations_visible_to,
    with_course,
)
from .statistics import CaseRow, FormRow, Period, Statistics, UnitRow, period_of, statistics, term_of

__all__ = [
    "CaseRow", "FormRow", "Period", "Statistics", "UnitRow", "period_of", "statistics", "term_of", "case_get",
    "case_petition", "denunciations_without_case", "cases_due", "document_get", "explanation_get",
    "cases_visible_to", "programme_get", "programmes_visible_to", "recommendation_get", "recommendations_due",
    "AWAITING", "ENDED", "IN_EFFECT", "ran_its_course",
    "Course", "course_of", "with_course", "MEMBER", "ORGANISATION", "appeal_get", "appeals_pending",
    "decision_get", "decision_of", "discipline_effective_in", "organisations_disciplined_in", "own_decision_get",
    "own_decisions", "violation_get",
    "violations_awaiting", "violations_visible_to",
]
