"""The discipline API: the same rules and scoping as the pages, the refusal's code and message."""

import datetime as dt
import json

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.inspection.models import DisciplineDecision

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_an_inspector_records_a_violation_and_its_decision_through_the_api(inspector, province, member):
    client = client_for(inspector)
    created = _post(client, "/api/v1/discipline-violations", {
        "unit_id": province.pk, "subject_person_id": member.person.pk, "occurred_on": "2015-03-15",
        "description": "Vi phạm quy định"})
    assert created.status_code == 201, created.content
    violation_id = created.json()["id"]
    late = _post(client, f"/api/v1/discipline-violations/{violation_id}/decision", {
        "form": "full_member.reprimand", "number": "01", "decided_on": "2020-03-16", "grounds": "Căn cứ"})
    assert late.status_code == 422 and late.json()["code"] == "limitation_expired"
    assert "15/03/2020" in late.json()["message"]
    made = _post(client, f"/api/v1/discipline-violations/{violation_id}/decision", {
        "form": "full_member.reprimand", "number": "01", "decided_on": "2020-03-15", "grounds": "Căn cứ"})
    assert made.status_code == 201 and made.json()["current_form"] == "full_member.reprimand"
    again = _post(client, f"/api/v1/discipline-violations/{violation_id}/decision", {
        "form": "full_member.warning", "number": "02", "decided_on": "2020-03-15", "grounds": "Căn cứ"})
    assert again.json()["code"] == "decision_exists"
    detail = client.get(f"/api/v1/discipline-violations/{violation_id}").json()
    assert detail["decision"]["number"] == "01" and detail["decision"]["appeals"] == []
    assert DisciplineDecision.objects.count() == 1


def test_an_appeal_and_its_outcome_through_the_api(inspector, decision):
    client = client_for(inspector)
    late = _post(client, f"/api/v1/discipline-decisions/{decision.pk}/appeals",
                 {"filed_on": "2020-04-06", "grounds": "Muộn"})
    assert late.json()["code"] == "appeal_late"
    appeal = _post(client, f"/api/v1/discipline-decisions/{decision.pk}/appeals",
                   {"filed_on": "2020-04-05", "grounds": "Không đồng ý"}).json()
    assert appeal["status"] == "pending" and set(appeal["allowed_actions"]) == {"uphold", "change", "annul"}
    annulled = _post(client, f"/api/v1/discipline-appeals/{appeal['id']}/annul", {"resolution": "Hủy"})
    assert annulled.status_code == 200 and annulled.json()["status"] == "annulled"
    decision.refresh_from_db()
    assert decision.status == "annulled"


def test_others_find_nothing_and_the_member_reads_their_own(sibling_inspector, unit_admin, member, decision):
    url = f"/api/v1/discipline-violations/{decision.violation_id}"
    assert client_for(sibling_inspector).get(url).status_code == 404
    assert client_for(unit_admin).get("/api/v1/discipline-violations").status_code == 403
    assert client_for(unit_admin).get(url).status_code == 403
    own = client_for(member).get("/api/v1/discipline-mine").json()["items"]
    assert [row["number"] for row in own] == [decision.number]
    read = AuditEvent.objects.get(action="discipline_violation.viewed")
    assert (read.actor, read.object_id) == (member, str(decision.violation_id))
    assert client_for(member).get(url).status_code == 403


def test_a_form_that_does_not_fit_is_refused_with_its_code(inspector, violation):
    response = _post(client_for(inspector), f"/api/v1/discipline-violations/{violation.pk}/decision", {
        "form": "party_organisation.dissolution", "number": "01", "decided_on": str(dt.date(2016, 1, 1)),
        "grounds": "Căn cứ"})
    assert response.status_code == 422 and response.json()["code"] == "form_not_for_subject"
