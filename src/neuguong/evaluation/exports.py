"""Spreadsheets of the evaluation module, declared once each: a period's reviews and its quota by group."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from neuguong.catalogues.language import in_english
from neuguong.core.exports import Column, TableExport

from .forms import level_choices


def _level(review: Any) -> Any:
    return dict(level_choices(blank=False)).get(review.level) if review.level else None


def _triggers(review: Any) -> Any:
    texts = [trigger["text_en" if in_english() else "text"] for trigger in review.triggers or []]
    return "; ".join(texts) or None


REVIEWS = TableExport(name=_("Reviews of the period"), title=_("Reviews of the period"), columns=(
    Column("subject", _("Reviewed"), value="subject_name"),
    Column("unit", _("Reviewed in"), value="unit.name"),
    Column("group", _("Subject group"), value="get_subject_group_display"),
    Column("status", _("Status"), value="get_status_display"),
    Column("points", _("Points"), value="total_points"),
    Column("on_time", _("Tasks on time (%)"), value="on_time_share"),
    Column("exceeding", _("Tasks exceeding (%)"), value="exceeding_share"),
    Column("level", _("Level"), value=_level),
    Column("triggers", _("Lowest level set automatically"), value=_triggers),
    Column("approved_on", _("Approved on"), format="date"),
))

QUOTA = TableExport(name=_("Quota of the top level by group"), title=_("Quota of the top level by group"), columns=(
    Column("group", _("Group"), value="label"),
    Column("good", _("Well or above")),
    Column("allowed", _("Allowed")),
    Column("excellent", _("Excellent")),
    Column("approved", _("Approved"), value="approved_excellent"),
    Column("over", _("Over the quota")),
))


def _count(level: str, collective: bool) -> Any:
    return lambda row: (row.collectives if collective else row.people)[level]


def _unit(row: Any) -> Any:
    return row.unit.name if row.unit is not None else _("At the unit itself")


SUMMARY = TableExport(name=_("Summary of the levels"), title=_("Summary of the levels by unit"), columns=(
    Column("unit", _("Unit and its subtree"), value=_unit),
    *(Column(f"people_{code.lower()}", label, value=_count(code, False)) for code, label in (
        ("HTXSNV", _("Members: excellently")), ("HTTNV", _("Members: well")), ("HTNV", _("Members: completed")),
        ("KHTNV", _("Members: not completed")))),
    *(Column(f"collectives_{code.lower()}", label, value=_count(code, True)) for code, label in (
        ("HTXSNV", _("Collectives: excellently")), ("HTTNV", _("Collectives: well")),
        ("HTNV", _("Collectives: completed")), ("KHTNV", _("Collectives: not completed")))),
    Column("waiting", _("Not yet classified")),
    Column("total", _("Reviews")),
))
