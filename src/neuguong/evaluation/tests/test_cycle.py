"""The review cycle of a member and of a collective, the triggers of the lowest level, the quota at
approval, and every refusal leaving nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.evaluation import selectors, services
from neuguong.evaluation.models import ManifestationCheck, Review, ReviewStatus, Score, Task
from neuguong.inspection import services as inspection
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

from .conftest import all_manifestations, review_of, scores_for, self_assess, tasks, to_classified


def _state(review):
    review = Review.objects.get(pk=review.pk)
    return (review.status, review.level, review.self_level, Score.objects.filter(review=review).count(),
            Task.objects.filter(review=review).count(), ManifestationCheck.objects.filter(review=review).count())


def test_a_member_goes_through_the_whole_cycle(period, member, secretary, leader, unit_admin):
    review = review_of(period, member)
    services.suggestion_add(review_id=review.pk, text="Làm rõ việc chậm nộp báo cáo", acting_user=unit_admin)
    services.tasks_save(review_id=review.pk, tasks=tasks(10, exceeding=3), acting_user=member)
    self_assess(member, review, total=93, level="HTXSNV")
    assert ManifestationCheck.objects.filter(review=review).count() == 27
    services.collective_review(review_id=review.pk, comments="Chi bộ nhất trí", votes={"HTXSNV": 3, "HTTNV": 1},
                               members_present=4, acting_user=secretary)
    services.superior_assess(review_id=review.pk, scores=scores_for(review, 92), comments="Đồng ý",
                             level="HTXSNV", acting_user=leader)
    review = services.classify(review_id=review.pk, acting_user=unit_admin)
    assert (review.level, review.total_points, review.on_time_share, review.exceeding_share) == (
        "HTXSNV", Decimal(92), Decimal(100), Decimal(30))
    assert review.triggers == []
    # A group of one member: a fifth of one is none, so the top level cannot be approved in it.
    with pytest.raises(ServiceError) as error:
        services.approve(review_id=review.pk, acting_user=leader)
    assert error.value.code == "over_quota"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.CLASSIFIED
    # Four more members of the cell's group classified HTTNV make the quota one.
    _bulk_classified(period, review, "HTTNV", 4)
    review = services.approve(review_id=review.pk, acting_user=leader)
    review = services.notify(review_id=review.pk, acting_user=unit_admin)
    assert review.notified_on == timezone.localdate()
    review = services.appeal(review_id=review.pk, grounds="Xin xem lại", acting_user=member)
    review = services.resolve_appeal(review_id=review.pk, outcome="Giữ nguyên", acting_user=leader)
    assert (review.status, review.level) == (ReviewStatus.NOTIFIED, "HTXSNV")
    steps = [change.transition for change in history_of(review)]
    assert steps == ["suggest", "self_assess", "collective_review", "superior_assess", "classify", "approve",
                     "notify", "appeal", "resolve_appeal"]
    # Neither the history nor the audit trail names a manifestation.
    assert not any("manifestation" in str(change.data) for change in history_of(review))
    assert not AuditEvent.objects.filter(action="evaluation_review.self_assessed",
                                         after__icontains="manifestation").exists()


def _bulk_classified(period, like, level, count, *, status=ReviewStatus.CLASSIFIED):
    people = PersonFactory.create_batch(count, unit=like.unit)
    for person in people:
        MembershipFactory(person=person, cell=like.unit)
    Review.objects.bulk_create([
        Review(period=period, unit=like.unit, person=person, subject_group=like.subject_group,
               template=like.template, group_key=like.group_key, status=status, level=level,
               total_points=Decimal(80)) for person in people])


def test_a_collective_goes_through_its_cycle(period, cell, secretary, leader, unit_admin):
    review = review_of(period, unit=cell)
    services.tasks_save(review_id=review.pk, tasks=tasks(5, on_time=4), acting_user=secretary)
    self_assess(secretary, review, total=75, level="HTNV")
    services.collective_review(review_id=review.pk, comments="Tập thể tự kiểm điểm", votes={"HTNV": 5},
                               members_present=6, acting_user=secretary)
    services.superior_assess(review_id=review.pk, scores=scores_for(review, 75), comments="Đạt",
                             acting_user=leader)
    review = services.classify(review_id=review.pk, acting_user=unit_admin)
    # 75 points, but 20 % of the tasks late: the conditions keep the collective at HTNV.
    assert (review.level, review.reasons) == ("HTNV", ["on_time_below_HTTNV"])
    review = services.approve(review_id=review.pk, acting_user=leader)
    assert services.notify(review_id=review.pk, acting_user=unit_admin).status == ReviewStatus.NOTIFIED


def test_the_secretary_cannot_assess_as_the_superior_of_their_own_cell(period, member, secretary, unit_admin):
    review = review_of(period, member)
    self_assess(member, review, total=80)
    services.collective_review(review_id=review.pk, comments="Nhất trí", votes={"HTNV": 3}, members_present=4,
                               acting_user=secretary)
    with pytest.raises(TransitionRefused):
        services.superior_assess(review_id=review.pk, scores=scores_for(review, 80), comments="Tự đánh giá",
                                 acting_user=secretary)
    assert _state(review)[0] == ReviewStatus.COLLECTIVE_REVIEWED


def test_a_weak_criterion_sets_the_lowest_level_and_shows_why(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95, weak=("ethics",))
    assert review.level == "KHTNV"
    assert [(t["code"], t["detail"]) for t in review.triggers] == [("individual.weak_criterion", "ethics")]
    assert review.triggers[0]["text_en"] == "any criterion rated weak"


def test_discipline_effective_in_the_year_sets_the_lowest_level(period, member, secretary, leader, unit_admin,
                                                                 commune):
    violation = inspection.violation_record(unit_id=commune.pk, subject_person_id=member.person.pk,
                                            occurred_on=dt.date(period.year - 1, 12, 1),
                                            description="Vi phạm", acting_user=SYSTEM)
    inspection.decision_make(violation_id=violation.pk, form="full_member.reprimand", number="12-QĐ/UBKT",
                             decided_on=dt.date(period.year, 1, 2), grounds="Căn cứ", acting_user=SYSTEM)
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95)
    assert review.level == "KHTNV"
    [trigger] = review.triggers
    assert trigger["code"] == "individual.disciplined" and "12-QĐ/UBKT" in trigger["detail"]


def test_a_finding_of_degradation_sets_the_lowest_level(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95, findings=("individual.degradation",))
    assert review.level == "KHTNV"
    assert [t["code"] for t in review.triggers] == ["individual.degradation"]


def test_a_superior_cannot_propose_more_than_a_trigger_allows(period, member, secretary, leader):
    review = review_of(period, member)
    self_assess(member, review, total=95, level="HTNV")
    services.collective_review(review_id=review.pk, comments="Nhất trí", votes={"HTNV": 3}, members_present=4,
                               acting_user=secretary)
    with pytest.raises(ServiceError) as error:
        services.superior_assess(review_id=review.pk, scores=scores_for(review, 95, weak=("politics",)),
                                 comments="Có tiêu chí kém", level="HTNV", acting_user=leader)
    assert error.value.code == "level_not_allowed"
    assert _state(review)[0] == ReviewStatus.COLLECTIVE_REVIEWED
    assert not Score.objects.filter(review=review, points__isnull=False).exists()


@pytest.mark.parametrize(("total", "level"), [(90, "HTXSNV"), (89, "HTTNV"), (70, "HTTNV"), (69, "HTNV"),
                                              (50, "HTNV"), (49, "KHTNV")])
def test_the_classification_follows_the_points_at_each_boundary(period, member, secretary, leader, unit_admin,
                                                                 total, level):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=total, tasks_kwargs={"count": 10, "exceeding": 3})
    assert (review.total_points, review.level) == (Decimal(total), level)


def test_points_above_a_maximum_are_refused_with_nothing_written(period, member):
    review = review_of(period, member)
    rows = scores_for(review, 100)
    rows[0]["points"] = str(Decimal(rows[0]["points"]) + Decimal("0.5"))
    with pytest.raises(ServiceError) as error:
        services.self_assess(review_id=review.pk, scores=rows, strengths="a", shortcomings="b", level="HTNV",
                             manifestations=all_manifestations(), acting_user=member)
    assert error.value.code == "points_over_maximum"
    assert _state(review) == (ReviewStatus.OPEN, "", "", 0, 0, 0)


def test_a_proposed_level_the_points_do_not_allow_is_refused(period, member):
    review = review_of(period, member)
    with pytest.raises(ServiceError) as error:
        self_assess(member, review, total=85, level="HTXSNV")
    assert error.value.code == "level_not_allowed"
    assert _state(review) == (ReviewStatus.OPEN, "", "", 0, 0, 0)


def test_every_manifestation_must_be_checked_one_by_one(period, member):
    review = review_of(period, member)
    with pytest.raises(ServiceError, match="is not checked"):
        services.self_assess(review_id=review.pk, scores=scores_for(review, 80), strengths="a", shortcomings="b",
                             level="HTNV", manifestations=all_manifestations()[:26], acting_user=member)
    assert _state(review) == (ReviewStatus.OPEN, "", "", 0, 0, 0)


def test_a_vote_without_a_majority_is_refused(period, member, secretary):
    review = review_of(period, member)
    self_assess(member, review, total=80)
    with pytest.raises(ServiceError, match="more than half"):
        services.collective_review(review_id=review.pk, comments="Chưa thống nhất", votes={"HTTNV": 2, "HTNV": 2},
                                   members_present=4, acting_user=secretary)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SELF_ASSESSED


def test_nothing_changes_after_approval(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    services.approve(review_id=review.pk, acting_user=leader)
    before = _state(review)
    with pytest.raises(ServiceError) as error:
        services.tasks_save(review_id=review.pk, tasks=tasks(1), acting_user=member)
    assert error.value.code == "review_decided"
    with pytest.raises(TransitionRefused):
        services.classify(review_id=review.pk, acting_user=unit_admin)
    with pytest.raises(ServiceError):
        services.resident_comment_add(review_id=review.pk, source="Chi bộ nơi cư trú", text="Tốt",
                                      received_on=dt.date.today(), acting_user=unit_admin)
    assert _state(review) == before


def test_an_appeal_after_its_deadline_is_refused(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    services.approve(review_id=review.pk, acting_user=leader)
    services.notify(review_id=review.pk, acting_user=unit_admin)
    Review.objects.filter(pk=review.pk).update(notified_on=dt.date.today() - dt.timedelta(days=period.appeal_days + 1))
    with pytest.raises(ServiceError) as error:
        services.appeal(review_id=review.pk, grounds="Muộn", acting_user=member)
    assert error.value.code == "evaluation_appeal_late"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.NOTIFIED


def test_only_the_competent_level_approves(period, member, secretary, leader, unit_admin, cell):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    with pytest.raises(ServiceError):
        services.approve(review_id=review.pk, acting_user=secretary)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.CLASSIFIED


@pytest.mark.parametrize(("size", "allowed"), [(1, 0), (4, 0), (5, 1), (10, 2), (1000, 200)])
def test_approval_stops_at_the_quota_of_the_group(period, member, secretary, leader, unit_admin, size, allowed):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95, tasks_kwargs={"count": 10, "exceeding": 3})
    assert review.level == "HTXSNV"
    # The group: this member and size - 1 others, ``allowed`` - 1 of them already approved HTXSNV.
    approved = max(allowed - 1, 0)
    _bulk_classified(period, review, "HTXSNV", approved, status=ReviewStatus.APPROVED)
    _bulk_classified(period, review, "HTTNV", size - 1 - approved)
    group = selectors.quota_group(period, review.group_key)
    assert (group.good, group.allowed) == (size, allowed)
    if allowed:
        assert services.approve(review_id=review.pk, acting_user=leader).status == ReviewStatus.APPROVED
        # One more would be over.
        _bulk_classified(period, review, "HTXSNV", 1)
        extra = Review.objects.filter(group_key=review.group_key, status=ReviewStatus.CLASSIFIED,
                                      level="HTXSNV").get()
        with pytest.raises(ServiceError) as error:
            services.approve(review_id=extra.pk, acting_user=leader)
    else:
        with pytest.raises(ServiceError) as error:
            services.approve(review_id=review.pk, acting_user=leader)
        assert group.over == 1 and group.over_reviews == [review]
    assert error.value.code == "over_quota"
    assert str(allowed) in str(error.value.message)


def _appealed(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    assert review.level == "HTTNV"
    services.approve(review_id=review.pk, acting_user=leader)
    services.notify(review_id=review.pk, acting_user=unit_admin)
    return services.appeal(review_id=review.pk, grounds="Đề nghị xem xét lại", acting_user=member)


@pytest.mark.parametrize(("others", "refused"), [(3, True), (4, False)])
def test_an_appeal_lowering_a_level_keeps_the_approved_top_levels_within_the_quota(
        period, member, secretary, leader, unit_admin, others, refused):
    review = _appealed(period, member, secretary, leader, unit_admin)
    # The group: this member, one approved HTXSNV and ``others`` HTTNV: 5 allow 1, 6 allow 1.
    _bulk_classified(period, review, "HTXSNV", 1, status=ReviewStatus.APPROVED)
    _bulk_classified(period, review, "HTTNV", others)
    before = AuditEvent.objects.count()
    if refused:
        # Lowered, the group would count 4 at HTTNV or above, which allow none; one is approved.
        with pytest.raises(ServiceError) as error:
            services.resolve_appeal(review_id=review.pk, outcome="Hạ mức", level="HTNV", acting_user=leader)
        assert error.value.code == "over_quota"
        assert "4" in str(error.value.message) and "0" in str(error.value.message)
        stored = Review.objects.get(pk=review.pk)
        assert (stored.status, stored.level, stored.appeal_outcome) == (ReviewStatus.APPEALED, "HTTNV", "")
        assert AuditEvent.objects.count() == before
        # Resolved without changing the level, the appeal closes.
        kept = services.resolve_appeal(review_id=review.pk, outcome="Giữ nguyên", acting_user=leader)
        assert (kept.status, kept.level) == (ReviewStatus.NOTIFIED, "HTTNV")
    else:
        lowered = services.resolve_appeal(review_id=review.pk, outcome="Hạ mức", level="HTNV", acting_user=leader)
        assert (lowered.status, lowered.level) == (ReviewStatus.NOTIFIED, "HTNV")
        group = selectors.quota_group(period, review.group_key)
        assert (group.good, group.allowed, group.approved_excellent) == (5, 1, 1)


def test_the_unit_s_staff_enter_a_paper_self_assessment_but_a_leader_of_the_cell_cannot(period, member,
                                                                                         unit_admin, secretary):
    review = review_of(period, member)
    with pytest.raises(TransitionRefused):
        self_assess(secretary, review, total=80)
    assert _state(review)[0] == ReviewStatus.OPEN
    assert self_assess(unit_admin, review, total=80).status == ReviewStatus.SELF_ASSESSED


def _discipline_organisation(body, unit, year, number):
    violation = inspection.violation_record(unit_id=body.pk, subject_unit_id=unit.pk,
                                            occurred_on=dt.date(year - 1, 12, 1), description="Vi phạm",
                                            acting_user=SYSTEM)
    return inspection.decision_make(violation_id=violation.pk, form="party_organisation.reprimand", number=number,
                                    decided_on=dt.date(year, 1, 2), grounds="Căn cứ", acting_user=SYSTEM)


def test_a_collective_disciplined_in_the_year_gets_the_lowest_level(period, cell, commune, secretary, leader,
                                                                     unit_admin):
    _discipline_organisation(commune, cell, period.year, "7-QĐ/UBKT")
    review = to_classified(review_of(period, unit=cell), subject=secretary, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95)
    assert review.level == "KHTNV"
    [trigger] = review.triggers
    assert trigger["code"] == "collective.disciplined"
    assert trigger["detail"] == f"7-QĐ/UBKT (02/01/{period.year})"


def test_discipline_of_an_earlier_year_sets_no_collective_trigger(period, cell, commune):
    _discipline_organisation(commune, cell, period.year - 1, "6-QĐ/UBKT")
    assert services.triggers_of(review_of(period, unit=cell)) == []


@pytest.mark.parametrize(("cells", "disciplined", "holds"), [(5, 1, False), (5, 2, True), (10, 2, False),
                                                             (10, 3, True), (1, 1, True)])
def test_more_than_a_fifth_of_the_subordinate_organisations_disciplined_sets_the_lowest_level(
        period, cell, commune, province, cells, disciplined, holds):
    from neuguong.orgs.models import UnitKind
    from neuguong.orgs.tests.factories import make_unit

    below = [cell, *(make_unit(f"Chi bộ số {n}", UnitKind.CELL, commune) for n in range(cells - 1))]
    for index, unit in enumerate(below[:disciplined]):
        _discipline_organisation(commune, unit, period.year, f"{index + 1}-QĐ/UBKT")
    found = services.triggers_of(review_of(period, unit=commune))
    assert [t["code"] for t in found] == (["collective.disciplined"] if holds else [])
    if holds:
        assert found[0]["detail"].endswith(f"({disciplined}/{cells})")
