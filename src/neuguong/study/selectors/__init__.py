"""Every read of the study module, limited to the user's subtrees. One module per sub-domain;
everything is importable from here."""

from .plans import (
    RollupRow,
    item_get,
    items_due,
    items_for_export,
    plan_get,
    plan_items,
    plans_visible_to,
    report_get,
    rollup,
    rollup_base,
    theme_document_get,
    theme_get,
    themes_for_unit,
    themes_visible_to,
)

__all__ = [
    "RollupRow",
    "item_get",
    "items_due",
    "items_for_export",
    "plan_get",
    "plan_items",
    "plans_visible_to",
    "report_get",
    "rollup",
    "rollup_base",
    "theme_document_get",
    "theme_get",
    "themes_for_unit",
    "themes_visible_to",
]
