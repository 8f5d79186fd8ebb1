"""The demo step on a small commune: the last three years' periods completed within the quota with downgrades
shown, this year's open with the member's self-assessment to fill in and a collective review to hold."""

import datetime as dt
import random

from neuguong.evaluation import demo, selectors
from neuguong.evaluation.models import Period, PeriodStatus, Review, ReviewStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory


def test_the_demo_leaves_three_completed_years_and_an_open_one(loaded, commune, cell, member, secretary):
    for index in range(12):
        MembershipFactory(person=PersonFactory(full_name=f"Đảng viên mẫu {index}", unit=cell), cell=cell)
    context = {"users": {"dangvien": member, "bithu": secretary}, "commune": commune, "cell": cell,
               "today": dt.date.today(), "counts": {}}
    demo.run(random.Random(11), context)
    *completed, current = Period.objects.order_by("year")
    past = completed[-1]
    assert [period.year for period in completed] == [current.year - 3, current.year - 2, current.year - 1]
    assert {period.status for period in completed} == {PeriodStatus.CLOSED}
    assert current.status == PeriodStatus.OPEN
    decided = Review.objects.filter(period=past, status=ReviewStatus.NOTIFIED)
    assert decided.exists() and decided.filter(level="KHTNV").exclude(triggers=[]).exists()
    assert all(group.approved_excellent <= group.allowed for group in selectors.quota_groups(past))
    assert Review.objects.get(period=current, person=member.person).status == ReviewStatus.OPEN
    assert selectors.collective_reviews_to_hold(secretary, limit=5)
    years_decided = set(Review.objects.filter(person=secretary.person, status=ReviewStatus.NOTIFIED)
                        .values_list("period__year", flat=True))
    assert years_decided == {period.year for period in completed}
    assert context["counts"]["evaluation_reviews"] == Review.objects.count()
