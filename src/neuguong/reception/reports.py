"""Reads behind the reports: counts by kind, status, channel and unit subtree, the on-time rate,
and the backlog, long-standing and over-level lists. Scoped like every selector."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from neuguong.accounts.scoping import access, scoped
from neuguong.catalogues.models import PetitionKind
from neuguong.orgs.models import Unit, UnitStatus

from .models import Channel, Petition, PetitionStatus
from .selectors import for_lists, long_standing_condition, long_standing_days


@dataclass
class Report:
    unit: Unit
    date_from: dt.date | None
    date_to: dt.date | None
    total: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    # The choices' labels, kept lazy so that they are translated where they are shown.
    by_status: list[tuple[str | Promise, int]] = field(default_factory=list)
    by_channel: list[tuple[str | Promise, int]] = field(default_factory=list)
    by_unit: list[tuple[Unit, int]] = field(default_factory=list)
    closed: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    over_level: int = 0
    long_standing: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


def _subtree(user: Any, unit: Unit) -> QuerySet[Petition]:
    return scoped(Petition.objects.all(), user, "reception.view").filter(unit__path__startswith=unit.path)


def report_petitions(user: Any, unit: Unit, *, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> QuerySet[Petition]:
    """Petitions of the unit's subtree received in the period (404 for a unit out of scope)."""
    access(Unit.objects.all(), user, unit.pk, view="units.view")
    petitions = _subtree(user, unit)
    if date_from:
        petitions = petitions.filter(received_on__gte=date_from)
    if date_to:
        petitions = petitions.filter(received_on__lte=date_to)
    return petitions


def _grouped(petitions: QuerySet[Petition], field_name: str) -> dict[Any, int]:
    return dict(petitions.order_by().values_list(field_name).annotate(n=Count("pk")).values_list(field_name, "n"))


def _by_child_unit(petitions: QuerySet[Petition], unit: Unit) -> list[tuple[Unit, int]]:
    """Counts rolled up to the unit itself and to each of its direct sub-units' subtrees."""
    child_parts = unit.path.count("/")  # a child's path has one more id than the unit's
    totals: dict[str, int] = {}
    for path, n in _grouped(petitions, "unit__path").items():
        parts = path.strip("/").split("/")
        key = "/" + "/".join(parts[:child_parts]) + "/" if len(parts) >= child_parts else path
        totals[key] = totals.get(key, 0) + n
    children = Unit.objects.filter(parent=unit).order_by("name")
    rows = [(unit, totals.get(unit.path, 0))]
    rows += [(child, totals.get(child.path, 0)) for child in children
             if child.status == UnitStatus.ACTIVE or totals.get(child.path)]
    return rows


def petition_report(user: Any, unit: Unit, *, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, today: dt.date) -> Report:
    petitions = report_petitions(user, unit, date_from=date_from, date_to=date_to)
    report = Report(unit=unit, date_from=date_from, date_to=date_to)
    kinds = {kind.pk: str(kind) for kind in PetitionKind.objects.all()}
    report.by_kind = [(kinds.get(pk, str(pk)), n) for pk, n in sorted(_grouped(petitions, "kind_id").items())]
    statuses = _grouped(petitions, "status")
    report.by_status = [(label, statuses.get(value, 0)) for value, label in PetitionStatus.choices]
    channels = _grouped(petitions, "channel")
    report.by_channel = [(label, channels.get(value, 0)) for value, label in Channel.choices]
    report.by_unit = _by_child_unit(petitions, unit)
    report.total = sum(statuses.values())
    figures = petitions.aggregate(
        closed=Count("pk", filter=Q(closed_late__isnull=False)),
        on_time=Count("pk", filter=Q(closed_late=False)),
        open=Count("pk", filter=Q(status__in=[PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED])),
        overdue=Count("pk", filter=Q(status__in=[PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED],
                                     due_on__lt=today)),
        over_level=Count("pk", filter=Q(over_level=True)),
        long_standing=Count("pk", filter=long_standing_condition(today)),
    )
    for name, value in figures.items():
        setattr(report, name, value)
    return report


REPORT_LISTS = ("backlog", "long_standing", "over_level")


def _listed(petitions: QuerySet[Petition], which: str, today: dt.date, days: int) -> QuerySet[Petition]:
    petitions = for_lists(petitions)
    if which == "backlog":
        return petitions.filter(status__in=[PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED],
                                due_on__lt=today).order_by("due_on", "pk")
    if which == "long_standing":
        return petitions.filter(long_standing_condition(today, days)).order_by("due_on", "pk")
    return petitions.filter(over_level=True).order_by("-received_on", "-pk")


def report_list(user: Any, unit: Unit, which: str, *, today: dt.date) -> QuerySet[Petition]:
    """The backlog (open past the deadline), long-standing or over-level petitions of the subtree."""
    return _listed(report_petitions(user, unit), which, today, long_standing_days())


def report_lists(user: Any, unit: Unit, *, today: dt.date) -> dict[str, QuerySet[Petition]]:
    """The three lists of the report page and workbook, with one check of the unit."""
    access(Unit.objects.all(), user, unit.pk, view="units.view")
    days = long_standing_days()
    return {which: _listed(_subtree(user, unit), which, today, days) for which in REPORT_LISTS}
