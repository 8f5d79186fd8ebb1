"""Writes on the catalogues and the working-day calendar: loading the data files, an
administrator's correction of an entry, and calendar overrides. Each is one transaction with its
audit event."""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound, has_permission
from neuguong.audit import services as audit
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.text import normalize_spaces

from . import calendar
from .loader import DATA_DIR, PlannedEntry, read_catalogue_files
from .models import OVERRIDE_NAME_LENGTH, CalendarOverride, CatalogueEntry, OverrideKind
from .registry import CATALOGUES, Catalogue, catalogue_by_label

M = TypeVar("M", bound=models.Model)
OVERRIDE_FIELDS = ["day", "kind", "name"]


def _ensure_manager(acting_user: Any) -> None:
    if not has_permission(acting_user, "catalogues.manage"):
        raise PermissionDeniedError(_("You do not have permission to change the catalogues."))


def _invalid(field_errors: dict[str, list[str]]) -> ServiceError:
    return ServiceError("invalid", _("Some fields are not valid."), field_errors=field_errors)


def _locked(queryset: models.QuerySet[M], pk: Any) -> M:
    try:
        found = queryset.select_for_update(no_key=True).filter(pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise NotFound(_("Not found."))
    return found


# Loading the data files


@dataclass
class LoadReport:
    """Codes by catalogue key: entries created, updated, and kept because an administrator edited them;
    and how many entries of each catalogue the files already matched."""

    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def add(self, bucket: dict[str, list[str]], catalogue: Catalogue, code: str) -> None:
        bucket.setdefault(catalogue.key, []).append(code)

    def add_unchanged(self, catalogue: Catalogue) -> None:
        self.unchanged[catalogue.key] = self.unchanged.get(catalogue.key, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "kept_admin_edits": self.kept}

    def _counts(self, keys: list[str]) -> dict[str, int]:
        return {
            "created": sum(len(self.created.get(key, [])) for key in keys),
            "updated": sum(len(self.updated.get(key, [])) for key in keys),
            "unchanged": sum(self.unchanged.get(key, 0) for key in keys),
            "kept": sum(len(self.kept.get(key, [])) for key in keys),
        }

    def summary(self) -> str:
        """One line: the catalogues and their entries created, updated, unchanged and kept."""
        keys = [catalogue.key for catalogue in CATALOGUES]
        return _(
            "Catalogues: %(catalogues)d loaded; entries: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(kept)d kept as edited by an administrator."
        ) % {"catalogues": len(keys), **self._counts(keys)}

    def details(self) -> list[str]:
        """One line per catalogue, naming the codes created, updated and kept."""
        lines = []
        for catalogue in CATALOGUES:
            line = _(
                "%(title)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(kept)d kept"
            ) % {"title": catalogue.title, **self._counts([catalogue.key])}
            for label, bucket in ((_("created"), self.created), (_("updated"), self.updated),
                                  (_("kept"), self.kept)):
                if catalogue.key in bucket:
                    line += f"; {label}: {', '.join(bucket[catalogue.key])}"
            lines.append(line)
        return lines


def _row_values(
    catalogue: Catalogue, planned: PlannedEntry, position: int, references: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """Database values of a planned entry; a field the file leaves out takes the model's default."""
    values: dict[str, Any] = {"position": position}
    for name in catalogue.data_fields:
        model_field = catalogue.field(name)
        value = planned.values.get(name, model_field.get_default())
        if isinstance(model_field, models.ForeignKey):
            values[model_field.attname] = None if value is None else references[name][value]
        else:
            values[name] = value
    return values


def _apply_catalogue(catalogue: Catalogue, planned_entries: list[PlannedEntry], report: LoadReport) -> None:
    existing = {entry.code: entry for entry in catalogue.model._default_manager.all()}
    references = {
        fk.name: dict(fk.related_model._default_manager.values_list("code", "pk")) for fk in catalogue.foreign_keys
    }
    for position, planned in enumerate(planned_entries, start=1):
        values = _row_values(catalogue, planned, position, references)
        entry = existing.get(planned.code)
        if entry is None:
            catalogue.model._default_manager.create(code=planned.code, **values)
            report.add(report.created, catalogue, planned.code)
            continue
        changed = [name for name, value in values.items() if getattr(entry, name) != value]
        if not changed:
            report.add_unchanged(catalogue)
            continue
        if entry.edited_by_admin:
            report.add(report.kept, catalogue, planned.code)
            continue
        for name in changed:
            setattr(entry, name, values[name])
        entry.save(update_fields=[*changed, "updated_at"])
        report.add(report.updated, catalogue, planned.code)


@transaction.atomic
def catalogues_load(*, acting_user: Any = SYSTEM, directory: Path | None = None) -> LoadReport:
    """Load the data files: create missing entries, update entries no administrator has edited,
    never touch an administrator's edit. All or nothing; one audit event when anything changed.

    Raises ``loader.CatalogueFileError`` (nothing written) when a file has a bad entry."""
    _ensure_manager(acting_user)
    directory = directory or DATA_DIR
    plan = read_catalogue_files(directory)
    report = LoadReport()
    for catalogue in CATALOGUES:
        _apply_catalogue(catalogue, plan[catalogue.key], report)
    if report.changed:
        audit.record(acting_user, "catalogue.loaded", after=report.as_dict(), note=str(directory))
    return report


# An administrator's correction


def _assign(catalogue: Catalogue, entry: CatalogueEntry, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        model_field = catalogue.field(name)
        if isinstance(value, str) and not isinstance(model_field, models.JSONField):
            value = value.strip()
        try:
            if isinstance(model_field, models.ForeignKey):
                value = value.pk if isinstance(value, models.Model) else value
                value = None if value in (None, "") else model_field.target_field.to_python(value)
                setattr(entry, model_field.attname, value)
            else:
                setattr(entry, name, model_field.to_python(value))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise _invalid(errors)


@transaction.atomic
def catalogue_entry_update(
    *, model_label: str, entry_id: int, data: dict[str, Any], acting_user: Any
) -> CatalogueEntry:
    """Correct an entry. ``model_label`` names its table ("catalogues.deadlinerule"); ``data`` maps
    editable fields to new values. The entry is then kept as edited when the data files reload."""
    _ensure_manager(acting_user)
    catalogue = catalogue_by_label(model_label)
    entry = _locked(catalogue.model._default_manager.all(), entry_id)
    unknown = sorted(set(data) - set(catalogue.editable))
    if unknown:
        raise _invalid({name: [_("This field cannot be changed.")] for name in unknown})
    fields = list(data)
    before = audit.snapshot(entry, fields)
    _assign(catalogue, entry, data)
    try:
        entry.full_clean(exclude=["edited_by_admin"])
    except ValidationError as error:
        raise _invalid(error.message_dict) from error
    after = audit.snapshot(entry, fields)
    changed = [name for name in fields if before[name] != after[name]]
    if not changed:
        return entry
    entry.edited_by_admin = True
    entry.save()
    audit.record(
        acting_user, "catalogue.entry_updated", entry,
        before={name: before[name] for name in changed}, after={name: after[name] for name in changed},
        note=catalogue.key,
    )
    return entry


# Calendar overrides


def _check_override(day: Any, kind: str, name: str) -> None:
    errors = {}
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        errors["day"] = [_("Enter a date.")]
    if kind not in OverrideKind.values:
        errors["kind"] = [_("Choose an extra day off or a make-up working day.")]
    if not name:
        errors["name"] = [_("Say what the day is, e.g. the decision that sets it.")]
    elif len(name) > OVERRIDE_NAME_LENGTH:
        errors["name"] = [_("Keep the name under 200 characters.")]
    if errors:
        raise _invalid(errors)
    if problem := calendar.override_problem(day, kind):
        raise ServiceError("invalid", problem, field_errors={"kind": [problem]})


@transaction.atomic
def calendar_override_set(*, day: dt.date, kind: str, name: str, acting_user: Any) -> CalendarOverride:
    """Make ``day`` an extra day off or a make-up working day (replacing any override of that day)."""
    _ensure_manager(acting_user)
    name = normalize_spaces(name or "")
    _check_override(day, kind, name)
    override = CalendarOverride.objects.select_for_update(no_key=True).filter(day=day).first()
    before = audit.snapshot(override, OVERRIDE_FIELDS) if override else None
    override = override or CalendarOverride(day=day)
    override.kind, override.name = kind, name
    after = audit.snapshot(override, OVERRIDE_FIELDS)
    if before == after:
        return override
    try:
        with transaction.atomic():
            override.save()
    except IntegrityError as exc:
        raise ServiceError("conflict", _("Someone else set this day at the same time. Try again.")) from exc
    audit.record(acting_user, "calendar.override_set", override, before=before, after=after)
    transaction.on_commit(partial(calendar.forget_year, day.year))
    return override


@transaction.atomic
def calendar_override_remove(*, override_id: int, acting_user: Any) -> CalendarOverride:
    """Remove an override: the day follows the public-holiday calendar again. Returns the removed
    override (no longer saved)."""
    _ensure_manager(acting_user)
    override = _locked(CalendarOverride.objects.all(), override_id)
    audit.record(acting_user, "calendar.override_removed", override, before=audit.snapshot(override, OVERRIDE_FIELDS))
    override.delete()
    transaction.on_commit(partial(calendar.forget_year, override.day.year))
    return override
