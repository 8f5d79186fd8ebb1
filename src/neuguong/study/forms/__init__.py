"""Forms of the study pages. They parse and offer choices; the services decide."""

from .events import EventEditForm, EventFilterForm, EventForm, HoldForm
from .library import LibraryDocumentForm, LibraryEditForm, LibraryFilterForm, LinkForm, VersionForm
from .plans import (
    ConfirmForm,
    DocumentForm,
    DoneForm,
    ItemForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
    ReasonForm,
    ReportForm,
    RollupForm,
    ThemeForm,
)

__all__ = [
    "EventEditForm",
    "EventFilterForm",
    "EventForm",
    "HoldForm",
    "LibraryDocumentForm",
    "LibraryEditForm",
    "LibraryFilterForm",
    "LinkForm",
    "VersionForm",
    "ConfirmForm",
    "DocumentForm",
    "DoneForm",
    "ItemForm",
    "PlanEditForm",
    "PlanFilterForm",
    "PlanForm",
    "ReasonForm",
    "ReportForm",
    "RollupForm",
    "ThemeForm",
]
