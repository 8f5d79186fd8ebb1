import datetime as dt
from fractions import Fraction

import pytest

from neuguong.catalogues import selectors
from neuguong.catalogues.models import CalendarOverride, DeadlineRule


@pytest.mark.parametrize(("votes", "returned", "expected"), [
    (50, 100, None),  # exactly half is not "more than half"
    (51, 100, "party.low_over_half"),
    (65, 100, "party.low_over_half"),
    (2, 3, "party.low_two_thirds"),  # exactly two thirds
    (100, 100, "party.low_two_thirds"),
    (0, 0, None),
])
def test_the_low_confidence_share_decides_the_consequence(catalogues, votes, returned, expected):
    threshold = selectors.confidence_consequence(level_votes=votes, ballots_returned=returned)
    assert (threshold.code if threshold else None) == expected


def test_peoples_council_thresholds_are_separate(catalogues):
    threshold = selectors.confidence_consequence(level_votes=7, ballots_returned=10, body="peoples_council")
    assert threshold.code == "council.low_two_thirds"


def test_points_give_the_highest_level_reached(catalogues):
    assert selectors.evaluation_level_for_points(95).code == "HTXSNV"
    assert selectors.evaluation_level_for_points(89.5).code == "HTTNV"
    assert selectors.evaluation_level_for_points(49).code == "KHTNV"


def test_scalar_rules_are_read_exactly(catalogues):
    assert selectors.confidence_quorum() == Fraction(2, 3)
    assert selectors.setting_value("evaluation.max_points") == 100


@pytest.mark.parametrize(("complex_case", "remote", "days"), [
    (False, False, 30), (True, False, 45), (False, True, 45), (True, True, 60)
])
def test_a_rule_gives_the_period_for_the_case(catalogues, complex_case, remote, days):
    assert selectors.deadline_rule("kn_resolve_1").days_for(complex_case=complex_case, remote=remote) == days


def test_a_rule_deadline_counts_from_the_day_after_the_event(catalogues):
    # kn_resolve_1: 30 calendar days from acceptance on 13/1/2026 end on Thursday 12/2/2026
    assert selectors.rule_deadline("kn_resolve_1", dt.date(2026, 1, 13)) == dt.date(2026, 2, 12)
    # 45 days for a complex case end on Friday 27/2/2026
    assert selectors.rule_deadline("kn_resolve_1", dt.date(2026, 1, 13), complex_case=True) == dt.date(2026, 2, 27)
    # tc_forward: 5 working days from Friday 13/2/2026, across Tết
    assert selectors.rule_deadline("tc_forward", dt.date(2026, 2, 13)) == dt.date(2026, 2, 27)


def test_a_missing_rule_raises_does_not_exist(catalogues):
    with pytest.raises(DeadlineRule.DoesNotExist):
        selectors.deadline_rule("nope")


def test_rules_of_a_kind_include_rules_for_any_kind(catalogues):
    codes = set(selectors.deadline_rules("denunciation").values_list("code", flat=True))
    assert codes == {"tc_initial", "tc_forward", "tc_resolve", "tcd_notify", "forward_report_back"}


def test_manifestations_come_in_group_order(catalogues, django_assert_num_queries):
    with django_assert_num_queries(1):
        items = [(m.code, m.group.code) for m in selectors.manifestations()]
    assert len(items) == 27
    assert items[0] == ("G1.1", "G1") and items[-1] == ("G3.9", "G3")


def test_the_overview_counts_every_catalogue_in_one_query(catalogues, django_assert_num_queries):
    with django_assert_num_queries(1):
        overview = {s.catalogue.key: (s.entries, s.to_check) for s in selectors.catalogues_overview()}
    assert overview["manifestations"] == (27, 14)
    assert overview["deadline_rules"] == (9, 0)


def test_the_calendar_year_lists_holidays_swaps_and_overrides(catalogues):
    CalendarOverride.objects.create(day=dt.date(2026, 12, 31), kind="day_off", name="Nghỉ thêm")
    days = {d.day: d for d in selectors.calendar_year(2026)}
    assert not days[dt.date(2026, 2, 17)].is_working
    assert days[dt.date(2026, 8, 22)].is_working
    assert days[dt.date(2026, 12, 31)].override is not None
    assert list(days) == sorted(days)
