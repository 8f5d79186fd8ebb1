"""The figures of inspection, supervision and discipline as the Party counts them, in lượt: each case
counts once, so a member inspected twice counts twice. Every figure is the count of a list the
pages show with the same filters (the drill-down), scoped to the viewer."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.models import OversightKind
from neuguong.orgs.models import Unit

from ..models import CaseStatus
from .cases import cases_visible_to
from .discipline import violations_visible_to


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
class Statistics:
    cases: list[CaseRow] = field(default_factory=list)
    forms: list[FormRow] = field(default_factory=list)

    def total(self, kind: str) -> CaseRow:
        row = CaseRow("", "", kind)
        for case in self.cases:
            if case.kind == kind:
                row.organisations += case.organisations
                row.members += case.members
                row.concluded += case.concluded
                row.violations += case.violations
        return row


def statistics(user: Any, *, year: int, unit: Unit | None = None) -> Statistics:
    """Cases by type and subject kind (planned in ``year``) and discipline decisions by form (decided in
    ``year``), over ``unit``'s subtree or all of the user's: two grouped queries."""
    cases = cases_visible_to(user, unit=unit, year=year).order_by()
    grouped: dict[str, Any] = {row["type__code"]: dict(row) for row in cases.values("type__code").annotate(
        organisations=Count("pk", filter=Q(subject_unit__isnull=False)),
        members=Count("pk", filter=Q(subject_person__isnull=False)),
        concluded=Count("pk", filter=Q(status=CaseStatus.CONCLUDED)),
        violations=Count("pk", filter=Q(violation_found=True)))}
    result = Statistics()
    for kind in catalogue.oversight_types():
        if kind.kind not in (OversightKind.INSPECTION, OversightKind.SUPERVISION):
            continue
        found: dict[str, Any] = grouped.get(kind.code, {})
        result.cases.append(CaseRow(kind.code, str(kind.tr("name")), kind.kind, found.get("organisations", 0),
                                    found.get("members", 0), found.get("concluded", 0), found.get("violations", 0)))
    decided = violations_visible_to(user, unit=unit, year=year).order_by()
    by_form = {row["form"]: row["n"] for row in decided.filter(decisions__decided_on__year=year).values(
        form=Coalesce("decisions__changed_form__code", "decisions__form__code")).annotate(n=Count("pk"))}
    for form in catalogue.discipline_forms():
        result.forms.append(FormRow(form.code, str(form.tr("name")), str(form.get_subject_display()),
                                    by_form.get(form.code, 0)))
    return result
