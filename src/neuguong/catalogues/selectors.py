"""Reads on the catalogues and the working-day calendar.

Catalogues are reference data shared by the whole province, not records of a unit: they are not
scoped. Pages and API endpoints check ``catalogues.view`` before calling these.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Count, QuerySet, Value
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound

from . import calendar
from .models import (
    TO_CHECK,
    CalendarOverride,
    CatalogueEntry,
    CatalogueSetting,
    ConfidenceLevel,
    ConfidenceThreshold,
    DeadlineRule,
    DisciplineForm,
    DowngradeTrigger,
    EvaluationLevel,
    FilingReason,
    HandlingOutcome,
    HonourForm,
    HonourTitle,
    InvalidBallotReason,
    Manifestation,
    ManifestationGroup,
    OverrideKind,
    OversightType,
    PetitionKind,
    ReceptionRefusalReason,
    RegisterColumn,
    VotingBody,
)
from .registry import CATALOGUES, Catalogue


@dataclass(frozen=True)
class CatalogueSummary:
    catalogue: Catalogue
    entries: int
    to_check: int


def catalogues_overview() -> list[CatalogueSummary]:
    """Every catalogue with its number of entries and of entries still to check, in one query."""
    parts = [
        c.model._default_manager.order_by().values("status")
        .annotate(n=Count("pk"), key=Value(c.key, output_field=CharField()))
        for c in CATALOGUES
    ]
    rows = parts[0].union(*parts[1:], all=True)
    entries: dict[str, int] = {}
    to_check: dict[str, int] = {}
    for row in rows:
        entries[row["key"]] = entries.get(row["key"], 0) + row["n"]
        if row["status"] in TO_CHECK:
            to_check[row["key"]] = to_check.get(row["key"], 0) + row["n"]
    return [CatalogueSummary(c, entries.get(c.key, 0), to_check.get(c.key, 0)) for c in CATALOGUES]


def catalogue_entries(catalogue: Catalogue, *, status: str = "") -> QuerySet[CatalogueEntry]:
    entries = catalogue.model._default_manager.select_related(*(field.name for field in catalogue.foreign_keys))
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("position", "code")


def catalogue_entry(catalogue: Catalogue, entry_id: Any) -> CatalogueEntry:
    try:
        return catalogue_entries(catalogue).get(pk=entry_id)
    except (catalogue.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc


def entry_as_dict(catalogue: Catalogue, entry: CatalogueEntry) -> dict[str, Any]:
    """An entry as plain values: a reference to another catalogue is given by its code."""
    values: dict[str, Any] = {"id": entry.pk, "code": entry.code}
    for name in catalogue.fields:
        value = getattr(entry, name)
        values[name] = value.code if isinstance(value, CatalogueEntry) else value
    values.update(status=entry.status, needs_check=entry.needs_check, note=entry.note, position=entry.position,
                  edited_by_admin=entry.edited_by_admin, updated_at=entry.updated_at)
    return values


# Entries as plain rows, cached

ROWS_CACHE_KEY = "catalogues:rows:{label}"
ROWS_CACHE_SECONDS = 300


def _read_rows(model: type[CatalogueEntry]) -> tuple[dict[str, Any], ...]:
    columns = [field.attname for field in model._meta.concrete_fields]
    return tuple(model._default_manager.order_by("position", "code").values(*columns))


def entry_rows(*models: type[CatalogueEntry], fresh: bool = False) -> list[tuple[dict[str, Any], ...]]:
    """Every entry of each catalogue as a plain dict of its columns (a reference under
    ``<name>_id``), in the catalogue's order: for a read that only names entries, without a query
    each time. Cached in Django's cache (shared between processes when ``REDIS_URL`` is set) for up
    to five minutes and forgotten as soon as a change to the catalogue is committed; read from the
    database inside a transaction (a transaction sees its own changes and never caches uncommitted
    ones) and with ``fresh`` (the caller met an id the cached rows lack)."""
    in_transaction = transaction.get_connection().in_atomic_block
    if fresh or in_transaction:
        found = [_read_rows(model) for model in models]
        if not in_transaction:
            cache.set_many({_rows_key(model): rows for model, rows in zip(models, found, strict=True)},
                           ROWS_CACHE_SECONDS)
        return found
    keys = [_rows_key(model) for model in models]
    cached = cache.get_many(keys)
    missing: dict[str, tuple[dict[str, Any], ...]] = {}
    rows = []
    for key, model in zip(keys, models, strict=True):
        if (entries := cached.get(key)) is None:
            entries = missing[key] = _read_rows(model)
        rows.append(entries)
    if missing:
        cache.set_many(missing, ROWS_CACHE_SECONDS)
    return rows


def _rows_key(model: type[CatalogueEntry]) -> str:
    return ROWS_CACHE_KEY.format(label=model._meta.label_lower)


def forget_rows(*models: type[CatalogueEntry]) -> None:
    """Drop the cached rows of the catalogues (all of them by default); run on commit of a change."""
    cache.delete_many([_rows_key(model) for model in models or tuple(c.model for c in CATALOGUES)])


# Settings


def setting_value(code: str) -> Any:
    """The value of a setting; raises ``CatalogueSetting.DoesNotExist`` when it is not loaded."""
    return CatalogueSetting.objects.values_list("value", flat=True).get(code=code)


def evaluation_quota_ratio() -> Decimal:
    """Share of HTXSNV allowed against the number classified HTTNV (0.2 = 20 %)."""
    return Decimal(str(setting_value("evaluation.quota_ratio")))


def confidence_quorum() -> Fraction:
    """Share of those summoned who must be present for a confidence ballot."""
    return Fraction(setting_value("confidence.quorum_fraction"))


# Manifestations and evaluation


def manifestations() -> QuerySet[Manifestation]:
    return Manifestation.objects.select_related("group").order_by("group__position", "position", "code")


def manifestation_groups() -> QuerySet[ManifestationGroup]:
    return ManifestationGroup.objects.prefetch_related("manifestations").order_by("position", "code")


def evaluation_levels() -> QuerySet[EvaluationLevel]:
    """From the highest level to the lowest."""
    return EvaluationLevel.objects.order_by("-min_points", "position")


def evaluation_level_for_points(points: int | float | Decimal) -> EvaluationLevel | None:
    """The highest level whose minimum the points reach (before quota and downgrade triggers)."""
    return evaluation_levels().filter(min_points__lte=points).first()


def downgrade_triggers(subject: str | None = None) -> QuerySet[DowngradeTrigger]:
    triggers = DowngradeTrigger.objects.order_by("position", "code")
    return triggers.filter(subject=subject) if subject else triggers


# Confidence ballots


def confidence_levels() -> QuerySet[ConfidenceLevel]:
    return ConfidenceLevel.objects.order_by("position", "code")


def invalid_ballot_reasons() -> QuerySet[InvalidBallotReason]:
    return InvalidBallotReason.objects.order_by("position", "code")


def confidence_thresholds(body: str = VotingBody.PARTY) -> QuerySet[ConfidenceThreshold]:
    return ConfidenceThreshold.objects.filter(body=body).order_by("position", "code")


def confidence_consequence(
    *, level_votes: int, ballots_returned: int, level: str = "low", body: str = VotingBody.PARTY
) -> ConfidenceThreshold | None:
    """The threshold reached by ``level_votes`` ballots of ``level`` out of the ballots returned."""
    if ballots_returned <= 0:
        return None
    share = Fraction(level_votes, ballots_returned)
    return next((t for t in confidence_thresholds(body).filter(level=level) if t.matches(share)), None)


# Discipline, inspection and supervision


def discipline_forms(subject: str | None = None) -> QuerySet[DisciplineForm]:
    forms = DisciplineForm.objects.order_by("position", "code")
    return forms.filter(subject=subject) if subject else forms


def oversight_types(kind: str | None = None) -> QuerySet[OversightType]:
    types = OversightType.objects.order_by("position", "code")
    return types.filter(kind=kind) if kind else types


# Petitions and reception


def petition_kinds() -> QuerySet[PetitionKind]:
    return PetitionKind.objects.order_by("position", "code")


def handling_outcomes() -> QuerySet[HandlingOutcome]:
    return HandlingOutcome.objects.order_by("position", "code")


def filing_reasons() -> QuerySet[FilingReason]:
    return FilingReason.objects.order_by("position", "code")


def reception_refusal_reasons() -> QuerySet[ReceptionRefusalReason]:
    return ReceptionRefusalReason.objects.order_by("position", "code")


def register_columns() -> QuerySet[RegisterColumn]:
    return RegisterColumn.objects.order_by("position", "code")


def deadline_rules(petition_kind: str | None = None) -> QuerySet[DeadlineRule]:
    """Rules for a petition kind (by code), including those for any kind."""
    rules = DeadlineRule.objects.select_related("petition_kind").order_by("position", "code")
    if petition_kind:
        rules = rules.filter(petition_kind__code=petition_kind) | rules.filter(petition_kind__isnull=True)
    return rules


def deadline_rule(code: str) -> DeadlineRule:
    """One rule by code; raises ``DeadlineRule.DoesNotExist`` when it is not loaded."""
    return DeadlineRule.objects.select_related("petition_kind").get(code=code)


def rule_deadline(
    rule: DeadlineRule | str, start: dt.date, *, complex_case: bool = False, remote: bool = False
) -> dt.date:
    """The last day of the rule's period for an event on ``start`` (see ``calendar.deadline``)."""
    if isinstance(rule, str):
        rule = deadline_rule(rule)
    return calendar.deadline(start, rule.days_for(complex_case=complex_case, remote=remote), rule.calendar)


# Honours


def honour_titles(subject: str | None = None) -> QuerySet[HonourTitle]:
    titles = HonourTitle.objects.order_by("position", "code")
    return titles.filter(subject=subject) if subject else titles


def honour_forms() -> QuerySet[HonourForm]:
    return HonourForm.objects.order_by("position", "code")


# The working-day calendar


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    name: str
    is_working: bool
    override: CalendarOverride | None = None


def calendar_overrides(year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(day__year=year).order_by("day")


def calendar_year(year: int) -> list[CalendarDay]:
    """The year's public holidays, make-up working days and overrides, by date."""
    days = {day: CalendarDay(day, name, is_working=False) for day, name in calendar.holiday_names(year).items()}
    for day in calendar.make_up_days(year):
        days[day] = CalendarDay(day, _("Make-up working day"), is_working=True)
    for override in calendar_overrides(year):
        days[override.day] = CalendarDay(
            override.day, override.name, is_working=override.kind == OverrideKind.WORKING_DAY, override=override
        )
    return [days[day] for day in sorted(days)]
