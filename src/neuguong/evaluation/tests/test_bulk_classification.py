"""Classifying the whole period at once gives every review exactly what the single ``classify`` step
gives it, writes its history, audits the period once, checks the quota of every group, and is refused
to those who may not classify, with nothing written."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import transaction
from django.http import Http404

from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import history_of
from neuguong.evaluation import services
from neuguong.evaluation.models import Review, ReviewStatus, Score, Task
from neuguong.inspection import services as inspection
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

from .conftest import review_of

S = ReviewStatus
FIELDS = ("status", "total_points", "on_time_share", "exceeding_share", "level", "triggers", "reasons")


class _Rollback(Exception):
    pass


def _assessed_province(period, cell, commune, member, count=30, seed=7):
    """``count`` more members of cell A, and the reviews of the period (members and collectives) put
    at the superior's assessment with varied points, own points only, weak marks, task lists, findings
    and superior's levels; two members disciplined in the year."""
    rng = random.Random(seed)
    like = review_of(period, member)
    people = PersonFactory.create_batch(count, unit=cell)
    for person in people:
        MembershipFactory(person=person, cell=cell)
    Review.objects.bulk_create([Review(period=period, unit=cell, person=person, subject_group=like.subject_group,
                                       template=like.template, group_key=like.group_key) for person in people])
    today = dt.date.today()
    reviews = list(Review.objects.filter(period=period).select_related("template"))
    for review in reviews:
        criteria = list(review.template.criteria.all())
        own_only = rng.random() < 0.15
        band = rng.choice((0.45, 0.6, 0.75, 0.9, 0.97, 1.0))
        scores = []
        for criterion in criteria:
            top = criterion.max_points
            points = (top * Decimal(str(min(1.0, band + rng.uniform(-0.05, 0.05))))).quantize(Decimal("0.25"))
            scores.append(Score(review=review, criterion=criterion, self_points=min(points + 1, top),
                                points=None if own_only else points, weak=rng.random() < 0.04))
        Score.objects.bulk_create(scores)
        if rng.random() < 0.85:
            diligent = rng.random() < 0.4  # every task done on time
            Task.objects.bulk_create([
                Task(review=review, title=f"Việc {n}", weight=rng.randint(1, 3), due_on=today,
                     done_on=today if diligent else rng.choice(
                         (None, today, today - dt.timedelta(days=2), today + dt.timedelta(days=3))),
                     position=n) for n in range(rng.randint(1, 6))])
            Task.objects.filter(review=review, done_on__isnull=False).filter(pk__in=[
                t.pk for t in Task.objects.filter(review=review) if rng.random() < 0.5]).update(exceeded=True)
        review.status = S.SUPERIOR_ASSESSED
        review.superior_level = rng.choice(("", "", "HTTNV", "HTNV", "HTNV"))
        if rng.random() < 0.1:
            review.findings = ["collective.disunity"] if review.person_id is None else ["individual.degradation"]
        review.save()
    # Two profiles chance may miss: the top level, and a superior's level below the points.
    for review, superior_level in ((like, ""), (Review.objects.get(period=period, person=people[-1]), "HTNV")):
        for score in Score.objects.filter(review=review).select_related("criterion"):
            score.points, score.weak = score.criterion.max_points, False
            score.save()
        Task.objects.filter(review=review).delete()
        Task.objects.create(review=review, title="Việc", weight=1, due_on=today, done_on=today, exceeded=True)
        Review.objects.filter(pk=review.pk).update(superior_level=superior_level, findings=[])
    for person in people[:2]:
        violation = inspection.violation_record(unit_id=commune.pk, subject_person_id=person.pk,
                                                occurred_on=dt.date(period.year - 1, 12, 1),
                                                description="Vi phạm", acting_user=SYSTEM)
        inspection.decision_make(violation_id=violation.pk, form="full_member.reprimand",
                                 number=f"{person.pk}-QĐ/UBKT", decided_on=dt.date(period.year, 1, 2),
                                 grounds="Căn cứ", acting_user=SYSTEM)
    # Cell A disciplined in the year: its own collective review, and its commune's (one subordinate
    # organisation of one, more than a fifth).
    violation = inspection.violation_record(unit_id=commune.pk, subject_unit_id=cell.pk,
                                            occurred_on=dt.date(period.year - 1, 12, 1), description="Vi phạm",
                                            acting_user=SYSTEM)
    inspection.decision_make(violation_id=violation.pk, form="party_organisation.reprimand", number="TC7-QĐ/UBKT",
                             decided_on=dt.date(period.year, 1, 2), grounds="Căn cứ", acting_user=SYSTEM)
    return reviews


def _outcomes(period):
    return {r["pk"]: tuple(r[f] for f in FIELDS) for r in
            Review.objects.filter(period=period).values("pk", *FIELDS)}


def _histories(period):
    return {change.object_id: change.data for review in Review.objects.filter(period=period)
            for change in history_of(review) if change.transition == "classify"}


def test_the_bulk_classification_equals_one_review_at_a_time(period, cell, commune, member, unit_admin):
    _assessed_province(period, cell, commune, member)
    one_by_one: dict = {}
    with pytest.raises(_Rollback), transaction.atomic():
        for pk in Review.objects.filter(period=period).values_list("pk", flat=True):
            services.classify(review_id=pk, acting_user=unit_admin)
        one_by_one = (_outcomes(period), _histories(period))
        raise _Rollback
    assert not Review.objects.filter(period=period, status=S.CLASSIFIED).exists()
    result = services.period_classify(period_id=period.pk, acting_user=unit_admin)
    outcomes, histories = _outcomes(period), _histories(period)
    assert outcomes == one_by_one[0]
    assert {pk: {**data, "points": Decimal(data["points"])} for pk, data in histories.items()} == {
        pk: {**data, "points": Decimal(data["points"])} for pk, data in one_by_one[1].items()}
    # The sample covers what a classification can meet.
    levels = {row[4] for row in outcomes.values()}
    assert levels >= {"HTXSNV", "HTTNV", "HTNV", "KHTNV"}
    codes = {t["code"] for row in outcomes.values() for t in row[5]}
    assert {"individual.weak_criterion", "individual.disciplined", "individual.degradation",
            "collective.disciplined"} <= codes
    reasons = {code for row in outcomes.values() for code in row[6]}
    assert {"superior_level", "no_tasks"} <= reasons
    assert result.classified == len(outcomes) and sum(result.by_level.values()) == len(outcomes)
    [event] = AuditEvent.objects.filter(action="evaluation_period.classified")
    assert event.after["classified"] == len(outcomes)


def test_the_bulk_classification_shows_the_groups_over_their_quota(period, cell, commune, member, unit_admin):
    _assessed_province(period, cell, commune, member)
    Score.objects.filter(review__period=period).update(points=None, weak=False)
    Review.objects.filter(period=period).update(superior_level="", findings=[])
    Task.objects.filter(review__period=period).update(done_on=dt.date.today(), exceeded=True)
    result = services.period_classify(period_id=period.pk, acting_user=unit_admin)
    [group] = [g for g in result.over_quota if g.key == review_of(period, member).group_key]
    assert group.excellent > group.allowed and len(group.over_reviews) == group.excellent


def test_reviews_at_another_step_are_left_alone(period, cell, commune, member, unit_admin):
    _assessed_province(period, cell, commune, member, count=3)
    waiting = review_of(period, member)
    Review.objects.filter(pk=waiting.pk).update(status=S.COLLECTIVE_REVIEWED)
    services.period_classify(period_id=period.pk, acting_user=unit_admin)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.level) == (S.COLLECTIVE_REVIEWED, "")


def test_only_those_who_classify_may_classify_the_period(period, cell, commune, member, leader, outsider,
                                                         unit_admin):
    _assessed_province(period, cell, commune, member, count=3)
    before = _outcomes(period)
    with pytest.raises(Http404):
        services.period_classify(period_id=period.pk, acting_user=outsider)
    with pytest.raises(Http404):
        services.period_classify(period_id=period.pk, acting_user=member)
    with pytest.raises(PermissionDeniedError):
        services.period_classify(period_id=period.pk, acting_user=leader)
    assert _outcomes(period) == before
    assert not AuditEvent.objects.filter(action="evaluation_period.classified").exists()


def test_a_closed_period_is_not_classified(period, cell, commune, member, unit_admin):
    _assessed_province(period, cell, commune, member, count=3)
    before = _outcomes(period)
    services.period_close(period_id=period.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError) as error:
        services.period_classify(period_id=period.pk, acting_user=unit_admin)
    assert error.value.code == "period_not_open"
    assert _outcomes(period) == before
