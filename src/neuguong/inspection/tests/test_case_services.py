"""Inspection and supervision cases: planned, started by a decision with its team and timeline,
concluded with findings and a required conclusion, recommendations followed up until done."""

import datetime as dt

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.inspection import selectors, services
from neuguong.inspection.models import Case, CaseStatus, RecommendationStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def plan(user, body, *, person=None, unit=None, type="inspection.compliance", method="", start=TODAY):
    return services.case_plan(unit_id=body.pk, type=type, method=method, title="Kiểm tra việc chấp hành",
                              planned_start=start, planned_end=start + dt.timedelta(days=30),
                              subject_person_id=person.pk if person else None,
                              subject_unit_id=unit.pk if unit else None, acting_user=user)


def start(user, case):
    return services.case_start(case_id=case.pk, decision_number="15-QĐ/UBKT", decision_date=TODAY,
                               team="Đồng chí Hồ Văn Kiểm, trưởng đoàn", starts_on=TODAY,
                               ends_on=TODAY + dt.timedelta(days=20), acting_user=user)


@pytest.fixture
def case(inspector, province, cell):
    return plan(inspector, province, unit=cell)


def test_a_planned_case_starts_with_its_decision_and_concludes_with_its_findings(inspector, case):
    start(inspector, case)
    concluded = services.case_conclude(case_id=case.pk, violation_found=True, rules_breached="Điều 8 Quy định 69",
                                       conclusion="Có vi phạm, đề nghị xem xét kỷ luật", acting_user=inspector)
    assert concluded.status == CaseStatus.CONCLUDED and concluded.violation_found is True
    assert concluded.decision_number == "15-QĐ/UBKT" and concluded.concluded_on == TODAY
    assert [change.transition for change in history_of(concluded)] == ["start", "conclude"]
    assert AuditEvent.objects.filter(action="inspection_case.concluded").count() == 1


def test_a_case_is_not_closed_without_a_conclusion_and_nothing_changes(inspector, case):
    start(inspector, case)
    with pytest.raises(ServiceError, match="not closed without one") as refused:
        services.case_conclude(case_id=case.pk, violation_found=False, conclusion="  ", acting_user=inspector)
    assert refused.value.field_errors["conclusion"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.conclusion == ""
    assert not AuditEvent.objects.filter(action="inspection_case.concluded").exists()


def test_a_violation_found_names_the_rules_breached(inspector, case):
    start(inspector, case)
    with pytest.raises(ServiceError, match="rules breached"):
        services.case_conclude(case_id=case.pk, violation_found=True, conclusion="Có vi phạm", acting_user=inspector)


def test_a_case_starts_only_with_its_decision_number_and_a_timeline(inspector, case):
    with pytest.raises(ServiceError, match="number of the decision"):
        services.case_start(case_id=case.pk, decision_number="", decision_date=TODAY, team="Đoàn", starts_on=TODAY,
                            ends_on=TODAY, acting_user=inspector)
    with pytest.raises(ServiceError, match="ends on or after"):
        services.case_start(case_id=case.pk, decision_number="1", decision_date=TODAY, team="Đoàn", starts_on=TODAY,
                            ends_on=TODAY - dt.timedelta(days=1), acting_user=inspector)
    case.refresh_from_db()
    assert case.status == CaseStatus.PLANNED and case.decision_number == ""


def test_a_case_starts_on_or_after_its_decision_and_nothing_changes_otherwise(inspector, case):
    decided = TODAY - dt.timedelta(days=3)
    with pytest.raises(ServiceError, match=f"on or after the decision of {decided:%d/%m/%Y}") as refused:
        services.case_start(case_id=case.pk, decision_number="15-QĐ/UBKT", decision_date=decided, team="Đoàn",
                            starts_on=decided - dt.timedelta(days=1), ends_on=TODAY, acting_user=inspector)
    assert "starts_on" in refused.value.field_errors
    case.refresh_from_db()
    assert case.status == CaseStatus.PLANNED and case.decision_number == "" and case.starts_on is None
    started = services.case_start(case_id=case.pk, decision_number="15-QĐ/UBKT", decision_date=decided, team="Đoàn",
                                  starts_on=decided, ends_on=TODAY, acting_user=inspector)
    assert started.status == CaseStatus.IN_PROGRESS and started.starts_on == decided


def test_a_planned_case_cannot_be_concluded(inspector, case):
    with pytest.raises(TransitionRefused):
        services.case_conclude(case_id=case.pk, violation_found=False, conclusion="x", acting_user=inspector)


def test_a_supervision_has_its_method_and_an_inspection_none(inspector, province, member):
    with pytest.raises(ServiceError, match="direct or indirect"):
        plan(inspector, province, person=member.person, type="supervision.thematic")
    supervision = plan(inspector, province, person=member.person, type="supervision.thematic",
                       method="supervision_method.direct")
    assert supervision.method.code == "supervision_method.direct"
    with pytest.raises(ServiceError, match="Only a supervision"):
        plan(inspector, province, person=member.person, method="supervision_method.direct")
    with pytest.raises(ServiceError, match="from the catalogue"):
        plan(inspector, province, person=member.person, type="supervision_method.direct")
    assert Case.objects.count() == 1


def test_recommendations_follow_the_conclusion_until_done(inspector, case):
    with pytest.raises(ServiceError, match="follow the conclusion"):
        services.recommendation_add(case_id=case.pk, text="Khắc phục", due_on=TODAY, acting_user=inspector)
    start(inspector, case)
    services.case_conclude(case_id=case.pk, violation_found=False, conclusion="Chấp hành tốt", acting_user=inspector)
    recommendation = services.recommendation_add(case_id=case.pk, text="Bổ sung sổ sách", due_on=TODAY,
                                                 acting_user=inspector)
    assert selectors.recommendations_due(inspector, until=TODAY, limit=5) == [recommendation]
    with pytest.raises(ServiceError, match="how it was carried out"):
        services.recommendation_complete(recommendation_id=recommendation.pk, follow_up="", acting_user=inspector)
    done = services.recommendation_complete(recommendation_id=recommendation.pk, follow_up="Đã bổ sung",
                                            acting_user=inspector)
    assert done.status == RecommendationStatus.DONE and done.done_on == TODAY


def test_a_recommendation_is_due_and_done_on_or_after_the_conclusion(inspector, case):
    services.case_start(case_id=case.pk, decision_number="15-QĐ/UBKT", decision_date=TODAY - dt.timedelta(days=20),
                        team="Đoàn", starts_on=TODAY - dt.timedelta(days=20), ends_on=TODAY, acting_user=inspector)
    concluded_on = TODAY - dt.timedelta(days=5)
    services.case_conclude(case_id=case.pk, violation_found=False, conclusion="Chấp hành tốt",
                           concluded_on=concluded_on, acting_user=inspector)
    with pytest.raises(ServiceError, match=f"on or after the conclusion of {concluded_on:%d/%m/%Y}") as refused:
        services.recommendation_add(case_id=case.pk, text="Khắc phục", due_on=concluded_on - dt.timedelta(days=1),
                                    acting_user=inspector)
    assert "due_on" in refused.value.field_errors and not case.recommendations.exists()
    recommendation = services.recommendation_add(case_id=case.pk, text="Khắc phục", due_on=concluded_on,
                                                 acting_user=inspector)
    with pytest.raises(ServiceError, match="on or after the conclusion") as refused:
        services.recommendation_complete(recommendation_id=recommendation.pk, follow_up="Đã làm",
                                         done_on=concluded_on - dt.timedelta(days=1), acting_user=inspector)
    assert "done_on" in refused.value.field_errors
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.OPEN and recommendation.follow_up == ""
    assert not AuditEvent.objects.filter(action="inspection_recommendation.done").exists()
    done = services.recommendation_complete(recommendation_id=recommendation.pk, follow_up="Đã làm",
                                            done_on=concluded_on, acting_user=inspector)
    assert done.status == RecommendationStatus.DONE and done.done_on == concluded_on


def test_cases_are_seen_by_inspection_roles_of_the_subtree_only(inspector, sibling_inspector, commune_inspector,
                                                                unit_admin, case, commune, member):
    own = plan(commune_inspector, commune, person=member.person)
    assert set(selectors.cases_visible_to(inspector)) == {case, own}
    assert list(selectors.cases_visible_to(commune_inspector)) == [own]
    assert list(selectors.cases_visible_to(sibling_inspector)) == []
    assert list(selectors.cases_visible_to(unit_admin)) == []


def test_cases_due_are_the_planned_to_start_and_the_running_to_conclude(inspector, case, province, member):
    later = plan(inspector, province, person=member.person, start=TODAY + dt.timedelta(days=60))
    assert selectors.cases_due(inspector, until=TODAY, limit=5) == [case]
    start(inspector, case)
    assert selectors.cases_due(inspector, until=TODAY + dt.timedelta(days=20), limit=5) == [case]
    assert later not in selectors.cases_due(inspector, until=TODAY + dt.timedelta(days=20), limit=5)


def test_a_case_through_the_api_and_its_refusals(inspector, province, cell, unit_admin):
    import json

    from .conftest import client_for

    client = client_for(inspector)

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    created = post("/api/v1/inspection-cases", {"unit_id": province.pk, "type": "inspection.party_finance",
                                                "subject_unit_id": cell.pk, "title": "Kiểm tra tài chính đảng",
                                                "planned_start": str(TODAY), "planned_end": str(TODAY)})
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert client.get(f"/api/v1/inspection-cases/{case_id}").json()["allowed_actions"] == ["start"]
    read = AuditEvent.objects.get(action="inspection_case.viewed")
    assert (read.actor, read.object_id) == (inspector, str(case_id))
    assert post(f"/api/v1/inspection-cases/{case_id}/start", {
        "decision_number": "3-QĐ", "decision_date": str(TODAY), "team": "Đoàn", "starts_on": str(TODAY),
        "ends_on": str(TODAY)}).json()["status"] == "in_progress"
    refused = post(f"/api/v1/inspection-cases/{case_id}/conclude", {"violation_found": False, "conclusion": ""})
    assert refused.status_code == 422 and "conclusion" in refused.json()["errors"]
    assert post(f"/api/v1/inspection-cases/{case_id}/conclude",
                {"violation_found": False, "conclusion": "Tốt"}).json()["status"] == "concluded"
    assert client_for(unit_admin).get(f"/api/v1/inspection-cases/{case_id}").status_code == 403
