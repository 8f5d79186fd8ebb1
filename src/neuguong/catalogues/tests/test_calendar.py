import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import translation

from neuguong.catalogues import calendar, services
from neuguong.catalogues.calendar import (
    Calendar,
    add_days,
    add_working_days,
    deadline,
    is_working_day,
    working_days_between,
)
from neuguong.catalogues.models import CalendarOverride, OverrideKind
from neuguong.core.actors import SYSTEM

D = dt.date


def _override(day: dt.date, kind: str) -> CalendarOverride:
    return CalendarOverride.objects.create(day=day, kind=kind, name="Quyết định thử nghiệm")


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 3, 6), True),  # Friday
    (D(2026, 3, 7), False),  # Saturday
    (D(2026, 3, 8), False),  # Sunday
    (D(2026, 3, 9), True),  # Monday
    (D(2026, 1, 1), False),  # New Year
    *((D(2026, 2, day), False) for day in range(16, 21)),  # Tết 2026: Monday to Friday
    (D(2026, 2, 23), True),
    (D(2026, 4, 27), False),  # Hùng Kings' day observed (the day fell on a Sunday)
    (D(2026, 4, 30), False),
    (D(2026, 5, 1), False),
    (D(2026, 8, 22), True),  # Saturday worked in exchange for Monday 31/8
    (D(2026, 8, 31), False),
    (D(2026, 9, 1), False),
    (D(2026, 9, 2), False),
    (D(2026, 11, 24), False),  # Vietnamese Culture Day, from 2026
], ids=str)
def test_working_days_of_2026_follow_the_public_holiday_calendar(db, day, working):
    assert is_working_day(day) is working


def test_a_working_day_period_skips_the_weekend(db):
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)


def test_the_day_of_the_event_is_not_counted(db):
    assert deadline(D(2026, 3, 2), 1, Calendar.WORKING) == D(2026, 3, 3)
    assert deadline(D(2026, 3, 2), 1, Calendar.CALENDAR) == D(2026, 3, 3)


def test_a_working_day_period_skips_tet_2026(db):
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    # tc_initial: 7 working days from Thursday 12/2
    assert deadline(D(2026, 2, 12), 7, Calendar.WORKING) == D(2026, 3, 2)


def test_a_calendar_period_ending_during_tet_ends_on_the_next_working_day(db):
    assert deadline(D(2026, 2, 6), 10, Calendar.CALENDAR) == D(2026, 2, 23)


def test_a_calendar_period_ending_on_a_sunday_ends_on_monday(db):
    assert deadline(D(2026, 3, 1), 7, Calendar.CALENDAR) == D(2026, 3, 9)


def test_a_calendar_period_ending_on_a_working_day_is_not_moved(db):
    assert deadline(D(2026, 3, 2), 30, Calendar.CALENDAR) == D(2026, 4, 1)


def test_a_period_over_30_april_and_1_may_skips_both_days(db):
    assert add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    assert deadline(D(2026, 4, 20), 10, Calendar.CALENDAR) == D(2026, 5, 4)


def test_a_period_over_national_day_skips_the_swapped_monday_and_counts_the_saturday(db):
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_a_make_up_working_saturday_counts_as_a_working_day(db):
    saturday = D(2026, 10, 10)
    assert not is_working_day(saturday)
    _override(saturday, OverrideKind.WORKING_DAY)
    assert is_working_day(saturday)
    assert add_working_days(D(2026, 10, 9), 1) == saturday


def test_an_extra_day_off_is_skipped_and_moves_a_deadline(db):
    thursday = D(2026, 12, 31)
    assert deadline(D(2026, 12, 21), 10, Calendar.CALENDAR) == thursday
    _override(thursday, OverrideKind.DAY_OFF)
    assert not is_working_day(thursday)
    assert deadline(D(2026, 12, 21), 10, Calendar.CALENDAR) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 4)


def test_an_override_can_cancel_a_holiday_of_the_package(db):
    _override(D(2026, 11, 24), OverrideKind.WORKING_DAY)
    assert is_working_day(D(2026, 11, 24))


def test_working_days_between_is_the_inverse_of_adding_them(db):
    start = D(2026, 2, 10)
    for n in (0, 1, 5, 23, 250):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1


def test_working_days_can_be_counted_backwards(db):
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_add_days_moves_calendar_or_working_days(db):
    assert add_days(D(2026, 2, 13), 3, Calendar.CALENDAR) == D(2026, 2, 16)
    assert add_days(D(2026, 2, 13), 3, Calendar.WORKING) == D(2026, 2, 25)
    with pytest.raises(ValueError):
        add_days(D(2026, 2, 13), 3, "weekly")


def test_a_negative_period_is_refused(db):
    with pytest.raises(ValueError):
        deadline(D(2026, 2, 13), -1, Calendar.CALENDAR)


def test_holiday_names_follow_the_language():
    with translation.override("vi"):
        assert calendar.holiday_names(2026)[D(2026, 9, 2)] == "Quốc khánh"
    with translation.override("en"):
        assert calendar.holiday_names(2026)[D(2026, 9, 2)] == "National Day"


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_overrides_are_cached_and_forgotten_when_they_change(transactional_db, empty_cache,
                                                              django_assert_num_queries):
    saturday = D(2026, 10, 10)
    assert not is_working_day(saturday)
    with django_assert_num_queries(0):
        assert add_working_days(D(2026, 10, 1), 10) == D(2026, 10, 15)
    services.calendar_override_set(day=saturday, kind=OverrideKind.WORKING_DAY, name="Làm bù", acting_user=SYSTEM)
    assert is_working_day(saturday)
    override = CalendarOverride.objects.get(day=saturday)
    services.calendar_override_remove(override_id=override.pk, acting_user=SYSTEM)
    assert not is_working_day(saturday)
