"""Yearly themes of study, central and the province's own, entered by staff with their guidance
documents (the product ships no theme text)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from neuguong.audit import services as audit

from ..models import Theme, ThemeDocument, ThemeLevel
from .common import (
    FIRST_YEAR,
    LAST_YEAR,
    active_unit,
    actor_of,
    checked_file,
    clean_long_text,
    clean_text,
    invalid,
    locked,
    store_file,
)


def check_year(year: Any) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise invalid("year", _("Enter a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    return year


@transaction.atomic
def theme_create(*, unit_id: int, year: int, level: str, title: str, acting_user: Any, summary: str = "") -> Theme:
    """A theme kept by the committee ``unit_id``; its plans are made by that committee and the units below."""
    unit = active_unit(acting_user, unit_id)
    year, level, title = check_year(year), _check_level(level), _check_title(title)
    theme = Theme.objects.create(unit=unit, year=year, level=level, title=title, summary=clean_long_text(summary),
                                 created_by=actor_of(acting_user))
    audit.record(acting_user, "study_theme.created", theme, after={"year": year, "level": level, "title": title})
    return theme


def _check_level(level: Any) -> str:
    if level not in ThemeLevel.values:
        raise invalid("level", _("Choose central or provincial."))
    return str(level)


def _check_title(title: Any) -> str:
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the theme its title."))
    return title


@transaction.atomic
def theme_update(*, theme_id: int, year: int, level: str, title: str, acting_user: Any, summary: str = "") -> Theme:
    """Correct a theme's year, level, title or summary. Its plans carry its year: once a unit has a
    plan for the theme, the year stays."""
    theme = locked(Theme.objects.select_related("unit"), acting_user, theme_id, action="study.manage")
    year, level, title = check_year(year), _check_level(level), _check_title(title)
    if year != theme.year and theme.plans.exists():
        raise invalid("year", _("Units already have plans for this theme: its year can no longer change."))
    before = {"year": theme.year, "level": theme.level, "title": theme.title, "summary": theme.summary}
    theme.year, theme.level, theme.title, theme.summary = year, level, title, clean_long_text(summary)
    after = {"year": theme.year, "level": theme.level, "title": theme.title, "summary": theme.summary}
    if after != before:
        theme.save(update_fields=["year", "level", "title", "summary"])
        changed = [key for key in after if after[key] != before[key]]
        audit.record(acting_user, "study_theme.updated", theme, before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    return theme


@transaction.atomic
def theme_document_add(*, theme_id: int, title: str, upload: Any, acting_user: Any) -> ThemeDocument:
    """A guidance document (PDF or DOCX, checked by its content) added to a theme."""
    theme = locked(Theme.objects.select_related("unit"), acting_user, theme_id, action="study.manage")
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the document a title."))
    if not upload:
        raise invalid("file", _("Choose the file of the document."))
    checked = checked_file(upload, "file")
    document = ThemeDocument(theme=theme, title=title, uploaded_by=actor_of(acting_user))
    store_file(document, checked)
    try:
        document.save()
        audit.record(acting_user, "study_theme.document_added", document,
                     after={"theme": theme.pk, "title": title, "sha256": checked.sha256})
    except BaseException:
        document.file.delete(save=False)
        raise
    return document
