"""Reads of the review periods, limited to the user's subtrees, with their progress."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from neuguong.accounts.scoping import access, scoped

from ..models import Period, Review, ReviewStatus

VIEW = "evaluation.view"


def periods_visible_to(user: Any, *, year: int | None = None, status: str = "") -> QuerySet[Period]:
    periods = scoped(Period.objects.all(), user, VIEW)
    if year:
        periods = periods.filter(year=year)
    if status:
        periods = periods.filter(status=status)
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
