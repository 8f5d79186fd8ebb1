"""Helpers of the catalogue tests."""

from pathlib import Path
from typing import Any

from neuguong.catalogues.models import CalendarOverride
from neuguong.catalogues.registry import CATALOGUES


def catalogue_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every catalogue table and of the calendar overrides, to prove nothing changed."""
    rows = {c.key: list(c.model.objects.order_by("pk").values()) for c in CATALOGUES}
    rows["calendar_overrides"] = list(CalendarOverride.objects.order_by("pk").values())
    return rows


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
