"""Every read of the study module, limited to the user's subtrees.

A theme is read by the committee that keeps it and the units below it (whose plans follow it), so
themes are visible from the subtrees of the user's grants and from the committees above them.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from neuguong.accounts.scoping import NotFound, access, scoped, unit_paths_with
from neuguong.orgs.models import Unit

from ..models import ITEM_OPEN, ItemStatus, Plan, PlanItem, PlanStatus, ProgressReport, Theme, ThemeDocument


def _ancestor_paths(path: str) -> list[str]:
    """``/1/21/305/`` → ``/1/``, ``/1/21/``, ``/1/21/305/``."""
    ids = [part for part in path.split("/") if part]
    return ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]


def themes_visible_to(user: Any, *, year: int | None = None, level: str = "") -> QuerySet[Theme]:
    paths = unit_paths_with(user, "study.view")
    if not paths:
        return Theme.objects.none()
    condition = Q(unit__path__in={above for path in paths for above in _ancestor_paths(path)})
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    themes = Theme.objects.filter(condition)
    if year:
        themes = themes.filter(year=year)
    if level:
        themes = themes.filter(level=level)
    return themes.select_related("unit").annotate(document_count=Count("documents")).order_by("-year", "level", "pk")


def theme_get(user: Any, theme_id: Any) -> Theme:
    documents = ThemeDocument.objects.order_by("uploaded_at", "pk")
    try:
        return themes_visible_to(user).prefetch_related(Prefetch("documents", documents)).get(pk=theme_id)
    except (Theme.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def themes_for_unit(user: Any, unit: Unit) -> QuerySet[Theme]:
    """The themes a plan of ``unit`` may follow: kept by the unit or a committee above it."""
    return themes_visible_to(user).filter(unit__path__in=_ancestor_paths(unit.path))


def theme_document_get(user: Any, document_id: Any) -> ThemeDocument:
    try:
        document = ThemeDocument.objects.select_related("theme").get(pk=document_id)
        theme_get(user, document.theme_id)
    except (ThemeDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    return document


def plans_visible_to(user: Any, *, year: int | None = None, unit: Unit | None = None, status: str = "",
                     theme: Theme | None = None) -> QuerySet[Plan]:
    plans = scoped(Plan.objects.all(), user, "study.view")
    if year:
        plans = plans.filter(year=year)
    if unit is not None:
        plans = plans.filter(unit__path__startswith=unit.path)
    if status:
        plans = plans.filter(status=status)
    if theme is not None:
        plans = plans.filter(theme=theme)
    return plans.select_related("unit", "theme").annotate(
        item_count=Count("items", filter=~Q(items__status=ItemStatus.CANCELLED)),
        done_count=Count("items", filter=Q(items__status=ItemStatus.DONE)),
    ).order_by("-year", "unit__path", "pk")


def plan_get(user: Any, plan_id: Any) -> Plan:
    return access(Plan.objects.select_related("unit", "theme", "approved_by"), user, plan_id, view="study.view")


def plan_items(user: Any, plan: Plan) -> QuerySet[PlanItem]:
    reports = ProgressReport.objects.order_by("reported_on", "pk")
    return (scoped(PlanItem.objects.filter(plan=plan), user, "study.view")
            .select_related("owner_person", "plan__unit").prefetch_related(Prefetch("reports", reports))
            .order_by("due_on", "pk"))


def item_get(user: Any, item_id: Any) -> PlanItem:
    return access(PlanItem.objects.select_related("plan__unit", "plan__theme", "owner_person"), user, item_id,
                  view="study.view")


def report_get(user: Any, report_id: Any) -> ProgressReport:
    return access(ProgressReport.objects.select_related("item__plan__unit"), user, report_id, view="study.view")


def items_due(user: Any, *, until: dt.date, limit: int) -> list[PlanItem]:
    """Open items of the user's units' plans (not closed) due by ``until``, overdue ones first."""
    items = scoped(PlanItem.objects.filter(status__in=ITEM_OPEN, due_on__lte=until)
                   .exclude(plan__status=PlanStatus.CLOSED), user, "study.view")
    return list(items.select_related("plan__unit").only("content", "due_on", "plan_id", "plan__unit__name")
                .order_by("due_on", "pk")[:limit])


def items_for_export(user: Any, plan: Plan) -> QuerySet[PlanItem]:
    return (scoped(PlanItem.objects.filter(plan=plan), user, "study.view")
            .select_related("owner_person", "plan__unit").order_by("due_on", "pk"))


@dataclass
class RollupRow:
    """The items of the plans of one unit's subtree: all (cancelled ones left out), done and overdue."""

    unit: Unit
    label: str = ""
    plans: int = 0
    items: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def unit_name(self) -> str:
        return self.label or self.unit.name

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.items, 1) if self.items else 0.0

    @property
    def share(self) -> float:
        return self.done / self.items if self.items else 0.0


def rollup_base(user: Any, unit: Unit | None) -> list[Unit]:
    """The units whose subtrees the roll-up shows: ``unit`` and its children, or the user's top units."""
    if unit is not None:
        return [unit, *scoped(Unit.objects.filter(parent=unit), user, "study.view").order_by("path")]
    return list(Unit.objects.filter(path__in=unit_paths_with(user, "study.view")).order_by("path"))


def rollup(user: Any, *, year: int, unit: Unit | None = None) -> tuple[list[RollupRow], RollupRow | None]:
    """Completion of the year's plans for each unit below ``unit`` (its own plan first), and the total:
    one grouped query, folded by path."""
    base = rollup_base(user, unit)
    if not base:
        return [], None
    today = timezone.localdate()
    items = scoped(PlanItem.objects.filter(plan__year=year).exclude(status=ItemStatus.CANCELLED), user, "study.view")
    top = unit.path if unit is not None else ""
    if top:
        items = items.filter(plan__unit__path__startswith=top)
    grouped = items.values("plan__unit__path").annotate(
        plans=Count("plan", distinct=True), items=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        overdue=Count("pk", filter=Q(status__in=ITEM_OPEN, due_on__lt=today)))
    rows = {candidate.pk: RollupRow(candidate) for candidate in base}
    own = unit.pk if unit is not None else None
    total = RollupRow(unit, label=gettext("Total")) if unit is not None else None
    for group in grouped:
        path = group["plan__unit__path"]
        target: RollupRow | None
        if own is not None and path == unit.path:  # type: ignore[union-attr]
            target = rows[own]
        else:
            target = next((rows[c.pk] for c in base if c.pk != own and path.startswith(c.path)), None)
        for row in (target, total):
            if row is not None:
                row.plans += group["plans"]
                row.items += group["items"]
                row.done += group["done"]
                row.overdue += group["overdue"]
    shown = [row for row in rows.values() if row.items or row.plans]
    return shown, total
