"""The figures of inspection, supervision and discipline as the Party counts them, in lượt: each case
counts once, so a member inspected twice counts twice. Every figure is the count of a list the
pages show with the same filters (the drill-down), scoped to the viewer.

A period is a year, a quarter, a half-year, a five-year term (2016–2020, 2021–2025, …) or any range
of days: cases count by their planned start, decisions by their date, both within the period."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import scoped
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import OversightKind
from neuguong.orgs.models import Unit

from ..models import CaseStatus, DisciplineDecision
from .cases import filtered_cases
from .discipline import violations_visible_to

# The first year of a five-year term: 2016–2020, 2021–2025, 2026–2030.
TERM_FIRST_YEAR_MOD = 1


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    label: str

    @property
    def query(self) -> str:
        """The drill-down's filters of the lists (cases by planned start, decisions by date)."""
        return f"from_date={self.first.isoformat()}&to_date={self.last.isoformat()}"


def term_of(year: int) -> tuple[int, int]:
    first = year - (year - TERM_FIRST_YEAR_MOD) % 5
    return first, first + 4


def period_of(kind: str, year: int, number: int = 1, first: dt.date | None = None,
              last: dt.date | None = None) -> Period:
    """The period of a kind (``year``, ``quarter`` 1–4, ``half`` 1–2, ``term`` containing ``year``,
    ``custom`` from ``first`` to ``last``)."""
    if kind == "quarter":
        number = min(max(number, 1), 4)
        start = dt.date(year, 3 * number - 2, 1)
        end = dt.date(year + (number == 4), (3 * number) % 12 + 1, 1) - dt.timedelta(days=1)
        return Period(start, end, _("Quarter %(n)d/%(year)d") % {"n": number, "year": year})
    if kind == "half":
        number = 1 if number != 2 else 2
        start, end = (dt.date(year, 1, 1), dt.date(year, 6, 30)) if number == 1 else (dt.date(year, 7, 1),
                                                                                       dt.date(year, 12, 31))
        return Period(start, end, _("Half %(n)d/%(year)d") % {"n": number, "year": year})
    if kind == "term":
        first_year, last_year = term_of(year)
        return Period(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31),
                      _("Term %(first)d–%(last)d") % {"first": first_year, "last": last_year})
    if kind == "custom" and first is not None and last is not None and first <= last:
        return Period(first, last, f"{first:%d/%m/%Y} – {last:%d/%m/%Y}")
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


@dataclass
class CaseRow:
    """Cases of one type in the period: on organisations, on members, and how many concluded or found a violation."""

    code: str
    label: str
    kind: str
    organisations: int = 0
    members: int = 0
    concluded: int = 0
    violations: int = 0

    @property
    def total(self) -> int:
        return self.organisations + self.members


@dataclass
class FormRow:
    code: str
    label: str
    subject: str
    decisions: int = 0


@dataclass
class UnitRow:
    """One child unit's subtree (or the unit's own records, ``own``): its cases and decisions."""

    unit: Unit
    own: bool = False
    inspections: int = 0
    supervisions: int = 0
    concluded: int = 0
    decisions: int = 0

    @property
    def label(self) -> str:
        return self.unit.name

    @property
    def total(self) -> int:
        return self.inspections + self.supervisions


@dataclass
class Statistics:
    period: Period
    cases: list[CaseRow] = field(default_factory=list)
    forms: list[FormRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)

    def total(self, kind: str) -> CaseRow:
        row = CaseRow("", "", kind)
        for case in self.cases:
            if case.kind == kind:
                row.organisations += case.organisations
                row.members += case.members
                row.concluded += case.concluded
                row.violations += case.violations
        return row


def statistics(user: Any, *, period: Period | None = None, year: int | None = None, unit: Unit | None = None,
               by_child: bool = False) -> Statistics:
    """Cases by type and subject kind (planned in the period) and discipline decisions by form (decided
    in it), over ``unit``'s subtree or all of the user's: two grouped queries; with ``by_child``, the
    same per child unit of ``unit`` (one row per child's subtree) in two more."""
    period = period or period_of("year", year or dt.date.today().year)
    span = (period.first, period.last)
    cases = filtered_cases(user, unit=unit, start_from=period.first, start_until=period.last).order_by()
    grouped: dict[str, Any] = {row["type__code"]: dict(row) for row in cases.values("type__code").annotate(
        organisations=Count("pk", filter=Q(subject_unit__isnull=False)),
        members=Count("pk", filter=Q(subject_person__isnull=False)),
        concluded=Count("pk", filter=Q(status=CaseStatus.CONCLUDED)),
        violations=Count("pk", filter=Q(violation_found=True)))}
    result = Statistics(period)
    for kind in catalogue.oversight_types():
        if kind.kind not in (OversightKind.INSPECTION, OversightKind.SUPERVISION):
            continue
        found: dict[str, Any] = grouped.get(kind.code, {})
        result.cases.append(CaseRow(kind.code, str(kind.tr("name")), kind.kind, found.get("organisations", 0),
                                    found.get("members", 0), found.get("concluded", 0), found.get("violations", 0)))
    decided = violations_visible_to(user, unit=unit).order_by()
    by_form = {row["form"]: row["n"] for row in decided.filter(decisions__decided_on__range=span).values(
        form=Coalesce("decisions__changed_form__code", "decisions__form__code")).annotate(n=Count("pk"))}
    for form in catalogue.discipline_forms():
        result.forms.append(FormRow(form.code, str(form.tr("name")), str(form.get_subject_display()),
                                    by_form.get(form.code, 0)))
    if by_child and unit is not None:
        result.units = _by_child(user, unit, span)
    return result


def _by_child(user: Any, unit: Unit, span: tuple[dt.date, dt.date]) -> list[UnitRow]:
    """One row per child unit's subtree, then the unit's own records: the cases and the decisions
    grouped by their body (one query each), each body's figures added to the child it lies under."""
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path"))
    rows = {str(child.pk): UnitRow(child) for child in children}
    own = UnitRow(unit, own=True)

    def row_of(path: str) -> UnitRow:
        """The child whose subtree holds ``path`` (``/1/5/12/`` under ``/1/`` is the child 5), else the unit."""
        below = path[len(unit.path):].split("/", 1)[0]
        return rows.get(below, own)

    cases = filtered_cases(user, unit=unit, start_from=span[0], start_until=span[1]).order_by()
    for found in cases.values("unit__path").annotate(
            inspections=Count("pk", filter=Q(type__kind=OversightKind.INSPECTION)),
            supervisions=Count("pk", filter=Q(type__kind=OversightKind.SUPERVISION)),
            concluded=Count("pk", filter=Q(status=CaseStatus.CONCLUDED))):
        row = row_of(found["unit__path"])
        row.inspections += found["inspections"]
        row.supervisions += found["supervisions"]
        row.concluded += found["concluded"]
    decisions = scoped(DisciplineDecision.objects.filter(unit__path__startswith=unit.path, decided_on__range=span),
                       user, "inspection.view").order_by()
    for decided in decisions.values("unit__path").annotate(n=Count("pk")):
        row_of(decided["unit__path"]).decisions += decided["n"]
    return [*rows.values(), own]
