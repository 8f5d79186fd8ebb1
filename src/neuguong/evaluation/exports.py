"""Spreadsheets of the evaluation module, declared once each: the periods, a period's reviews and its
quota by group, the unit summary, a member's own reviews and the collective reviews to hold. A level
proposed (by the person, the collective or the superior) is in none of them; a member's own list
gives the level only once decided."""

import time
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from neuguong.catalogues.language import in_english
from neuguong.core.exports import Column, TableExport

from .models import DECIDED
from .selectors.levels import level_names


class _LevelNames:
    """The levels' names for a download's rows (``level_names``), read once per language and
    ``TTL`` seconds rather than once a row: a province's download holds 150,000 rows."""

    TTL = 30.0

    def __init__(self) -> None:
        self._by_language: dict[str, tuple[float, dict[str, str]]] = {}

    def __call__(self, code: str) -> str:
        language, now = translation.get_language() or "", time.monotonic()
        cached = self._by_language.get(language)
        if cached is None or now - cached[0] > self.TTL:
            cached = self._by_language[language] = (now, level_names())
        return cached[1].get(code, code)


LEVEL_NAME = _LevelNames()


def _level(review: Any) -> Any:
    return LEVEL_NAME(review.level) if review.level else None


def _triggers(review: Any) -> Any:
    texts = [trigger["text_en" if in_english() else "text"] for trigger in review.triggers or []]
    return "; ".join(texts) or None


def _decided_level(review: Any) -> Any:
    return _level(review) if review.status in DECIDED else None


PERIODS = TableExport(name=_("Review periods"), title=_("Review periods"), columns=(
    Column("title", _("Period")),
    Column("unit", _("Unit"), value="unit.name"),
    Column("kind", _("Kind"), value="get_kind_display"),
    Column("year", _("Year")),
    Column("opens_on", _("Opens on"), format="date"),
    Column("closes_on", _("Closes on"), format="date"),
    Column("reviews", _("Reviews"), value="review_count"),
    Column("status", _("Status"), value="get_status_display"),
))

OWN = TableExport(name=_("My reviews"), title=_("My reviews"), columns=(
    Column("period", _("Period"), value="period.title"),
    Column("year", _("Year"), value="period.year"),
    Column("unit", _("Reviewed in"), value="unit.name"),
    Column("status", _("Status"), value="get_status_display"),
    Column("level", _("Level decided"), value=_decided_level),
    Column("approved_on", _("Approved on"), format="date"),
))

TO_HOLD = TableExport(name=_("Collective reviews to hold"), title=_("Collective reviews to hold"), columns=(
    Column("subject", _("Reviewed"), value="subject_name"),
    Column("unit", _("Reviewed in"), value="unit.name"),
    Column("period", _("Period"), value="period.title"),
    Column("closes_on", _("Closes on"), value="period.closes_on", format="date"),
))

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
