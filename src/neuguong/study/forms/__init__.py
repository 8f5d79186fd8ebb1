"""Forms of the study pages. They parse and offer choices; the services decide."""

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
    ThemeEditForm,
    ThemeForm,
)
from .registrations import (
    AssessForm,
    FollowUpForm,
    NotPledgedFilterForm,
    PledgeFilterForm,
    PledgeForm,
    QuarterReportForm,
    RegistrationFilterForm,
    RegistrationForm,
)

__all__ = [
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
    "ThemeEditForm",
    "ThemeForm",
    "AssessForm",
    "FollowUpForm",
    "NotPledgedFilterForm",
    "PledgeFilterForm",
    "PledgeForm",
    "QuarterReportForm",
    "RegistrationFilterForm",
    "RegistrationForm",
]
