"""The unit summary of a period: how many reviews stand at each level in the subtree of every party
organisation directly below the chosen one (and at the unit itself), people and collectives apart, with the totals,
folded by path from the counts by unit and level that the services keep (``LevelCount``): a province's
summary reads a few thousand counts, not its 150,000 reviews."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum, Value
from django.db.models.functions import Left, StrIndex, Substr
from django.http import Http404

from neuguong.accounts.scoping import access
from neuguong.core.text import search_key
from neuguong.orgs.models import PARTY_KINDS, Unit

from .. import rules
from ..models import LevelCount, Period, Review
from .periods import VIEW, period_get
from .quota import LEVELLED


@dataclass
class SummaryRow:
    unit: Unit | None  # None: the reviews held at the chosen unit itself
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.LEVELS, 0))
    collectives: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.LEVELS, 0))
    waiting: int = 0  # reviews not yet classified

    @property
    def classified(self) -> int:
        return sum(self.people.values()) + sum(self.collectives.values())

    @property
    def total(self) -> int:
        return self.classified + self.waiting


@dataclass
class Summary:
    period: Period
    unit: Unit
    rows: list[SummaryRow]
    total: SummaryRow


def summary_unit(period: Period, unit_id: Any) -> Unit:
    """The unit asked for, inside the period's subtree (else 404), or the period's unit."""
    if not unit_id:
        return period.unit
    try:
        return Unit.objects.get(pk=int(unit_id), path__startswith=period.unit.path)
    except (Unit.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def level_summary(user: Any, period_id: Any, *, unit_id: Any = None) -> Summary:
    """The levels by subtree of the units directly below ``unit_id`` (the period's unit by default),
    for a user who reads the period (else 404). Three queries (with the user's roles, read once)."""
    # Only the columns the summary's page, download and API read (the raw SQL of the bench reads as many).
    period = access(Period.objects.select_related("unit").only("title", "unit__name", "unit__path"), user, period_id,
                    view=VIEW)
    unit = summary_unit(period, unit_id)
    children = list(Unit.objects.filter(parent=unit, kind__in=PARTY_KINDS).only("name", "path").order_by("path"))
    rows = {child.path: SummaryRow(child) for child in children}
    own, total = SummaryRow(None), SummaryRow(None)
    depth = len(unit.path)
    # The path of the unit directly below that holds each count (the unit's own path for its own),
    # so the database adds the counts up by child: a few hundred rows for a province.
    child = Left("unit__path", StrIndex(Substr("unit__path", depth + 1), Value("/")) + depth)
    counts = (LevelCount.objects.filter(period=period, unit__path__startswith=unit.path, reviews__gt=0)
              .annotate(child=child).values_list("child", "collective", "level").annotate(n=Sum("reviews")))
    for path, collective, level, n in counts:
        row = rows.get(path, own)
        for target in (row, total):
            if level in rules.LEVELS:
                (target.collectives if collective else target.people)[level] += n
            else:
                target.waiting += n
    listed = [row for row in rows.values()]
    if own.total:
        listed.insert(0, own)
    return Summary(period, unit, listed, total)


def summary_reviews(user: Any, period_id: Any, *, unit_id: Any = None, level: str = "",
                    collective: bool | None = None, q: str = ""):
    """The drill-down: the reviews of the subtree of ``unit_id`` in the period, at ``level`` if given
    (``waiting`` for those not yet classified), people or collectives, ``q`` in the person's or the unit's
    name (diacritics ignored); for a user who reads the period."""
    period = period_get(user, period_id)
    unit = summary_unit(period, unit_id)
    reviews = Review.objects.filter(period=period, unit__path__startswith=unit.path)
    if q := (q or "").strip():
        key = search_key(q)
        reviews = reviews.filter(Q(person__search_name__contains=key) | Q(unit__search_name__contains=key))
    if level == "waiting":
        reviews = reviews.exclude(status__in=LEVELLED)
    elif level in rules.LEVELS:
        reviews = reviews.filter(status__in=LEVELLED, level=level)
    elif level:
        raise Http404
    if collective is not None:
        reviews = reviews.filter(person__isnull=collective)
    return reviews.select_related("unit", "person").order_by("unit__path", "person__sort_key", "pk")
