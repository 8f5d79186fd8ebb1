"""The counts by unit and level that the unit summary adds up follow every change of a review's level
(one review's classification, the whole period's, the resolution of an appeal), equal a count of the
reviews themselves, and the rules the set-based classification reads give what ``rules.outcome`` gives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from neuguong.core.errors import ServiceError
from neuguong.evaluation import rules, selectors, services
from neuguong.evaluation.models import LevelCount, Review, ReviewStatus, Score, Task
from neuguong.evaluation.services import counts

from .conftest import review_of, to_classified
from .test_bulk_classification import _assessed_province

S = ReviewStatus


def _stored(period) -> dict:
    return {(c.unit_id, c.collective, c.level): c.reviews
            for c in LevelCount.objects.filter(period=period).exclude(reviews=0)}


def _counted(period) -> dict:
    found: dict = {}
    for review in Review.objects.filter(period=period):
        key = (review.unit_id, review.person_id is None, counts.bucket(review.status, review.level))
        found[key] = found.get(key, 0) + 1
    return found


def test_opening_a_period_counts_its_reviews_as_waiting(period):
    assert _stored(period) == _counted(period)
    assert {level for _unit, _collective, level in _stored(period)} == {counts.WAITING}


def test_the_counts_follow_a_review_through_its_cycle(period, cell, member, secretary, leader, unit_admin):
    review = review_of(period, member)
    to_classified(review, subject=member, secretary=secretary, leader=leader, unit_admin=unit_admin, total=80,
                  tasks_kwargs={"count": 4})
    assert _stored(period)[(cell.pk, False, "HTTNV")] == 1
    assert _stored(period) == _counted(period)
    services.approve(review_id=review.pk, acting_user=leader)
    services.notify(review_id=review.pk, acting_user=unit_admin)
    services.appeal(review_id=review.pk, grounds="Xin xem lại", acting_user=member)
    services.resolve_appeal(review_id=review.pk, outcome="Hạ mức", level="HTNV", acting_user=leader)
    stored = _stored(period)
    assert (stored.get((cell.pk, False, "HTTNV")), stored[(cell.pk, False, "HTNV")]) == (None, 1)
    assert stored == _counted(period)
    row = next(r for r in selectors.level_summary(unit_admin, period.pk).rows if r.unit == cell)
    assert row.people["HTNV"] == 1 and row.people["HTTNV"] == 0


def test_a_refused_step_moves_no_count(period, member, secretary, leader, unit_admin):
    review = review_of(period, member)
    to_classified(review, subject=member, secretary=secretary, leader=leader, unit_admin=unit_admin, total=93,
                  tasks_kwargs={"count": 10, "exceeding": 3})
    before = _stored(period)
    with pytest.raises(ServiceError):
        services.approve(review_id=review.pk, acting_user=leader)  # over the quota of a group of one
    assert _stored(period) == before


def test_the_whole_period_s_classification_moves_the_counts(period, cell, commune, member, unit_admin):
    _assessed_province(period, cell, commune, member)
    counts.period_recount(period)  # the sample's reviews were put at the superior's assessment directly
    result = services.period_classify(period_id=period.pk, acting_user=unit_admin)
    assert _stored(period) == _counted(period)
    assert sum(n for (_u, _c, level), n in _stored(period).items() if level) == result.classified
    summary = selectors.level_summary(unit_admin, period.pk)
    assert summary.total.classified == result.classified
    assert {level: sum(r.people[level] + r.collectives[level] for r in summary.rows)
            for level in rules.LEVELS} == {level: result.by_level.get(level, 0) for level in rules.LEVELS}


def test_recounting_a_period_repairs_its_counts(period, member, unit_admin):
    LevelCount.objects.filter(period=period).update(reviews=7)
    counts.period_recount(period)
    assert _stored(period) == _counted(period)


def test_a_step_decided_review_by_review_has_no_bulk_form(unit_admin, period):
    with pytest.raises(ValueError):
        services.REVIEW_LIFECYCLE.bulk_step("approve", acting_user=unit_admin, on=period)
    step = services.REVIEW_LIFECYCLE.bulk_step("classify", acting_user=unit_admin, on=period)
    assert (step.sources, step.target) == (frozenset({S.SUPERIOR_ASSESSED}), S.CLASSIFIED)


POINTS = [Decimal(p) for p in ("0", "49.75", "50", "69.75", "70", "89.75", "90", "100")]
SHARES = [None, Decimal(0), Decimal("29.99"), Decimal(30), Decimal("79.99"), Decimal(80), Decimal("99.99"),
          Decimal(100)]


def test_the_rules_read_by_the_set_based_classification_are_rules_outcome(loaded):
    """Every combination of points at and below each boundary, shares at and below each condition, no
    task list, collective or not, a trigger or not: the key the database computes points at the
    outcome ``rules.outcome`` gives."""
    minimums = dict(rules.DEFAULT_MINIMUMS)
    cases = [(points, on_time, exceeding, collective, triggered)
             for points in POINTS for on_time in SHARES for exceeding in SHARES
             for collective in (False, True) for triggered in (False, True)
             if (on_time is None) == (exceeding is None)]
    # (NUMERIC: SQLite receives the decimals as text)
    key = rules.outcome_key_sql(points="CAST(v.points AS NUMERIC)", on_time="CAST(v.on_time AS NUMERIC)",
                                exceeding="CAST(v.exceeding AS NUMERIC)",
                                collective="v.collective = 1", triggered="v.triggered = 1", minimums=minimums)
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(cases))
    params = [value for n, (p, o, e, c, t) in enumerate(cases)
              for value in (n, p, o, e, int(c), int(t))]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH v(n, points, on_time, exceeding, collective, triggered) AS (VALUES {rows}) "  # noqa: S608
                       f"SELECT n, {key} FROM v ORDER BY n", params)
        keys = dict(cursor.fetchall())
    table = rules.outcomes_by_key(minimums)
    for n, (points, on_time, exceeding, collective, triggered) in enumerate(cases):
        expected = rules.outcome(points, rules.Shares(on_time, exceeding), collective=collective,
                                 triggers=["x"] if triggered else [], minimums=minimums)
        assert table[keys[n]] == expected, (points, on_time, exceeding, collective, triggered)


def test_shares_are_rounded_as_the_single_step_rounds_them(period, cell, commune, member, unit_admin):
    """A task list whose on-time share falls on a half hundredth (1 of 32: 3.125 %) is rounded to even."""
    _assessed_province(period, cell, commune, member, count=1)
    review = review_of(period, member)
    Task.objects.filter(review=review).delete()
    today = dt.date.today()
    Task.objects.bulk_create([Task(review=review, title=f"Việc {n}", weight=1, due_on=today,
                                   done_on=today if n == 0 else None, position=n) for n in range(32)])
    Score.objects.filter(review=review).update(weak=False)
    Review.objects.filter(pk=review.pk).update(findings=[])
    services.period_classify(period_id=period.pk, acting_user=unit_admin)
    review.refresh_from_db()
    assert review.on_time_share == rules.shares(Task.objects.filter(review=review)).on_time == Decimal("3.12")
