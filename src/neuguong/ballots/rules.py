"""What the catalogues say about ballots: levels, thresholds, invalid-ballot reasons, quorum.

Nothing here is a constant: every figure and wording is read from the catalogue tables (loaded by
``manage.py load_catalogues`` and corrected by administrators). A campaign takes a snapshot when
it opens (``Campaign.rules``) so that later catalogue edits never change a running count.
"""

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues.language import tr

from .models import CampaignKind
from .tally import Threshold


def _localised(name: str, name_en: str) -> dict[str, str]:
    return {"label": name, "label_en": name_en or name}


def label(item: dict[str, Any]) -> str:
    """An option's or reason's label in the active language."""
    return str(tr(item, "label"))


def _low_levels(body: str) -> set[str]:
    return set(catalogue.confidence_thresholds(body).values_list("level", flat=True))


def level_options(body: str = "party") -> list[dict[str, Any]]:
    """The confidence levels as options; the level the thresholds count is the ``low`` one."""
    low = _low_levels(body)
    return [{"code": level.code, **_localised(level.name, level.name_en), "low": level.code in low}
            for level in catalogue.confidence_levels()]


def vote_options() -> list[dict[str, Any]]:
    """A confidence vote has two answers; its "no confidence" share is read against the thresholds."""
    return [
        {"code": "confidence", "label": _("Confidence"), "label_en": "Confidence", "low": False},
        {"code": "no_confidence", "label": _("No confidence"), "label_en": "No confidence", "low": True},
    ]


def main_question(kind: str, body: str = "party") -> dict[str, Any]:
    if kind == CampaignKind.CONFIDENCE_VOTE:
        return {"text": _("Your vote"), "options": vote_options()}
    if kind == CampaignKind.RESIDENTS_EVALUATION:
        return {"text": _("Overall evaluation"), "options": level_options(body)}
    return {"text": _("Level of confidence"), "options": level_options(body)}


def snapshot(body: str) -> dict[str, Any]:
    """The catalogue rules a campaign keeps from the moment it opens."""
    return {
        "quorum": str(catalogue.confidence_quorum()),
        "thresholds": [
            {"code": t.code, "level": t.level, "lower": t.lower, "lower_inclusive": t.lower_inclusive,
             "upper": t.upper, "upper_inclusive": t.upper_inclusive, "consequence": t.consequence,
             "consequence_en": t.consequence_en}
            for t in catalogue.confidence_thresholds(body)
        ],
        "invalid_reasons": [{"code": r.code, "label": r.text, "label_en": r.text_en}
                            for r in catalogue.invalid_ballot_reasons()],
    }


def quorum_of(rules: dict[str, Any]) -> tuple[int, int]:
    fraction = Fraction(rules.get("quorum") or "0")
    return fraction.numerator, fraction.denominator


def thresholds_of(rules: dict[str, Any]) -> list[Threshold]:
    return [
        Threshold(code=t["code"], lower=Fraction(t["lower"]), lower_inclusive=t["lower_inclusive"],
                  upper=Fraction(t["upper"]) if t.get("upper") else None, upper_inclusive=t["upper_inclusive"])
        for t in rules.get("thresholds", [])
    ]


def consequence_of(rules: dict[str, Any], code: str) -> str:
    """The consequence of a threshold in the active language (a campaign opened before the
    catalogues were bilingual kept only one wording, which is then shown)."""
    return next((str(tr(t, "consequence")) for t in rules.get("thresholds", []) if t["code"] == code), "")


def codes_margin() -> tuple[Fraction, int]:
    """How many codes may be issued without a confirmation: ``factor`` × summoned + ``extra``."""
    value = catalogue.setting_value("ballots.codes_margin")
    return Fraction(value["factor"]), int(value["extra"])
