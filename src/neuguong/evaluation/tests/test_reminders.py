"""The home page's reminders of a period closing: the member's own self-assessment, and for the
staff who run the period its reviews not yet at the superior's assessment."""

import datetime as dt

import pytest
from django.utils import translation

from neuguong.evaluation import modules, services
from neuguong.evaluation.models import Period

from .conftest import review_of, scores_for, self_assess

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    with translation.override("en"):
        return [item.title for item in modules.work_items(user)]


def closing_in(period, days: int) -> None:
    Period.objects.filter(pk=period.pk).update(closes_on=dt.date.today() + dt.timedelta(days=days))


def test_staff_are_reminded_of_the_reviews_left_before_the_close(period, unit_admin):
    closing_in(period, 10)
    unfinished = period.reviews.count()
    [reminder] = [title for title in titles(unit_admin) if "closes on" in title]
    assert f"{unfinished} reviews not yet assessed by the superior" in reminder


def test_no_reminder_while_the_close_is_far_or_for_those_who_do_not_run_the_period(period, unit_admin, member,
                                                                                   outsider):
    closing_in(period, modules.NOTICE_DAYS + 1)
    assert not [title for title in titles(unit_admin) if "closes on" in title]
    closing_in(period, 3)
    assert not [title for title in titles(member) if "closes on" in title]
    assert not [title for title in titles(outsider) if "closes on" in title]


def test_a_review_assessed_by_the_superior_leaves_the_count(period, member, secretary, leader, unit_admin):
    closing_in(period, 3)
    before = period.reviews.count()
    review = review_of(period, member)
    self_assess(member, review, total=90)
    services.collective_review(review_id=review.pk, comments="Nhất trí", votes={"HTNV": 3}, members_present=4,
                               acting_user=secretary)
    services.superior_assess(review_id=review.pk, scores=scores_for(review, 90), comments="Đồng ý", level="",
                             acting_user=leader)
    [reminder] = [title for title in titles(unit_admin) if "closes on" in title]
    left = before - 1
    assert (f"{left} reviews" if left != 1 else "1 review") in reminder


def test_the_person_notified_is_told_the_level_and_the_last_day_to_appeal(period, member, secretary, leader,
                                                                          unit_admin):
    from neuguong.evaluation.models import Review

    from .conftest import to_classified

    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    services.approve(review_id=review.pk, acting_user=leader)
    assert not [t for t in titles(member) if "appeal" in t]  # approved, not yet notified
    services.notify(review_id=review.pk, acting_user=unit_admin)
    last_day = dt.date.today() + dt.timedelta(days=period.appeal_days)
    [told] = [t for t in titles(member) if "appeal" in t]
    assert told == (f"Your classification for {period.title}: “Completed tasks well”. "
                    f"You may appeal until {last_day:%d/%m/%Y}.")
    assert not [t for t in titles(secretary) if "appeal" in t]  # a peer is never told
    # Once the deadline has passed the item goes.
    Review.objects.filter(pk=review.pk).update(notified_on=dt.date.today() - dt.timedelta(days=period.appeal_days + 1))
    assert not [t for t in titles(member) if "appeal" in t]
