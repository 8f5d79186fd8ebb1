"""Forms of the inspection pages. They parse and offer choices; the services decide."""

from .discipline import AppealForm, ChangeForm, DecisionForm, DisciplineFilterForm, ResolutionForm, ViolationForm

__all__ = ["AppealForm", "ChangeForm", "DecisionForm", "DisciplineFilterForm", "ResolutionForm", "ViolationForm"]
