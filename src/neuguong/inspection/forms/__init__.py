"""Forms of the inspection pages. They parse and offer choices; the services decide."""

from .cases import (
    CaseFilterForm,
    CaseForm,
    ConcludeForm,
    DocumentForm,
    ExplanationForm,
    FollowUpForm,
    PetitionCaseForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    RecommendationForm,
    StartForm,
    StatisticsForm,
)
from .discipline import AppealForm, ChangeForm, DecisionForm, DisciplineFilterForm, ResolutionForm, ViolationForm

__all__ = [
    "AppealForm", "CaseFilterForm", "CaseForm", "ChangeForm", "ConcludeForm", "DecisionForm", "DisciplineFilterForm",
    "DocumentForm", "ExplanationForm", "PetitionCaseForm",
    "FollowUpForm", "ProgrammeFilterForm", "ProgrammeForm", "RecommendationForm", "ResolutionForm", "StartForm",
    "StatisticsForm", "ViolationForm",
]
