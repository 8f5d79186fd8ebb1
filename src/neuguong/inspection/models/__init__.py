"""Inspection, supervision and discipline: tables, constraints and indexes only; every rule lives in
``services``. One module per sub-domain; everything is importable from here."""

from .cases import Case, CaseStatus, Programme, Recommendation, RecommendationStatus
from .discipline import DECISION_LIVE, Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation

__all__ = [
    "DECISION_LIVE", "Appeal", "AppealStatus", "Case", "CaseStatus", "DecisionStatus", "DisciplineDecision",
    "Programme", "Recommendation", "RecommendationStatus", "Violation",
]
