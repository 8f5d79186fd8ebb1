"""The register's "run its course" filter (page and API): discipline whose year of effect is over
(Đã hết thời hạn) and discipline still in effect (Chưa hết thời hạn), counted in SQL as
``course_of`` tells it of one decision — the last day of effect still in effect, the day after
ended; an expulsion never; a new decided violation within the year keeps it; the year counts from
the appeal resolved; an annulled decision is in neither."""

import datetime as dt

import pytest

from neuguong.inspection import rules, selectors, services

from .conftest import client_for, decide, record

pytestmark = pytest.mark.django_db
LAST_DAY = dt.date(2021, 3, 1)  # the ``decision`` fixture took effect on 01/03/2020


def found(user, course, today):
    return [violation.pk for violation in selectors.violations_visible_to(user, course=course, today=today)]


def test_a_decision_is_in_effect_on_its_last_day_and_ran_its_course_the_day_after(inspector, violation, decision):
    assert found(inspector, "ended", LAST_DAY) == []
    assert found(inspector, "in_effect", LAST_DAY) == [violation.pk]
    assert found(inspector, "ended", LAST_DAY + dt.timedelta(days=1)) == [violation.pk]
    assert found(inspector, "in_effect", LAST_DAY + dt.timedelta(days=1)) == []


def test_a_year_from_29_february_ends_on_28_february_as_in_python(inspector, province, member):
    violation = record(inspector, province, person=member.person, occurred_on=dt.date(2023, 6, 1))
    decide(inspector, violation, decided_on=dt.date(2024, 2, 29))
    assert rules.effect_last_day(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert found(inspector, "ended", dt.date(2025, 2, 28)) == []
    assert found(inspector, "ended", dt.date(2025, 3, 1)) == [violation.pk]


def test_an_expulsion_is_always_in_effect(inspector, province, member):
    violation = record(inspector, province, person=member.person, occurred_on=dt.date(2019, 5, 1))
    decide(inspector, violation, "full_member.expulsion", decided_on=dt.date(2020, 3, 1))
    assert found(inspector, "ended", dt.date(2030, 1, 1)) == []
    assert found(inspector, "in_effect", dt.date(2030, 1, 1)) == [violation.pk]


def test_a_new_decided_violation_within_the_year_keeps_the_first_in_effect(inspector, province, member, violation,
                                                                           decision):
    later = record(inspector, province, person=member.person, occurred_on=dt.date(2020, 9, 1))
    assert found(inspector, "ended", dt.date(2026, 1, 1)) == [violation.pk]  # the later one is not decided yet
    decide(inspector, later, number="02-QĐ/UBKT", decided_on=dt.date(2020, 10, 1))
    assert found(inspector, "ended", dt.date(2026, 1, 1)) == [later.pk]
    assert found(inspector, "in_effect", dt.date(2026, 1, 1)) == [violation.pk]


def test_the_year_counts_from_the_appeal_resolved_and_an_annulled_decision_is_in_neither(inspector, violation,
                                                                                        decision):
    appeal = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 20), grounds="Không đồng ý",
                                  acting_user=inspector)
    assert found(inspector, "in_effect", dt.date(2026, 1, 1)) == [violation.pk]  # under appeal
    services.appeal_uphold(appeal_id=appeal.pk, resolution="Giữ nguyên", resolved_on=dt.date(2020, 3, 25),
                           acting_user=inspector)
    assert found(inspector, "ended", dt.date(2021, 3, 25)) == []
    assert found(inspector, "ended", dt.date(2021, 3, 26)) == [violation.pk]
    second = services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 4, 1), grounds="Lần hai",
                                  acting_user=inspector)
    services.appeal_annul(appeal_id=second.pk, resolution="Hủy", resolved_on=dt.date(2020, 5, 1),
                          acting_user=inspector)
    assert found(inspector, "ended", dt.date(2026, 1, 1)) == found(inspector, "in_effect", dt.date(2026, 1, 1)) == []


def test_a_violation_awaiting_its_decision_is_in_neither(inspector, violation):
    assert found(inspector, "ended", dt.date(2026, 1, 1)) == found(inspector, "in_effect", dt.date(2026, 1, 1)) == []


@pytest.fixture
def ending_today_and_yesterday(inspector, province, member, post_holder):
    """Two decisions of a year ago: one whose last day of effect is today, one whose was yesterday."""
    today = dt.date.today()
    year_ago = rules.add_months(today, -rules.effect_months())
    while rules.effect_last_day(year_ago) > today:  # today 29/02: a year ago is 28/02, which ends on 28/02
        year_ago -= dt.timedelta(days=1)
    last_day_today = record(inspector, province, person=member.person, occurred_on=year_ago - dt.timedelta(days=30))
    decide(inspector, last_day_today, decided_on=year_ago, number="01-QĐ")
    ended = record(inspector, province, person=post_holder, occurred_on=year_ago - dt.timedelta(days=30))
    decide(inspector, ended, decided_on=year_ago - dt.timedelta(days=1), number="02-QĐ")
    assert rules.effect_last_day(year_ago - dt.timedelta(days=1)) < today
    return last_day_today, ended


def test_the_register_filters_by_course_in_a_bounded_number_of_queries(inspector, ending_today_and_yesterday,
                                                                      django_assert_max_num_queries):
    last_day_today, ended = ending_today_and_yesterday
    client = client_for(inspector)
    with django_assert_max_num_queries(14):
        page = client.get("/inspection/discipline/", {"course": "ended"}).content.decode()
    assert f"/inspection/violations/{ended.pk}/" in page
    assert f"/inspection/violations/{last_day_today.pk}/" not in page
    page = client.get("/inspection/discipline/", {"course": "in_effect"}).content.decode()
    assert f"/inspection/violations/{last_day_today.pk}/" in page and f"/inspection/violations/{ended.pk}/" not in page
    response = client.get("/inspection/discipline/", {"course": "ended", "export": "csv"})
    download = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Tạ Quang Chức" in download and "Phạm Thị Hoa" not in download  # the post holder's ran its course


def test_the_filter_is_offered_in_vietnamese(inspector, ending_today_and_yesterday):
    client = client_for(inspector)
    page = client.get("/inspection/discipline/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Thời hạn kỷ luật" in page and "Đã hết thời hạn" in page and "Chưa hết thời hạn" in page


def test_the_api_filters_by_course(inspector, ending_today_and_yesterday):
    last_day_today, ended = ending_today_and_yesterday
    client = client_for(inspector)
    rows = client.get("/api/v1/discipline-violations", {"course": "ended"}).json()["items"]
    assert [row["id"] for row in rows] == [ended.pk]
    rows = client.get("/api/v1/discipline-violations", {"course": "in_effect"}).json()["items"]
    assert [row["id"] for row in rows] == [last_day_today.pk]
    assert client.get("/api/v1/discipline-violations", {"course": "over"}).status_code == 422
