"""Templates and periods: versions kept by the period, the period created and opened, its reviews
created by a background job with progress, and the scope of who may do it."""

import datetime as dt

import pytest

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.evaluation import rules, selectors, services
from neuguong.evaluation.models import Period, PeriodStatus, Review, SubjectGroup, Template
from neuguong.jobs import services as jobs
from neuguong.jobs.models import Job, JobStatus
from neuguong.orgs.models import ManagementLevel
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory

from .conftest import make_period, review_of, to_classified


def test_every_template_adds_up_to_thirty_general_and_seventy_task_points(loaded):
    assert {t.code for t in Template.objects.all()} == set(SubjectGroup.values)
    for template in Template.objects.all():
        general = sum(c.max_points for c in template.criteria.filter(group="general"))
        task = sum(c.max_points for c in template.criteria.filter(group="tasks"))
        assert (general, task) == (30, 70), template.code
        assert template.criteria.filter(source="directive_05").count() == 1


def test_loading_again_stores_no_new_version_and_a_changed_template_is_the_next_version(loaded, monkeypatch,
                                                                                        unit_admin, commune):
    assert services.templates_load(acting_user=SYSTEM) == []
    period = make_period(unit_admin, commune)
    data = rules.data()
    changed = {**data, "templates": [dict(data["templates"][0], name="Tập thể (sửa)")]}
    changed["templates"][0]["criteria"] = [dict(c) for c in data["templates"][0]["criteria"]]
    changed["templates"][0]["criteria"][0]["guidance"] = "Hướng dẫn mới"
    monkeypatch.setattr(rules, "data", lambda: changed)
    [new] = services.templates_load(acting_user=SYSTEM)
    assert (new.code, new.version) == ("collective", 2)
    # The period keeps the version it was created with; a new period takes the new one.
    assert period.templates.get(code="collective").version == 1
    assert make_period(unit_admin, commune, title="Kỳ mới").templates.get(code="collective").version == 2


def test_a_template_that_does_not_add_up_is_refused(loaded, monkeypatch):
    data = rules.data()
    entry = dict(data["templates"][0], criteria=[dict(c) for c in data["templates"][0]["criteria"]])
    entry["criteria"][0]["max"] = 11
    monkeypatch.setattr(rules, "data", lambda: {**data, "templates": [entry]})
    with pytest.raises(ServiceError, match="add up to 31"):
        services.templates_load(acting_user=SYSTEM)
    assert Template.objects.filter(version=2).count() == 0


def test_bad_period_input_is_refused_with_nothing_written(unit_admin, commune, loaded):
    today = dt.date.today()
    with pytest.raises(ServiceError) as error:
        services.period_create(unit_id=commune.pk, kind="weekly", year=today.year, title="  ", opens_on=today,
                               closes_on=today - dt.timedelta(days=1), acting_user=unit_admin)
    assert set(error.value.field_errors) == {"kind", "title", "closes_on"}
    assert not Period.objects.exists()


def test_an_outsider_cannot_open_a_period_for_another_commune(outsider, commune, loaded):
    with pytest.raises(NotFound):
        make_period(outsider, commune)
    assert not Period.objects.exists()


def test_opening_a_period_creates_every_review_by_a_job_with_progress(unit_admin, commune, cell, member, loaded):
    holder = PersonFactory(full_name="Tạ Quang Chức", unit=cell)
    MembershipFactory(person=holder, cell=cell)
    PostFactory(person=holder, unit=commune, title="Chủ tịch UBND xã", started_on=dt.date(2012, 1, 1),
                management_level=ManagementLevel.GRASSROOTS)
    for index in range(3):
        MembershipFactory(person=PersonFactory(full_name=f"Đảng viên {index}", unit=cell), cell=cell)
    period = services.period_open(period_id=make_period(unit_admin, commune).pk, acting_user=unit_admin)
    assert period.status == PeriodStatus.OPEN and period.job_id is not None
    assert not Review.objects.exists()  # the job has not run yet
    jobs.job_run(job_id=period.job_id)
    job = Job.objects.get(pk=period.job_id)
    assert (job.status, job.total, job.done) == (JobStatus.DONE, 8, 8)
    reviews = Review.objects.filter(period=period)
    # The commune's and the cell's collectives, the five members of the cell, and the holder of a post
    # on the commune's committee again there: a cadre with several posts is reviewed in each place.
    assert reviews.filter(person__isnull=True).count() == 2
    assert {(r.unit_id, r.subject_group) for r in reviews.filter(person=holder)} == {
        (cell.pk, SubjectGroup.LEADER_MANAGER), (commune.pk, SubjectGroup.LEADER_MANAGER)}
    assert reviews.get(person=member.person).subject_group == SubjectGroup.INDIVIDUAL_WITHOUT_POST
    assert reviews.get(person=member.person).template.version == 1
    assert selectors.period_progress(period).total == 8
    # Run again, it creates nothing twice.
    assert services.reviews_create(period_id=period.pk) == 0
    assert AuditEvent.objects.filter(action="evaluation_period.opened").count() == 1


def test_a_period_closes_once_and_a_draft_takes_no_reviews(unit_admin, commune, loaded):
    period = make_period(unit_admin, commune)
    with pytest.raises(ServiceError):
        services.reviews_create(period_id=period.pk)
    with pytest.raises(ServiceError):
        services.period_close(period_id=period.pk, acting_user=unit_admin)
    services.period_open(period_id=period.pk, acting_user=unit_admin)
    assert services.period_close(period_id=period.pk, acting_user=unit_admin).status == PeriodStatus.CLOSED


def test_periods_are_listed_within_the_subtree_only(unit_admin, outsider, commune, loaded):
    period = make_period(unit_admin, commune)
    assert list(selectors.periods_visible_to(unit_admin)) == [period]
    assert not selectors.periods_visible_to(outsider).exists()
    with pytest.raises(NotFound):
        selectors.period_get(outsider, period.pk)


def test_last_period_s_shortcomings_are_carried_into_the_next_period(period, member, secretary, leader,
                                                                      unit_admin, commune):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    services.approve(review_id=review.pk, acting_user=leader)
    later = make_period(unit_admin, commune, title="Kỳ sau")
    Period.objects.filter(pk=later.pk).update(opens_on=period.closes_on + dt.timedelta(days=1),
                                              closes_on=period.closes_on + dt.timedelta(days=60))
    services.period_open(period_id=later.pk, acting_user=SYSTEM)
    assert Review.objects.get(period=later, person=member.person).earlier_shortcomings == "Còn chậm"
    assert Review.objects.get(period=later, person=secretary.person).earlier_shortcomings == ""


def test_a_post_in_ones_own_cell_or_an_ended_post_adds_no_review(unit_admin, commune, cell, loaded):
    secretary = PersonFactory(full_name="Lê Thị Bí Thư", unit=cell)
    MembershipFactory(person=secretary, cell=cell)
    PostFactory(person=secretary, unit=cell, title="Bí thư chi bộ", started_on=dt.date(2020, 1, 1),
                management_level=ManagementLevel.GRASSROOTS)
    former = PersonFactory(full_name="Vũ Văn Cũ", unit=cell)
    MembershipFactory(person=former, cell=cell)
    PostFactory(person=former, unit=commune, title="Phó Chủ tịch UBND xã", started_on=dt.date(2015, 1, 1),
                ended_on=dt.date(2020, 12, 31), management_level=ManagementLevel.GRASSROOTS)
    period = make_period(unit_admin, commune)
    services.period_open(period_id=period.pk, acting_user=SYSTEM)
    assert list(Review.objects.filter(period=period, person=secretary).values_list("unit_id", flat=True)) == [cell.pk]
    assert list(Review.objects.filter(period=period, person=former).values_list("unit_id", flat=True)) == [cell.pk]
