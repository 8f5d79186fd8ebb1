"""Bilingual catalogue texts: the field ``<name>`` holds the Vietnamese text and ``<name>_en`` the
English one; pages, the API and the minutes show the one of the active language."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language

ENGLISH_SUFFIX = "_en"
PROSE_WORDS = 3  # a text of this many words or more is a sentence a reader reads, not a code


def in_english() -> bool:
    return (get_language() or "vi").startswith("en")


def english_field(name: str) -> str:
    return f"{name}{ENGLISH_SUFFIX}"


def is_english_field(name: str) -> bool:
    return name.endswith(ENGLISH_SUFFIX)


def tr(source: Any, name: str) -> Any:
    """``source[name]`` or ``source.name`` in the active language; a missing English text falls back
    to the Vietnamese one. Works on catalogue entries and on the mappings campaigns keep."""
    if isinstance(source, Mapping):
        english = source.get(english_field(name)) if in_english() else None
        return english if english not in (None, "") else source.get(name, "")
    if hasattr(source, "tr"):
        return source.tr(name)
    return getattr(source, name, "")


def has_prose(value: Any) -> bool:
    """Whether a setting's value holds a sentence (so it needs an English twin)."""
    if isinstance(value, str):
        return len(value.split()) >= PROSE_WORDS
    if isinstance(value, list):
        return any(has_prose(item) for item in value)
    if isinstance(value, dict):
        return any(has_prose(item) for item in value.values())
    return False
