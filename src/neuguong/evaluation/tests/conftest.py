"""Fixtures of the evaluation tests: the loaded catalogues (levels, triggers, the 27 manifestations) and
templates, cell A's secretary (a leader grant on the cell), commune A's leader (a leader grant on the
commune: the superior of cell A and the competent level of the commune's periods), and the yearly
period of commune A, open, with its reviews.

The three standard actors keep their meaning: ``unit_admin`` (commune A: opens periods, classifies,
notifies), ``member`` (a party member of cell A, who fills in their own review) and ``outsider``
(administrator of commune B).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from neuguong.accounts.permissions import Role
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services
from neuguong.evaluation.models import Review
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant

YEAR = dt.date.today().year


@pytest.fixture
def loaded(db):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    return services.templates_load(acting_user=SYSTEM)


@pytest.fixture
def secretary(cell, loaded):
    person = PersonFactory(full_name="Bùi Văn Thư", unit=cell)
    MembershipFactory(person=person, cell=cell)
    user = UserFactory(username="bithu_a", person=person)
    grant(user, Role.LEADER, cell)
    grant(user, Role.PARTY_MEMBER, cell)
    return user


@pytest.fixture
def leader(commune, loaded):
    user = UserFactory(username="lanhdao_a", person=PersonFactory(full_name="Hoàng Văn Đạo", unit=commune))
    grant(user, Role.LEADER, commune)
    return user


def make_period(user, unit, *, title="Kiểm điểm năm", year=YEAR, kind="yearly"):
    today = dt.date.today()
    return services.period_create(unit_id=unit.pk, kind=kind, year=year, title=title, opens_on=today,
                                  closes_on=today + dt.timedelta(days=30), acting_user=user)


@pytest.fixture
def period(unit_admin, commune, member, secretary, leader):
    period = make_period(unit_admin, commune)
    return services.period_open(period_id=period.pk, acting_user=SYSTEM)


def review_of(period, user=None, *, unit=None) -> Review:
    if unit is not None:
        return Review.objects.get(period=period, unit=unit, person__isnull=True)
    return Review.objects.get(period=period, person=user.person)


def scores_for(review, total, *, weak=()) -> list[dict]:
    """Every criterion at its maximum, less what brings the total to ``total`` from the largest one."""
    criteria = list(review.template.criteria.order_by("-max_points", "position"))
    missing = Decimal(100) - Decimal(str(total))
    rows = []
    for index, criterion in enumerate(criteria):
        points = criterion.max_points - missing if index == 0 else criterion.max_points
        rows.append({"criterion": criterion.code, "points": str(points), "comment": "Ổn",
                     "weak": criterion.code in weak})
    return rows


def all_manifestations(present=()) -> list[dict]:
    return [{"manifestation": m.code, "present": m.code in present} for m in catalogue.manifestations()]


def tasks(count=3, *, on_time=None, exceeding=0):
    """``count`` tasks of weight 1, ``on_time`` of them (all by default) done by their due date."""
    today = dt.date.today()
    on_time = count if on_time is None else on_time
    rows = []
    for index in range(count):
        done = today - dt.timedelta(days=1) if index < on_time else today
        rows.append({"title": f"Nhiệm vụ {index + 1}", "product": "Báo cáo", "weight": 1,
                     "due_on": today - dt.timedelta(days=1) if index >= on_time else today,
                     "done_on": done, "exceeded": index < exceeding})
    return rows


def self_assess(user, review, total=95, level="HTNV", **extra):
    return services.self_assess(review_id=review.pk, scores=scores_for(review, total), strengths="Gương mẫu",
                                shortcomings="Còn chậm", remedies="Đã khắc phục", level=level,
                                manifestations=all_manifestations() if review.person_id else [],
                                acting_user=user, **extra)


def to_classified(review, *, subject, secretary, leader, unit_admin, total=95, tasks_kwargs=None,
                  level="", weak=(), findings=(), votes=None):
    """Take ``review`` through the steps up to its classification."""
    services.tasks_save(review_id=review.pk, tasks=tasks(**(tasks_kwargs or {})), acting_user=subject)
    modest = "HTNV" if total >= 50 else "KHTNV"
    self_assess(subject, review, total=total, level=modest)
    services.collective_review(review_id=review.pk, comments="Chi bộ nhất trí", votes=votes or {modest: 3},
                               members_present=4, acting_user=secretary)
    services.superior_assess(review_id=review.pk, scores=scores_for(review, total, weak=weak), comments="Đồng ý",
                             level=level, findings=list(findings), acting_user=leader)
    return services.classify(review_id=review.pk, acting_user=unit_admin)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client
