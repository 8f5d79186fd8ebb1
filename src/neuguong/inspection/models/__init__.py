"""Inspection, supervision and discipline: tables, constraints and indexes only; every rule lives in
``services``. One module per sub-domain; everything is importable from here."""

from .cases import (
    Case,
    CaseDocument,
    CaseStatus,
    DocumentKind,
    Explanation,
    Programme,
    Recommendation,
    RecommendationStatus,
)
from .discipline import DECISION_LIVE, Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation

__all__ = [
    "DECISION_LIVE", "Appeal", "AppealStatus", "Case", "CaseDocument", "CaseStatus", "DocumentKind", "Explanation",
    "DecisionStatus", "DisciplineDecision", "Programme", "Recommendation", "RecommendationStatus", "Violation",
]
