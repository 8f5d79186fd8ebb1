"""Reading and checking the catalogue data files (``data/*.yaml``) before anything is written.

A data file maps catalogue sections (``deadline_rules``, ``manifestations``…, see ``registry``) to
lists of entries. Every entry is checked: its code, the type of every value, the model's own
rules and references to other catalogues by code. Any problem rejects the whole load, with
messages naming the file and the entry.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .registry import BY_KEY, CATALOGUES, Catalogue

DATA_DIR = Path(__file__).resolve().parent / "data"


class CatalogueFileError(Exception):
    """The data files were rejected; ``problems`` holds one message per bad entry."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PlannedEntry:
    catalogue: Catalogue
    code: str
    values: dict[str, Any]  # field name -> value; a foreign key holds the code of the entry it names
    origin: str  # "petitions.yaml: deadline_rules[2] (code kn_resolve_1)"


def _type_problem(field: models.Field, value: Any) -> str | None:
    """Why ``value`` cannot go into ``field``, judged strictly (YAML "10" is text, not a number)."""
    if value is None:
        return None if field.null else _("a value is required")
    if isinstance(field, models.BooleanField):
        return None if isinstance(value, bool) else _("expected true or false")
    if isinstance(field, models.IntegerField):
        return None if isinstance(value, int) and not isinstance(value, bool) else _("expected a whole number")
    if isinstance(field, models.JSONField):
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            return _("expected plain text, numbers, lists or mappings (put dates in quotes)")
        return None
    if isinstance(field, models.CharField | models.TextField | models.ForeignKey):
        return None if isinstance(value, str) else _("expected text")
    return None


def _entry_values(catalogue: Catalogue, item: dict[str, Any], origin: str) -> tuple[dict[str, Any], list[str]]:
    problems = []
    unknown = sorted(set(item) - set(catalogue.data_fields) - {"code"})
    if unknown:
        problems.append(_("%(origin)s: unknown fields %(fields)s") % {"origin": origin, "fields": ", ".join(unknown)})
    values = {}
    for name in catalogue.data_fields:
        field = catalogue.field(name)
        if name not in item:
            continue
        if problem := _type_problem(field, item[name]):
            problems.append(f"{origin}: {name}: {problem}")
        else:
            values[name] = item[name]
    for field in catalogue.foreign_keys:
        if not field.null and field.name not in item:
            problems.append(f"{origin}: {field.name}: {_('a value is required')}")
    return values, problems


def _model_problems(catalogue: Catalogue, code: str, values: dict[str, Any], origin: str) -> list[str]:
    """The model's own rules: required fields, lengths, choices, ranges and cross-field checks."""
    foreign_keys = {field.name for field in catalogue.foreign_keys}
    entry = catalogue.model(code=code, **{k: v for k, v in values.items() if k not in foreign_keys})
    exclude = ["id", "position", "edited_by_admin", "updated_at", *foreign_keys]
    try:
        entry.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [
            f"{origin}: {'' if field == '__all__' else field + ': '}{message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _check_entry(catalogue: Catalogue, item: Any, origin: str) -> tuple[PlannedEntry | None, list[str]]:
    if not isinstance(item, dict):
        return None, [_("%(origin)s: expected a mapping of fields") % {"origin": origin}]
    code = item.get("code")
    if not isinstance(code, str) or not code.strip():
        return None, [_("%(origin)s: the entry has no code") % {"origin": origin}]
    origin = _("%(origin)s (code %(code)s)") % {"origin": origin, "code": code}
    values, problems = _entry_values(catalogue, item, origin)
    if problems:
        return None, problems
    if problems := _model_problems(catalogue, code, values, origin):
        return None, problems
    return PlannedEntry(catalogue, code, values, origin), []


def _read_file(path: Path) -> tuple[list[PlannedEntry], list[str]]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [_("%(file)s: cannot be read: %(error)s") % {"file": path.name, "error": error}]
    if not isinstance(content, dict):
        return [], [_("%(file)s: expected sections of catalogue entries") % {"file": path.name}]
    entries, problems = [], []
    for section, items in content.items():
        catalogue = BY_KEY.get(section)
        if catalogue is None:
            problems.append(_("%(file)s: unknown catalogue %(section)s") % {"file": path.name, "section": section})
            continue
        if not isinstance(items, list):
            problems.append(_("%(file)s: %(section)s: expected a list of entries") % {"file": path.name,
                                                                                     "section": section})
            continue
        for index, item in enumerate(items):
            entry, entry_problems = _check_entry(catalogue, item, f"{path.name}: {section}[{index}]")
            problems.extend(entry_problems)
            if entry is not None:
                entries.append(entry)
    return entries, problems


def _duplicate_problems(entries: list[PlannedEntry]) -> list[str]:
    first: dict[tuple[str, str], PlannedEntry] = {}
    problems = []
    for entry in entries:
        key = (entry.catalogue.key, entry.code)
        if key in first:
            problems.append(_("%(origin)s: duplicate code, already used by %(first)s")
                            % {"origin": entry.origin, "first": first[key].origin})
        else:
            first[key] = entry
    return problems


def _reference_problems(entries: list[PlannedEntry]) -> list[str]:
    """Every code a foreign key names exists in the files or already in the database."""
    planned: dict[type[models.Model], set[str]] = {}
    for entry in entries:
        planned.setdefault(entry.catalogue.model, set()).add(entry.code)
    problems = []
    for entry in entries:
        for field in entry.catalogue.foreign_keys:
            code = entry.values.get(field.name)
            target = field.related_model
            if code is None or code in planned.get(target, set()):
                continue
            if not target._default_manager.filter(code=code).exists():
                problems.append(_("%(origin)s: %(field)s: no %(target)s has the code %(code)s")
                                % {"origin": entry.origin, "field": field.name,
                                   "target": target._meta.verbose_name, "code": code})
    return problems


def read_catalogue_files(directory: Path) -> dict[str, list[PlannedEntry]]:
    """Every entry of the data files in ``directory``, checked, by catalogue key in file order.

    Raises ``CatalogueFileError`` listing every problem found; nothing has been written then."""
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not paths:
        raise CatalogueFileError([_("%(dir)s: no catalogue data files (*.yaml) found") % {"dir": directory}])
    entries, problems = [], []
    for path in paths:
        file_entries, file_problems = _read_file(path)
        entries.extend(file_entries)
        problems.extend(file_problems)
    problems += _duplicate_problems(entries)
    if not problems:
        problems += _reference_problems(entries)
    if problems:
        raise CatalogueFileError(problems)
    return {catalogue.key: [e for e in entries if e.catalogue is catalogue] for catalogue in CATALOGUES}
