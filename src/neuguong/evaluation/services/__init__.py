"""Every write of the evaluation module (keyword-only, typed, ``acting_user`` required, audited in the
same transaction). One module per sub-domain; everything is importable from here."""

from .classification import PeriodClassification, period_classify
from .common import is_subject
from .periods import (
    PERIOD,
    period_close,
    period_create,
    period_create_and_open,
    period_open,
    reviews_create,
    run_open_period,
)
from .records import follower_comment_add, resident_comment_add, suggestion_add, tasks_save
from .reviews import (
    REVIEW_LIFECYCLE,
    appeal,
    approve,
    classify,
    collective_review,
    notify,
    resolve_appeal,
    self_assess,
    superior_assess,
    triggers_of,
)
from .templates import latest_templates, templates_load

__all__ = [
    "PERIOD", "period_close", "period_create", "period_create_and_open", "period_open", "reviews_create",
    "run_open_period",
    "REVIEW_LIFECYCLE", "appeal", "approve", "classify", "collective_review", "is_subject", "notify",
    "follower_comment_add",
    "resident_comment_add", "resolve_appeal", "self_assess", "suggestion_add", "superior_assess", "tasks_save",
    "triggers_of",
    "latest_templates", "templates_load", "PeriodClassification", "period_classify",
]
