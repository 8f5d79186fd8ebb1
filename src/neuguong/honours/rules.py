"""The rules of emulation and commendation that reads and writes both need: the catalogue of titles
and forms, the kinds of round, the fields, the council's quorum and majority, and the party
membership badges (Huy hiệu Đảng) with their award days.

They come from ``data/honours.yaml``, shipped with the app (read once, never from outside it).
"""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from neuguong.catalogues.language import tr

DATA = Path(__file__).resolve().parent / "data" / "honours.yaml"
INDIVIDUAL, COLLECTIVE, BOTH = "individual", "collective", "both"
PARTY_BADGE = "party_badge"


@cache
def data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    name_en: str
    recipient: str = BOTH
    kind: str = ""
    years: int | None = None

    @property
    def label(self) -> str:
        return str(tr({"name": self.name, "name_en": self.name_en}, "name"))

    def fits(self, recipient: str) -> bool:
        return self.recipient in (BOTH, recipient)


def _entries(key: str) -> dict[str, Entry]:
    return {item["code"]: Entry(code=item["code"], name=item["name"], name_en=item["name_en"],
                                recipient=item.get("for", BOTH), kind=item.get("kind", ""), years=item.get("years"))
            for item in data()[key]}


@cache
def awards() -> dict[str, Entry]:
    return _entries("awards")


@cache
def round_kinds() -> dict[str, Entry]:
    return _entries("round_kinds")


@cache
def fields() -> dict[str, Entry]:
    return _entries("fields")


def label_of(catalogue: dict[str, Entry], code: str) -> str:
    entry = catalogue.get(code)
    return entry.label if entry is not None else code


def _fraction(text: str) -> Fraction:
    return Fraction(str(text))


def quorum_met(*, members: int, present: int) -> bool:
    """The council sits when at least the quorum of its members are present."""
    return members > 0 and Fraction(present, members) >= _fraction(data()["council"]["quorum"])


def passes(*, present: int, votes_for: int) -> bool:
    """A nomination passes when the votes for it are more than the majority of the members present."""
    return present > 0 and Fraction(votes_for, present) > _fraction(data()["council"]["majority"])


def badge_milestones() -> list[int]:
    return list(data()["party_badge"]["milestones"])


def badge_code(years: int) -> str:
    return f"party.badge_{years}"


def award_days(year: int) -> list[dt.date]:
    days = []
    for text in data()["party_badge"]["award_days"]:
        month, day = (int(part) for part in text.split("-"))
        days.append(dt.date(year, month, day))
    return sorted(days)


def next_award_day(today: dt.date) -> dt.date:
    """The next day Huy hiệu Đảng are awarded, today included."""
    for day in award_days(today.year) + award_days(today.year + 1):
        if day >= today:
            return day
    raise AssertionError("award days every year")  # pragma: no cover


def anniversary(joined_on: dt.date, years: int) -> dt.date:
    """The day a member joined ``years`` years before (29/02 falls on 28/02)."""
    try:
        return joined_on.replace(year=joined_on.year + years)
    except ValueError:
        return joined_on.replace(year=joined_on.year + years, day=28)
