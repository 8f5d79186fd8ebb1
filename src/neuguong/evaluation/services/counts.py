"""The counts of reviews by unit and level (``LevelCount``) that the unit summary adds up, kept in the
transaction that changes them: +1 not yet classified for each review created, a move from one level
to another when a review's level is set or changed (classification, one review or the whole period,
and the resolution of an appeal). Moves are added with ``INSERT … ON CONFLICT DO UPDATE``, so two
transactions moving reviews of the same unit never conflict. ``period_recount`` counts a period again
from its reviews (after the reviews are created, and to repair)."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from .. import rules
from ..models import LevelCount, Period, Review
from ..selectors.quota import LEVELLED

WAITING = ""  # the level of the reviews not yet classified
Key = tuple[int, bool, str]  # unit id, collective, level


def bucket(status: str, level: str) -> str:
    """Where a review is counted: its level once classified, else among those not yet classified."""
    return level if status in LEVELLED and level in rules.LEVELS else WAITING


def counts_add(period_id: int, deltas: Iterable[tuple[Key, int]]) -> None:
    """Add ``deltas`` (by unit, collective and level) to the period's counts."""
    rows = [(period_id, unit_id, collective, level, n) for (unit_id, collective, level), n in deltas if n]
    if not rows:
        return
    table = LevelCount._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period_id, unit_id, collective, level, reviews) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (period_id, unit_id, collective, level) DO UPDATE "
            f"SET reviews = {table}.reviews + excluded.reviews",
            [value for row in rows for value in row])


def review_moved(review: Review, before: str, after: str) -> None:
    """One review counted at ``after`` instead of ``before`` (levels, empty: not yet classified)."""
    if before != after:
        key = (review.unit_id, review.person_id is None)
        counts_add(review.period_id, [((*key, before), -1), ((*key, after), 1)])


def period_recount(period: Period) -> None:
    """The period's counts from its reviews, in one grouped query. The period's row is locked."""
    with transaction.atomic():
        Period.objects.select_for_update(no_key=True).filter(pk=period.pk).first()
        counts: Counter[Key] = Counter()
        for unit_id, collective, status, level, n in _grouped(period):
            counts[(unit_id, collective, bucket(status, level))] += n
        LevelCount.objects.filter(period=period).delete()
        LevelCount.objects.bulk_create([LevelCount(period=period, unit_id=unit_id, collective=collective,
                                                   level=level, reviews=n)
                                        for (unit_id, collective, level), n in counts.items()], batch_size=1000)


def _grouped(period: Period) -> Any:
    return (Review.objects.filter(period=period).order_by()
            .annotate(collective=ExpressionWrapper(Q(person__isnull=True), output_field=BooleanField()))
            .values_list("unit_id", "collective", "status", "level").annotate(n=Count("pk")))
