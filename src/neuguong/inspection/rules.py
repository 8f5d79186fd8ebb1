"""The rules of party discipline that both reads and writes need, kept apart from both: the forms
that fit a subject, the limitation period (thời hiệu), the appeal deadline and when a decision's effect
ends (discipline that has run its course).

The forms and their years come from the catalogue (``discipline_forms``, editable by administrators);
the kinds of violation without a limitation period, the appeal deadline and how periods are counted
come from ``data/discipline_rules.yaml``, shipped with the app (read once, never from outside it).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import QuerySet

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.language import in_english
from neuguong.catalogues.models import DisciplineForm, DisciplineSubject

DATA = Path(__file__).resolve().parent / "data" / "discipline_rules.yaml"
# Forms for a member who holds a post only (Cách chức): the catalogue code's last part.
POST_ONLY_FORMS = frozenset({"dismissal"})


@cache
def data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    name_en: str

    @property
    def label(self) -> str:
        return self.name_en if in_english() and self.name_en else self.name


def exemptions() -> list[Choice]:
    """Kinds of violation to which no limitation period applies."""
    return [Choice(item["code"], item["name"], item.get("name_en", ""))
            for item in data()["limitation_exemptions"]["items"]]


def exemption_label(code: str) -> str:
    return next((choice.label for choice in exemptions() if choice.code == code), code)


def appeal_months() -> int:
    return int(data()["appeal"]["deadline_months"])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day (31/01 → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def limitation_last_day(occurred_on: dt.date, years: int) -> dt.date:
    """The last day on which a violation of ``occurred_on`` can still be disciplined: the same day
    ``years`` later (the day of the violation is not counted; 29/02 ends on 28/02)."""
    return add_months(occurred_on, 12 * years)


def appeal_last_day(notified_on: dt.date) -> dt.date:
    return add_months(notified_on, appeal_months())


def effect_months() -> int:
    return int(data()["effect_period"]["months"])


def effect_ends(form: DisciplineForm) -> bool:
    """Whether a decision of this form stops having effect after the period (never an expulsion)."""
    return form.code.rsplit(".", 1)[-1] not in set(data()["effect_period"]["forms_without_end"])


def effect_last_day(course_from: dt.date) -> dt.date:
    """The last day a decision has effect, counted from its effective date or its last appeal resolved."""
    return add_months(course_from, effect_months())


def is_post_only(form: DisciplineForm) -> bool:
    return form.code.rsplit(".", 1)[-1] in POST_ONLY_FORMS


def forms_for(subject_kind: str, *, held_post: bool) -> QuerySet[DisciplineForm]:
    """The catalogue's forms that fit the subject: Cách chức only for a member holding a post."""
    forms = catalogue.discipline_forms(subject_kind)
    if not held_post:
        forms = forms.exclude(code__in=[f"{subject_kind}.{suffix}" for suffix in POST_ONLY_FORMS])
    return forms


SUBJECT_KINDS = DisciplineSubject
