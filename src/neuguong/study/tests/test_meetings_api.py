"""The cell meetings API: scheduling, holding, the minutes and their approval, the figures and
the missing cells, scoped like the pages; bad input answers a clear message and writes nothing."""

from django.utils import timezone

from neuguong.orgs.tests.factories import PersonFactory
from neuguong.study.models import Attendance, Meeting, MeetingDocument, MeetingStatus

from .conftest import CONCLUSION, DOCX, PDF, client_for, upload

JSON = "application/json"


def test_a_meeting_runs_from_schedule_to_approved_minutes_through_the_api(secretary, member, cell, cell_members,
                                                                         manifestations):
    client = client_for(secretary)
    starts_at = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    created = client.post("/api/v1/study-meetings", {"cell_id": cell.pk, "kind": "regular", "place": "Hội trường",
                                                     "starts_at": starts_at.isoformat()}, content_type=JSON)
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    assert created.json()["allowed_actions"] == ["hold", "cancel"]
    attendance = {"attendance": [{"person_id": p.pk, "status": "present"} for p in cell_members]}
    assert client.post(f"/api/v1/study-meetings/{meeting_id}/hold", attendance, content_type=JSON).status_code == 200
    assert client.put(f"/api/v1/study-meetings/{meeting_id}/manifestations", {"entries": [
        {"manifestation": "G1.6", "conclusion": CONCLUSION}]}, content_type=JSON).status_code == 200
    assert client.put(f"/api/v1/study-meetings/{meeting_id}/minutes", {"study_content": "Chuyên đề",
                                                                       "resolutions": ""},
                      content_type=JSON).status_code == 200
    approved = client.post(f"/api/v1/study-meetings/{meeting_id}/approve")
    assert approved.json()["status"] == MeetingStatus.APPROVED and approved.json()["allowed_actions"] == []
    refused = client.put(f"/api/v1/study-meetings/{meeting_id}/minutes", {"study_content": "Sửa"},
                         content_type=JSON)
    assert refused.status_code in (400, 409, 422) and "read-only" in refused.content.decode()
    assert Meeting.objects.get().study_content == "Chuyên đề"


def test_the_secretary_adds_a_meeting_document_through_the_api_and_the_members_download_it(
        meeting, secretary, member_client, outsider_client):
    client = client_for(secretary)
    added = client.post(f"/api/v1/study-meetings/{meeting.pk}/documents",
                        {"title": "Giấy mời", "file": upload("giay-moi.pdf", PDF)})
    assert added.status_code == 201, added.content
    document_id = added.json()["id"]
    assert added.json()["original_name"] == "giay-moi.pdf"
    listed = member_client.get(f"/api/v1/study-meetings/{meeting.pk}").json()["documents"]
    assert [d["id"] for d in listed] == [document_id]
    download = member_client.get(f"/api/v1/study-meeting-documents/{document_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert outsider_client.get(f"/api/v1/study-meeting-documents/{document_id}").status_code == 404
    assert member_client.post(f"/api/v1/study-meetings/{meeting.pk}/documents",
                              {"title": "Thêm", "file": upload("them.pdf", PDF)}).status_code == 403
    disguised = client.post(f"/api/v1/study-meetings/{meeting.pk}/documents",
                            {"title": "Giả", "file": upload("gia.pdf", DOCX)})
    assert disguised.status_code == 422 and "gia.pdf" in disguised.content.decode()
    assert MeetingDocument.objects.count() == 1


def test_an_approved_meetings_documents_stay_as_they_were_in_the_api(approved_meeting, secretary):
    refused = client_for(secretary).post(f"/api/v1/study-meetings/{approved_meeting.pk}/documents",
                                         {"title": "Muộn", "file": upload("muon.pdf", PDF)})
    assert refused.status_code in (400, 409, 422) and "read-only" in refused.content.decode()
    assert not MeetingDocument.objects.exists()


def test_attendance_beyond_the_cells_members_is_refused_by_the_api(meeting, secretary, cell_members, sibling):
    stranger = PersonFactory(unit=sibling)
    rows = [{"person_id": p.pk, "status": "present"} for p in [*cell_members, stranger]]
    response = client_for(secretary).post(f"/api/v1/study-meetings/{meeting.pk}/hold", {"attendance": rows},
                                          content_type=JSON)
    assert response.status_code in (400, 409, 422)
    assert "members" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_party_member_reads_the_meeting_without_the_cells_conclusions(discussed, member_client):
    detail = member_client.get(f"/api/v1/study-meetings/{discussed.pk}").json()
    assert detail["study_content"] == "Học tập chuyên đề năm"
    assert CONCLUSION not in str(detail) and detail["manifestations_complete"] is False
    assert member_client.post(f"/api/v1/study-meetings/{discussed.pk}/approve").status_code == 403


def test_the_attendance_figures_and_the_missing_cells_through_the_api(approved_meeting, unit_admin, commune, cell):
    client = client_for(unit_admin)
    year = timezone.localdate().year
    by_cell = client.get(f"/api/v1/study-meeting-attendance?year={year}&unit_id={commune.pk}").json()
    assert by_cell["total"]["present"] == 2 and by_cell["rows"][0]["unit_id"] == cell.pk
    by_member = client.get(f"/api/v1/study-meeting-attendance?year={year}&unit_id={cell.pk}").json()
    assert by_member["by_member"] and len(by_member["rows"]) == 2
    month = timezone.localdate().strftime("%Y-%m")
    assert client.get(f"/api/v1/study-meetings-missing?month={month}&unit_id={commune.pk}").json()["count"] == 0


def test_an_outsider_gets_404_for_a_meeting_in_the_api(meeting, outsider_client):
    assert outsider_client.get(f"/api/v1/study-meetings/{meeting.pk}").status_code == 404
    assert outsider_client.post(f"/api/v1/study-meetings/{meeting.pk}/cancel", {"reason": "x"},
                                content_type=JSON).status_code == 404
