"""Evaluation and the yearly review: tables, constraints and indexes only; every rule lives in
``services`` and ``rules``. One module per sub-domain; everything is importable from here."""

from .counts import LevelCount
from .periods import Period, PeriodKind, PeriodStatus
from .reviews import (
    DECIDED,
    FollowerComment,
    ManifestationCheck,
    ResidentComment,
    Review,
    ReviewStatus,
    Score,
    Suggestion,
    Task,
)
from .templates import Criterion, CriterionGroup, SubjectGroup, Template, tr

__all__ = [
    "DECIDED", "Criterion", "CriterionGroup", "FollowerComment",
    "LevelCount", "ManifestationCheck", "Period", "PeriodKind",
    "PeriodStatus", "ResidentComment", "Review", "ReviewStatus", "Score", "SubjectGroup", "Suggestion", "Task",
    "Template", "tr",
]
