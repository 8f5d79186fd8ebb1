"""The JSON API of the reception: the same services behind every route, scoped; a denouncer's
identity only for the handling office and never in a list; public submission and tracking that
reveal nothing internal."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from neuguong.api import api
from neuguong.reception.models import Petition, PetitionStatus, ReceptionSession, SessionSchedule

from .conftest import PETITIONER, client_for, days_ago, receive


def visitor() -> Client:
    """An anonymous client that reads English, as the assertions do."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


PDF = b"%PDF-1.4\n" + b"2" * 50


def post(client: Client, url: str, body: dict):
    return client.post(f"/api/v1{url}", json.dumps(body), content_type="application/json")


def get(client: Client, url: str, **params):
    return client.get(f"/api/v1{url}", params)


@pytest.fixture
def officer_api(officer):
    return client_for(officer)


@pytest.fixture
def leader_api(leader):
    return client_for(leader)


def test_every_reception_route_is_in_the_openapi_schema():
    paths = api.get_openapi_schema()["paths"]
    for path in ("/api/v1/petitions", "/api/v1/petitions/{petition_id}/extend", "/api/v1/petitions/overdue",
                 "/api/v1/reception-sessions/{session_id}/register", "/api/v1/dialogues/{dialogue_id}/commitments",
                 "/api/v1/petition-reports/summary", "/api/v1/public/petitions/track"):
        assert path in paths, path


def test_an_officer_receives_accepts_extends_and_resolves_a_denunciation(officer_api, commune):
    response = post(officer_api, "/petitions", {
        "unit_id": commune.pk, "kinds": ["denunciation"], "channel": "post", "subject": "Tố cáo",
        "content": "Cán bộ nhận tiền", **PETITIONER})
    assert response.status_code == 201
    petition_id = response.json()[0]["id"]
    assert response.json()[0]["petitioner_name"] is None and response.json()[0]["identity_protected"]
    accepted = post(officer_api, f"/petitions/{petition_id}/decide", {"outcome": "accept"}).json()
    assert accepted["status"] == PetitionStatus.ACCEPTED and accepted["deadline_rule"] == "tc_resolve"
    extended = post(officer_api, f"/petitions/{petition_id}/extend", {"reason": "Phức tạp"}).json()
    assert extended["extensions"] == 1 and extended["due_on"] > accepted["due_on"]
    resolved = post(officer_api, f"/petitions/{petition_id}/resolve", {"result": "Kết luận tố cáo"}).json()
    assert resolved["status"] == PetitionStatus.RESOLVED and resolved["due_on"] is None
    history = get(officer_api, f"/petitions/{petition_id}/history").json()
    assert [e["action"] for e in history] == ["received", "accept", "deadline_extended", "resolve"]


def test_a_forbidden_transition_answers_409_with_a_message_and_writes_nothing(officer_api, complaint):
    before = Petition.objects.filter(pk=complaint.pk).values().get()
    response = post(officer_api, f"/petitions/{complaint.pk}/resolve", {"result": "Xong"})
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert "Record the result" in response.json()["message"] and "Received" in response.json()["message"]
    assert Petition.objects.filter(pk=complaint.pk).values().get() == before


def test_allowed_actions_are_the_steps_the_caller_can_take_now(officer_api, leader_api, unit_admin, complaint):
    url = f"/petitions/{complaint.pk}"
    assert get(officer_api, url).json()["allowed_actions"] == [
        "route", "assign", "accept", "return_and_guide", "forward", "file", "withdraw", "split"]
    for reader in (leader_api, client_for(unit_admin)):  # they read the petition, handle none
        assert get(reader, url).json()["allowed_actions"] == []
    accepted = post(officer_api, f"{url}/decide", {"outcome": "accept"}).json()
    assert accepted["allowed_actions"] == ["assign", "urge", "resolve", "withdraw"]
    assert get(leader_api, url).json()["allowed_actions"] == []


def test_the_history_answers_each_step_with_its_reason(officer_api, complaint):
    post(officer_api, f"/petitions/{complaint.pk}/withdraw", {"reason": "Người gửi rút đơn"})
    history = get(officer_api, f"/petitions/{complaint.pk}/history").json()
    assert [(e["action"], e["from_status"], e["to_status"]) for e in history] == [
        ("received", "", "received"), ("withdraw", "received", "withdrawn")]
    assert history[1]["note"] == "Người gửi rút đơn" and history[1]["actor"] == "officer_a"
    assert history[1]["details"]["late"] is False and "reason" not in history[1]["details"]


def test_missing_fields_answer_422(officer_api, commune):
    response = post(officer_api, "/petitions", {"unit_id": commune.pk, "kinds": ["complaint"], "channel": "post",
                                                "subject": "", "content": "", "petitioner_name": "",
                                                "petitioner_address": ""})
    assert response.status_code == 422
    assert {"subject", "content", "petitioner_name", "petitioner_address"} <= set(response.json()["errors"])
    assert not Petition.objects.exists()


def test_an_extension_past_its_limit_answers_409(officer_api, complaint):
    response = post(officer_api, f"/petitions/{complaint.pk}/extend", {"reason": "x"})
    assert response.status_code == 409 and response.json()["code"] == "not_extendable"


def test_the_denouncer_is_only_in_the_detail_for_the_handling_office(officer_api, leader_api, denunciation):
    mine = get(officer_api, f"/petitions/{denunciation.pk}").json()
    assert mine["petitioner"]["name"] == "Đỗ Văn Tố"
    assert mine["petitioner"]["citizen_id_masked"].endswith("999") and "042190009999" not in json.dumps(mine)
    theirs = get(leader_api, f"/petitions/{denunciation.pk}").json()
    assert theirs["petitioner"] is None and theirs["attachments"] == []
    for client in (officer_api, leader_api):
        for url in ("/petitions", "/petitions/overdue", "/petitions/due-soon"):
            assert "Đỗ Văn Tố" not in get(client, url).content.decode()
        assert "Đỗ Văn Tố" not in get(client, "/petitions", q="do van to").content.decode()
    assert get(leader_api, "/petitions", q="do van to").json()["count"] == 0


def test_internal_notes_stay_internal(officer_api, complaint, commune):
    post(officer_api, f"/petitions/{complaint.pk}/notes", {"note": "Ghi chú nội bộ: đã gặp chủ tịch"})
    public = post(visitor(), "/public/petitions/track", {"code": complaint.tracking_code, "phone_digits": "5678"})
    assert public.status_code == 200
    assert set(public.json()) == {"tracking_code", "status", "unit", "next_deadline"}
    assert "nội bộ" not in public.content.decode() and "Nguyễn Thị Dân" not in public.content.decode()
    assert public.json()["unit"] == commune.name and public.json()["next_deadline"] == complaint.due_on.isoformat()


@pytest.mark.parametrize("url", ["/petitions/{id}", "/petitions/{id}/history", "/petitions/{id}/duplicates"])
def test_outsiders_get_404_like_a_missing_petition(outsider_officer, outsider, complaint, url):
    for user in (outsider_officer, outsider):
        response = get(client_for(user), url.format(id=complaint.pk))
        assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize(("action", "body"), [
    ("route", {"unit_id": 1, "reason": "x"}), ("assign", {"officer_id": 1}), ("decide", {"outcome": "accept"}),
    ("extend", {"reason": "x"}), ("resolve", {"result": "x"}), ("withdraw", {"reason": "x"}),
    ("split", {"kinds": ["proposal"]}), ("notes", {"note": "x"}),
    ("conditions", {"is_complex": True, "is_remote": False, "reason": "x"}),
])
def test_outsiders_and_readers_change_nothing(outsider_officer, leader, complaint, action, body):
    before = list(Petition.objects.order_by("pk").values())
    assert post(client_for(outsider_officer), f"/petitions/{complaint.pk}/{action}", body).status_code == 404
    assert post(client_for(leader), f"/petitions/{complaint.pk}/{action}", body).status_code == 403
    assert list(Petition.objects.order_by("pk").values()) == before


def test_attachments_upload_and_download_through_the_api(officer_api, leader_api, complaint, denunciation):
    response = officer_api.post(f"/api/v1/petitions/{complaint.pk}/attachments",
                                {"files": [SimpleUploadedFile("scan.pdf", PDF)]})
    assert response.status_code == 201
    attachment_id = response.json()[0]["id"]
    download = leader_api.get(f"/api/v1/petition-attachments/{attachment_id}")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    bad = officer_api.post(f"/api/v1/petitions/{denunciation.pk}/attachments",
                           {"files": [SimpleUploadedFile("scan.pdf", b"<html>not a pdf")]})
    assert bad.status_code == 422 and "attachments" in bad.json()["errors"]


def test_sessions_visits_and_the_register(officer_api, leader_api, commune):
    session = post(officer_api, "/reception-sessions", {
        "unit_id": commune.pk, "title": "Tiếp dân 3 trong 1", "held_on": days_ago(0).isoformat(),
        "is_three_in_one": True}).json()
    visit = post(officer_api, f"/reception-sessions/{session['id']}/visits", {
        "visitor": {"full_name": "Đỗ Văn Tố", "address": "Xóm Bắc", "citizen_id": "042190009999"},
        "matter": {"kinds": ["denunciation"], "subject": "Tố cáo", "content": "Nhận tiền"}})
    assert visit.status_code == 201
    recorded = post(officer_api, f"/reception-sessions/{session['id']}/record",
                    {"secretary_present": True, "council_chair_present": True, "committee_chair_present": True})
    assert recorded.json()["status"] == "held"
    book = get(officer_api, f"/reception-sessions/{session['id']}/register").json()
    assert len(book["headings"]) == 10 and book["rows"][0][3] == "042190009999"
    visits = get(leader_api, f"/reception-sessions/{session['id']}/visits").json()
    assert visits[0]["full_name"] is None
    assert get(leader_api, f"/reception-sessions/{session['id']}/register").status_code == 403


def test_the_report_summary(officer_api, officer, commune, cell):
    receive(officer, commune, received_on=days_ago(40))
    routed = receive(officer, commune, kinds=["proposal"])[0]
    post(officer_api, f"/petitions/{routed.pk}/route", {"unit_id": cell.pk, "reason": "Chi bộ giải quyết"})
    summary = get(officer_api, "/petition-reports/summary", unit_id=commune.pk).json()
    assert summary["total"] == 2 and summary["overdue"] == 1
    assert {"unit_id": cell.pk, "unit_name": cell.name, "count": 1} in summary["by_unit"]
    backlog = get(officer_api, "/petition-reports/backlog", unit_id=commune.pk).json()
    assert backlog["count"] == 1


def test_public_submission_returns_codes_and_is_rate_limited(commune, catalogues, settings):
    settings.RECEPTION_SUBMIT_LIMIT = 1
    body = {"unit_id": commune.pk, "kinds": ["feedback", "proposal"], "subject": "Đèn đường",
            "content": "Đèn hỏng", **PETITIONER}
    first = post(visitor(), "/public/petitions", body)
    assert first.status_code == 201 and len(first.json()["tracking_codes"]) == 2
    second = post(visitor(), "/public/petitions", body)
    assert second.status_code == 429 and second.json()["code"] == "throttled"
    assert Petition.objects.count() == 2


def test_public_tracking_of_an_unknown_code_answers_404(catalogues):
    response = post(visitor(), "/public/petitions/track", {"code": "ZZZZZ-ZZZZZ", "phone_digits": "1234"})
    assert response.status_code == 404


def test_anonymous_callers_get_401_outside_the_public_routes(complaint):
    assert get(visitor(), f"/petitions/{complaint.pk}").status_code == 401
    assert get(visitor(), "/petitions").status_code == 401


@pytest.mark.parametrize("url", ["/reception-sessions", "/reception-schedules"])
def test_a_start_time_with_a_time_zone_answers_422_and_writes_nothing(officer_api, commune, url):
    body = {"unit_id": commune.pk, "title": "Tiếp dân", "held_on": days_ago(0).isoformat(), "day_of_month": 15,
            "starts_at": "07:30:00+07:00"}
    response = post(officer_api, url, body)
    assert response.status_code == 422 and "starts_at" in response.json()["errors"], response.content[:300]
    assert ReceptionSession.objects.count() == 0 and SessionSchedule.objects.count() == 0


def test_an_upload_retried_with_its_idempotency_key_is_stored_once(officer_api, complaint):
    def upload(content: bytes = PDF):
        return officer_api.post(f"/api/v1/petitions/{complaint.pk}/attachments",
                                {"files": [SimpleUploadedFile("scan.pdf", content)]}, HTTP_IDEMPOTENCY_KEY="scan-1")

    first, retry = upload(), upload()
    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true" and retry.json() == first.json()
    assert complaint.attachments.count() == 1
    assert upload(PDF + b"%other").status_code == 422  # the same key for another file
