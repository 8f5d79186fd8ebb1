"""The discipline pages: the register for inspection roles only, a violation's file showing only the
steps the user can take now, the decision and appeal forms with their refusals, and a member's own
decisions. Reading a file is audited."""

import datetime as dt
import re

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.inspection import services
from neuguong.inspection.models import AppealStatus, DecisionStatus, DisciplineDecision, Violation

from .conftest import client_for, decide, record

pytestmark = pytest.mark.django_db
FILE_LINK = re.compile(r'href="/inspection/violations/\d+/"')


def test_the_register_lists_the_subtree_s_records_in_a_bounded_number_of_queries(
        inspector, province, member, post_holder, django_assert_max_num_queries):
    for number in range(5):
        decide(inspector, record(inspector, province, person=member.person if number % 2 else post_holder,
                                 occurred_on=dt.date(2019, 1, 1 + number)), number=f"{number}-QĐ")
    record(inspector, province, person=member.person)
    client = client_for(inspector)
    with django_assert_max_num_queries(14):
        response = client.get("/inspection/discipline/")
    assert response.status_code == 200
    assert len(FILE_LINK.findall(response.content.decode())) == 6
    awaiting = client.get("/inspection/discipline/", {"status": "awaiting"}).content.decode()
    assert len(FILE_LINK.findall(awaiting)) == 1


def test_the_register_finds_a_subject_without_diacritics_and_downloads(inspector, decision):
    client = client_for(inspector)
    assert "Phạm Thị Hoa" in client.get("/inspection/discipline/", {"q": "pham thi hoa"}).content.decode()
    assert "Phạm Thị Hoa" not in client.get("/inspection/discipline/", {"q": "tran"}).content.decode()
    download = client.get("/inspection/discipline/", {"export": "xlsx"})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("actor", ["unit_admin", "member"])
def test_roles_without_inspection_permission_get_403_on_the_register_and_the_file(request, actor, violation):
    client = client_for(request.getfixturevalue(actor))
    assert client.get("/inspection/discipline/").status_code == 403
    assert client.get(f"/inspection/violations/{violation.pk}/").status_code == 403
    assert not AuditEvent.objects.filter(action="discipline_violation.viewed").exists()


def test_an_inspector_of_another_subtree_gets_404_like_a_missing_file(sibling_inspector, violation):
    assert client_for(sibling_inspector).get(f"/inspection/violations/{violation.pk}/").status_code == 404


def test_reading_a_file_is_audited_and_shows_the_limitation_dates_and_the_decide_step(inspector, violation):
    page = client_for(inspector).get(f"/inspection/violations/{violation.pk}/").content.decode()
    assert "Reprimand: 5 years, until 15/03/2020" in page and "Warning: 10 years, until 15/03/2025" in page
    assert 'data-action="decide"' in page and 'data-action="appeal"' not in page
    assert AuditEvent.objects.get(action="discipline_violation.viewed").actor == inspector


def test_a_decision_past_the_limitation_is_refused_on_the_form_and_nothing_is_written(inspector, violation):
    response = client_for(inspector).post(f"/inspection/violations/{violation.pk}/decide/", {
        "form": "full_member.reprimand", "number": "03-QĐ", "decided_on": "16/03/2020", "grounds": "Căn cứ"})
    assert response.status_code == 422
    assert "ended on 15/03/2020" in response.content.decode()
    assert not DisciplineDecision.objects.exists()


def test_the_decision_form_offers_only_the_forms_that_fit_and_records_the_decision(inspector, violation):
    client = client_for(inspector)
    page = client.get(f"/inspection/violations/{violation.pk}/decide/").content.decode()
    assert 'value="full_member.expulsion"' in page and 'value="full_member.dismissal"' not in page
    response = client.post(f"/inspection/violations/{violation.pk}/decide/", {
        "form": "full_member.warning", "number": "03-QĐ", "decided_on": "15/03/2025", "grounds": "Căn cứ"})
    assert response.status_code == 302
    decision = DisciplineDecision.objects.get()
    assert decision.form.code == "full_member.warning" and decision.decided_on == dt.date(2025, 3, 15)
    page = client.get(f"/inspection/violations/{violation.pk}/").content.decode()
    assert 'data-action="decide"' not in page and 'data-action="appeal"' in page


def test_a_late_appeal_is_refused_with_the_dates_and_a_timely_one_offers_its_outcomes(inspector, decision):
    client = client_for(inspector)
    late = client.post(f"/inspection/decisions/{decision.pk}/appeal/", {"filed_on": "06/04/2020", "grounds": "x"})
    assert late.status_code == 422 and "05/04/2020" in late.content.decode()
    assert client.post(f"/inspection/decisions/{decision.pk}/appeal/",
                       {"filed_on": "05/04/2020", "grounds": "Không đồng ý"}).status_code == 302
    page = client.get(f"/inspection/violations/{decision.violation_id}/").content.decode()
    assert all(f'data-action="{step}"' in page for step in ("uphold", "change", "annul"))
    assert 'data-action="appeal"' not in page
    appeal = decision.appeals.get()
    change = client.get(f"/inspection/appeals/{appeal.pk}/change/").content.decode()
    assert 'value="full_member.warning"' in change and 'value="full_member.reprimand"' not in change
    assert client.post(f"/inspection/appeals/{appeal.pk}/change/", {
        "new_form": "full_member.warning", "resolution": "Tăng hình thức"}).status_code == 302
    decision.refresh_from_db()
    appeal.refresh_from_db()
    assert decision.status == DecisionStatus.CHANGED and appeal.status == AppealStatus.CHANGED


def test_a_member_reads_the_decisions_about_themselves_and_the_read_is_audited(member, decision, inspector,
                                                                              province, post_holder):
    other = decide(inspector, record(inspector, province, person=post_holder), number="88-QĐ/UBKT khác")
    client = client_for(member)
    page = client.get("/inspection/mine/").content.decode()
    assert decision.number in page and other.number not in page
    detail = client.get(f"/inspection/mine/{decision.pk}/")
    assert detail.status_code == 200 and "Reprimand" in detail.content.decode()
    assert client.get(f"/inspection/mine/{other.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="discipline_violation.viewed", actor=member).count() == 1


def test_recording_a_violation_from_the_page(inspector, province, member):
    response = client_for(inspector).post("/inspection/violations/new/", {
        "unit": province.pk, "subject_person": member.person.pk, "occurred_on": "02/05/2024",
        "description": "Vi phạm quy định", "exemption": ""})
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.subject_person == member.person and violation.occurred_on == dt.date(2024, 5, 2)


def test_the_inspector_s_home_lists_the_pending_appeal_and_the_violation_awaiting(inspector, decision, province,
                                                                               post_holder):
    services.appeal_file(decision_id=decision.pk, filed_on=dt.date(2020, 3, 20), grounds="x", acting_user=inspector)
    record(inspector, province, person=post_holder)
    page = client_for(inspector).get("/").content.decode()
    assert f"Appeal against decision {decision.number} waits for its outcome" in page
    assert "Violation of 15/03/2015 waits for its decision" in page
