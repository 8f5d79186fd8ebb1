"""The figures of inspection, supervision and discipline as the Party counts them, in lượt: each case
counts once, so a member inspected twice counts twice. Every figure is the count of a list the
pages show with the same filters (the drill-down), scoped to the viewer.

A period is a year, a quarter, a half-year, a five-year term (2016–2020, 2021–2025, …) or any range
of days: cases count by their planned start, decisions by their date, both within the period."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import scoped
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.language import in_english
from neuguong.catalogues.models import DisciplineForm, OversightKind, OversightType
from neuguong.orgs.models import Unit

from ..models import CaseStatus, DisciplineDecision
from .cases import VIEW, filtered_cases

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
    in it), over ``unit``'s subtree or all of the user's; with ``by_child``, the same per child unit of
    ``unit`` (one row per child's subtree, and the unit's own). Two grouped queries — the cases and the
    decisions, each grouped by type or form and by body — folded into the tables here, with the
    catalogues' cached rows (``entry_rows``) and the child units."""
    period = period or period_of("year", year or dt.date.today().year)
    # ``order_by()``: no default ordering for Django to weigh against the grouped columns (it would
    # drop it, after hashing every selected expression). A count of a reference counts the cases
    # that have one (on an organisation, on a member).
    cases = filtered_cases(user, unit=unit, start_from=period.first, start_until=period.last).order_by()
    grouped = list(cases.values_list("type_id", "unit__path").annotate(
            organisations=Count("subject_unit"), members=Count("subject_person"),
            concluded=Count("pk", filter=Q(status=CaseStatus.CONCLUDED)),
            violations=Count("pk", filter=Q(violation_found=True))))
    decisions = scoped(DisciplineDecision.objects.filter(decided_on__range=(period.first, period.last)), user,
                       VIEW, within=unit.path if unit is not None else None).order_by()
    decided = list(decisions.values_list("unit__path", "form_id", "changed_form_id").annotate(n=Count("pk")))
    types, forms = catalogue.entry_rows(OversightType, DisciplineForm)
    known_types, known_forms = {row["id"] for row in types}, {row["id"] for row in forms}
    if any(row[0] not in known_types for row in grouped) or any(
            (row[2] or row[1]) not in known_forms for row in decided):
        # An entry added since the rows were cached (by another process without a shared cache).
        types, forms = catalogue.entry_rows(OversightType, DisciplineForm, fresh=True)
    english = in_english()
    result = Statistics(period)
    by_type = {row["id"]: CaseRow(row["code"], row["name_en"] if english and row["name_en"] else row["name"],
                                  row["kind"])
               for row in types if row["kind"] in (OversightKind.INSPECTION, OversightKind.SUPERVISION)}
    result.cases = list(by_type.values())
    subjects = {value: str(label) for value, label in DisciplineForm._meta.get_field("subject").flatchoices}
    by_form = {row["id"]: FormRow(row["code"], row["name_en"] if english and row["name_en"] else row["name"],
                                  subjects.get(row["subject"], row["subject"])) for row in forms}
    result.forms = list(by_form.values())
    row_of = _child_rows(unit, result) if by_child and unit is not None else None
    for type_id, path, organisations, members, concluded, violations in grouped:
        row = by_type.get(type_id)
        if row is None:
            continue
        row.organisations += organisations
        row.members += members
        row.concluded += concluded
        row.violations += violations
        if row_of is not None:
            child = row_of(path)
            if row.kind == OversightKind.INSPECTION:
                child.inspections += organisations + members
            else:
                child.supervisions += organisations + members
            child.concluded += concluded
    for path, form_id, changed_form_id, n in decided:
        if (form_row := by_form.get(changed_form_id or form_id)) is not None:
            form_row.decisions += n
        if row_of is not None:
            row_of(path).decisions += n
    return result


def _child_rows(unit: Unit, result: Statistics) -> Any:
    """One row per child unit's subtree, then the unit's own records (in ``result.units``), and the
    function that finds the row of a body's path (``/1/5/12/`` under ``/1/`` is the child 5's)."""
    children = Unit.objects.filter(parent=unit).only("pk", "name")  # in the tree's order (by path)
    rows = {str(child.pk): UnitRow(child) for child in children}
    own = UnitRow(unit, own=True)
    result.units = [*rows.values(), own]

    def row_of(path: str) -> UnitRow:
        return rows.get(path[len(unit.path):].split("/", 1)[0], own)

    return row_of
