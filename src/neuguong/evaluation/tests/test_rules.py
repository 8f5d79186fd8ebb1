"""The rules of the classification without the database: the level from the points at exactly 90, 70
and 50 and just below each, the conditions of the task shares, the triggers, and the quota."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from neuguong.evaluation import rules

ALL_DONE = rules.Shares(Decimal(100), Decimal(40))


@pytest.mark.parametrize(("points", "level"), [
    ("90", "HTXSNV"), ("89.99", "HTTNV"), ("89", "HTTNV"),
    ("70", "HTTNV"), ("69.99", "HTNV"), ("69", "HTNV"),
    ("50", "HTNV"), ("49.99", "KHTNV"), ("49", "KHTNV"), ("0", "KHTNV"), ("100", "HTXSNV"),
])
def test_the_level_follows_the_points_at_each_boundary(points, level):
    assert rules.outcome(Decimal(points), ALL_DONE, collective=False, triggers=[]).level == level


def test_the_top_level_needs_every_task_on_time_and_thirty_percent_exceeding():
    assert rules.outcome(Decimal(95), rules.Shares(Decimal(100), Decimal(30)), collective=False,
                         triggers=[]).level == "HTXSNV"
    below = rules.outcome(Decimal(95), rules.Shares(Decimal(100), Decimal("29.99")), collective=False, triggers=[])
    assert below.level == "HTTNV"
    assert below.reasons == ("exceeding_below_HTXSNV",)


def test_a_task_late_keeps_a_member_at_completed_tasks():
    late = rules.outcome(Decimal(95), rules.Shares(Decimal(90), Decimal(50)), collective=False, triggers=[])
    assert (late.level, late.by_points) == ("HTNV", "HTXSNV")
    assert late.reasons == ("on_time_below_HTXSNV", "on_time_below_HTTNV")


def test_a_collective_more_than_twenty_percent_late_does_not_complete_its_tasks():
    assert rules.outcome(Decimal(60), rules.Shares(Decimal(80), Decimal(0)), collective=True,
                         triggers=[]).level == "HTNV"
    assert rules.outcome(Decimal(60), rules.Shares(Decimal("79.99"), Decimal(0)), collective=True,
                         triggers=[]).level == "KHTNV"


def test_without_a_task_list_the_top_levels_cannot_be_shown():
    found = rules.outcome(Decimal(95), rules.Shares(None, None), collective=False, triggers=[])
    assert (found.level, found.reasons) == ("HTNV", ("no_tasks",))


def test_a_trigger_sets_the_lowest_level_whatever_the_points():
    found = rules.outcome(Decimal(100), ALL_DONE, collective=False, triggers=["individual.disciplined"])
    assert (found.level, found.by_points, found.reasons) == ("KHTNV", "HTXSNV", ("trigger",))


@pytest.mark.parametrize(("good", "allowed"), [(0, 0), (1, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2),
                                               (1000, 200), (1004, 200), (1005, 201)])
def test_the_quota_is_a_fifth_of_those_completing_well_or_above(good, allowed):
    assert rules.quota_allowed(good) == allowed


def test_the_shares_are_weighted_and_computed_from_the_tasks():
    day = dt.date(2026, 6, 30)
    tasks = [SimpleNamespace(weight=3, due_on=day, done_on=day, exceeded=True),
             SimpleNamespace(weight=1, due_on=day, done_on=day + dt.timedelta(days=1), exceeded=False),
             SimpleNamespace(weight=1, due_on=day, done_on=None, exceeded=False)]
    assert rules.shares(tasks) == rules.Shares(Decimal("60.00"), Decimal("60.00"))
    assert rules.shares([]) == rules.Shares(None, None)
