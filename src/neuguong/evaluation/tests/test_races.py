"""Approvals raced on PostgreSQL, each in its own thread and connection (SQLite serialises every
writer, so there is no race to lose there): one review approved twice at once is approved once, and
two “Excellently completed tasks” approved at once in a group whose quota allows one leave one
approved and the other refused, whatever the order the transactions reach the quota in."""

import pytest
from django.db import connection

from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.core.models import StateChange
from neuguong.evaluation import rules, selectors, services
from neuguong.evaluation.models import Review, ReviewStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory
from neuguong.orgs.tests.races import meet_before, run_together

from .conftest import make_period, to_classified

pytestmark = [pytest.mark.skipif(connection.vendor != "postgresql", reason="the race tests need PostgreSQL"),
              pytest.mark.django_db(transaction=True)]

EXCELLENT = {"total": 95, "tasks_kwargs": {"count": 10, "exceeding": 3}}
WELL = {"total": 80}


@pytest.fixture
def group_of_five(unit_admin, commune, cell, member, secretary, leader):
    """Five members of cell A without a post, all classified: two “Excellently completed tasks” and
    three “Completed tasks well”, so the group's quota allows one “Excellently”."""
    for name in ("Nguyễn Văn Ánh", "Trần Thị Bích", "Lý Văn Cường"):
        MembershipFactory(person=PersonFactory(full_name=name, unit=cell), cell=cell)
    period = services.period_open(period_id=make_period(unit_admin, commune).pk, acting_user=SYSTEM)
    reviews = list(Review.objects.filter(period=period, person__isnull=False).order_by("person__sort_key"))
    assert len(reviews) == 5 and len({review.group_key for review in reviews}) == 1
    classified = []
    for index, review in enumerate(reviews):
        classified.append(to_classified(review, subject=unit_admin, secretary=secretary, leader=leader,
                                        unit_admin=unit_admin, **(EXCELLENT if index < 2 else WELL)))
    assert [review.level for review in classified].count(rules.HTXSNV) == 2
    group = selectors.quota_group(period, reviews[0].group_key)
    assert (group.good, group.allowed, group.excellent) == (5, 1, 2)
    return period, [review for review in classified if review.level == rules.HTXSNV]


def _approve(review, user):
    return lambda: services.approve(review_id=review.pk, acting_user=user)


def test_two_approvals_over_the_quota_at_once_leave_the_group_within_it(group_of_five, leader, monkeypatch):
    period, (first, second) = group_of_five
    # Both transactions read the quota before either writes, as far as the code lets them: the period's
    # row lock makes the second wait for the first to commit instead.
    meet_before(monkeypatch, selectors, "quota_group")
    results = run_together(_approve(first, leader), _approve(second, leader))
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ServiceError), results
    assert refused[0].code == "over_quota"
    approved = Review.objects.filter(period=period, level=rules.HTXSNV, status=ReviewStatus.APPROVED)
    assert approved.count() == 1
    assert selectors.quota_group(period, first.group_key).approved_excellent == 1
    assert AuditEvent.objects.filter(action="evaluation_review.approved").count() == 1


def test_one_review_approved_twice_at_once_is_approved_once(group_of_five, leader):
    _period, (review, _other) = group_of_five
    results = run_together(_approve(review, leader), _approve(review, leader))
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ServiceError), results
    assert refused[0].code == "transition_not_allowed"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.APPROVED
    assert StateChange.objects.filter(object_id=review.pk, transition="approve").count() == 1
    assert AuditEvent.objects.filter(action="evaluation_review.approved", object_id=str(review.pk)).count() == 1
