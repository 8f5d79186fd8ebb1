"""Every write of the study module: themes and their documents, plans, items and progress reports."""

from .plans import (
    ITEM,
    PLAN,
    item_add,
    item_cancel,
    item_complete,
    item_start,
    item_update,
    plan_approve,
    plan_close,
    plan_create,
    plan_update,
    report_add,
)
from .themes import theme_create, theme_document_add, theme_update

__all__ = [
    "ITEM", "PLAN", "item_add", "item_cancel", "item_complete", "item_start", "item_update", "plan_approve",
    "plan_close", "plan_create", "plan_update", "report_add", "theme_create", "theme_document_add",
    "theme_update",
]
