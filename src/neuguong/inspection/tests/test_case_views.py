"""The case pages: the list for inspection roles only, a case's file with only the steps the user can
take now (reading it is audited), the step forms with their refusals, and the work list."""

import datetime as dt
import re

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.inspection import services
from neuguong.inspection.models import Case, CaseStatus

from .conftest import client_for
from .test_case_services import TODAY, plan

pytestmark = pytest.mark.django_db
CASE_LINK = re.compile(r'href="/inspection/cases/\d+/"')


def test_the_list_shows_the_subtree_s_cases_in_a_bounded_number_of_queries(inspector, province, cell, member,
                                                                           django_assert_max_num_queries):
    for number in range(6):
        plan(inspector, province, unit=cell if number % 2 else None, person=None if number % 2 else member.person)
    client = client_for(inspector)
    with django_assert_max_num_queries(14):
        response = client.get("/inspection/cases/")
    assert response.status_code == 200 and len(CASE_LINK.findall(response.content.decode())) == 6
    members = client.get("/inspection/cases/", {"subject": "member"}).content.decode()
    assert len(CASE_LINK.findall(members)) == 3
    assert client.get("/inspection/cases/", {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("actor", ["unit_admin", "member"])
def test_roles_without_inspection_permission_get_403(request, actor, inspector, province, cell):
    case = plan(inspector, province, unit=cell)
    client = client_for(request.getfixturevalue(actor))
    assert client.get("/inspection/cases/").status_code == 403
    assert client.get(f"/inspection/cases/{case.pk}/").status_code == 403


def test_a_case_from_plan_to_conclusion_through_the_pages(inspector, province, cell):
    case = plan(inspector, province, unit=cell)
    client = client_for(inspector)
    page = client.get(f"/inspection/cases/{case.pk}/").content.decode()
    assert 'data-action="start"' in page and 'data-action="conclude"' not in page
    assert AuditEvent.objects.filter(action="inspection_case.viewed", actor=inspector).count() == 1
    day = TODAY.strftime("%d/%m/%Y")
    assert client.post(f"/inspection/cases/{case.pk}/start/", {
        "decision_number": "15-QĐ/UBKT", "decision_date": day, "team": "Đoàn kiểm tra", "starts_on": day,
        "ends_on": day}).status_code == 302
    refused = client.post(f"/inspection/cases/{case.pk}/conclude/", {"violation_found": "no", "conclusion": ""})
    assert refused.status_code == 422
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert client.post(f"/inspection/cases/{case.pk}/conclude/", {
        "violation_found": "yes", "rules_breached": "Điều 8", "conclusion": "Có vi phạm"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.violation_found is True
    assert client.post(f"/inspection/cases/{case.pk}/recommendations/new/",
                       {"text": "Khắc phục", "due_on": day}).status_code == 302
    recommendation = case.recommendations.get()
    assert client.post(f"/inspection/recommendations/{recommendation.pk}/complete/",
                       {"follow_up": "Đã khắc phục"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"


def test_planning_a_case_from_the_page(inspector, province, member):
    response = client_for(inspector).post("/inspection/cases/new/", {
        "unit": province.pk, "type": "supervision.thematic", "method": "supervision_method.indirect",
        "subject_person": member.person.pk, "title": "Giám sát chuyên đề", "planned_start": "01/02/2026",
        "planned_end": "28/02/2026"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.method.code == "supervision_method.indirect" and case.planned_end == dt.date(2026, 2, 28)


def test_the_inspector_s_home_lists_the_cases_due(inspector, province, cell):
    case = plan(inspector, province, unit=cell)
    services.case_start(case_id=case.pk, decision_number="1", decision_date=TODAY, team="Đoàn", starts_on=TODAY,
                        ends_on=TODAY + dt.timedelta(days=3), acting_user=inspector)
    assert "Conclude the case on Chi bộ thôn Đông" in client_for(inspector).get("/").content.decode()


def test_a_case_planned_with_its_team_shows_it_and_the_decision_starts_from_it(inspector, province, cell):
    client = client_for(inspector)
    response = client.post("/inspection/cases/new/", {
        "unit": province.pk, "type": "inspection.compliance", "subject_unit": cell.pk,
        "title": "Kiểm tra việc chấp hành", "planned_start": "02/03/2026", "planned_end": "30/03/2026",
        "team": "Đồng chí Trưởng đoàn\nHai ủy viên Ủy ban Kiểm tra"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.team == "Đồng chí Trưởng đoàn\nHai ủy viên Ủy ban Kiểm tra"
    assert AuditEvent.objects.get(action="inspection_case.planned").after["team"] == case.team
    page = client.get(f"/inspection/cases/{case.pk}/").content.decode()
    assert 'data-testid="planned-team"' in page and "Hai ủy viên Ủy ban Kiểm tra" in page
    start = client.get(f"/inspection/cases/{case.pk}/start/").content.decode()
    assert "Hai ủy viên Ủy ban Kiểm tra</textarea>" in start


def test_the_api_plans_a_case_with_its_team(inspector, province, cell):
    response = client_for(inspector).post("/api/v1/inspection-cases", {
        "unit_id": province.pk, "type": "inspection.compliance", "subject_unit_id": cell.pk,
        "title": "Kiểm tra qua API", "planned_start": "2026-03-02", "planned_end": "2026-03-30",
        "team": "Đoàn số 3"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["team"] == "Đoàn số 3"
