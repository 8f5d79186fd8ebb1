"""Reads of the review periods, limited to the user's subtrees, with their progress."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from neuguong.accounts.scoping import access, scoped
from neuguong.core.text import search_key
from neuguong.orgs.models import Unit

from ..models import Period, PeriodStatus, Review, ReviewStatus

VIEW = "evaluation.view"


def periods_visible_to(user: Any, *, year: int | None = None, status: str = "", kind: str = "",
                       unit: Unit | None = None, q: str = "") -> QuerySet[Period]:
    """The periods of the user's subtrees, newest first, each with ``review_count``; ``unit`` keeps
    the periods of its subtree, ``q`` those whose unit's name holds the words (diacritics ignored) or
    whose title holds them as typed."""
    periods = scoped(Period.objects.all(), user, VIEW)
    if year:
        periods = periods.filter(year=year)
    if status:
        periods = periods.filter(status=status)
    if kind:
        periods = periods.filter(kind=kind)
    if unit is not None:
        periods = periods.filter(unit__path__startswith=unit.path)
    if q := (q or "").strip():
        periods = periods.filter(Q(unit__search_name__contains=search_key(q)) | Q(title__icontains=q))
    return periods.select_related("unit", "job").annotate(review_count=Count("reviews")).order_by(
        "-year", "-opens_on", "pk")


def period_get(user: Any, period_id: Any) -> Period:
    return access(Period.objects.select_related("unit", "job").prefetch_related("templates"), user, period_id,
                  view=VIEW)


@dataclass(frozen=True)
class Progress:
    total: int
    by_status: dict[str, int]

    @property
    def decided(self) -> int:
        return sum(self.by_status.get(code, 0) for code in (ReviewStatus.APPROVED, ReviewStatus.NOTIFIED,
                                                              ReviewStatus.APPEALED))

    @property
    def percent_decided(self) -> int:
        return self.decided * 100 // self.total if self.total else 0

    def rows(self) -> list[tuple[str, str, int]]:
        return [(status.value, str(status.label), self.by_status.get(status.value, 0)) for status in ReviewStatus]


def period_progress(period: Period) -> Progress:
    """How many reviews of the period stand at each step, in one query."""
    counts = dict(Review.objects.filter(period=period).order_by().values_list("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    return Progress(sum(counts.values()), counts)


def periods_closing(user: Any, *, until: Any, limit: int) -> list[Period]:
    """Open periods of the user's subtrees closing by ``until`` that still have reviews before the
    superior's assessment, soonest first, each with ``unfinished`` (one query)."""
    early = (ReviewStatus.OPEN, ReviewStatus.SELF_ASSESSED, ReviewStatus.COLLECTIVE_REVIEWED)
    return list(scoped(Period.objects.filter(status=PeriodStatus.OPEN, closes_on__lte=until), user, VIEW)
                .annotate(unfinished=Count("reviews", filter=Q(reviews__status__in=early)))
                .filter(unfinished__gt=0).select_related("unit").order_by("closes_on", "pk")[:limit])
