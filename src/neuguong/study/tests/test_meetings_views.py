"""The cell meeting pages: the list and its filters, a meeting's page and steps, the read-only
minutes, the Word minutes, the attendance figures and the cells without a meeting; the
manifestation records only for those allowed."""

import io
import zipfile

from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.catalogues.models import Manifestation
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant, make_unit
from neuguong.study.models import Attendance, MeetingStatus
from neuguong.study.views import meetings as meeting_views

from .conftest import CONCLUSION, client_for, schedule


def _docx_text(response) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.read("word/document.xml").decode()


def test_the_meeting_list_filters_by_unit_kind_status_and_month(meeting, secretary, cell, sibling_cell):
    client = client_for(secretary)
    month = timezone.localdate().strftime("%m/%Y")
    found = client.get(f"/study/meetings/?unit={cell.pk}&kind=regular&status=scheduled&month={month}")
    assert 'data-testid="meetings"' in found.content.decode()
    for query in ("kind=thematic", "status=held", "month=01/2001"):
        assert 'data-testid="meetings"' not in client.get(f"/study/meetings/?{query}").content.decode()


def test_the_meeting_list_asks_a_bounded_number_of_queries(meeting, secretary, cell, django_assert_max_num_queries):
    for _n in range(5):
        schedule(secretary, cell)
    client = client_for(secretary)
    with django_assert_max_num_queries(12):
        assert client.get("/study/meetings/").status_code == 200


def test_the_secretary_holds_the_meeting_through_its_pages(meeting, secretary, member, cell_members):
    client = client_for(secretary)
    page = client.get(f"/study/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="meeting-hold"' in page and 'data-action="meeting-cancel"' in page
    data = {f"status_{p.pk}": "present" for p in cell_members} | {f"status_{member.person_id}": "excused"}
    assert client.post(f"/study/meetings/{meeting.pk}/attendance/", data).status_code == 422  # no reason
    assert not Attendance.objects.exists()
    data[f"reason_{member.person_id}"] = "Đi công tác"
    assert client.post(f"/study/meetings/{meeting.pk}/attendance/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    manifestation = Manifestation.objects.get(code="G1.6")
    assert client.post(f"/study/meetings/{meeting.pk}/manifestations/", {
        f"discussed_{manifestation.pk}": "on", f"conclusion_{manifestation.pk}": CONCLUSION}).status_code == 302
    assert client.post(f"/study/meetings/{meeting.pk}/minutes/", {"study_content": "Chuyên đề năm",
                                                                  "resolutions": "Nghị quyết"}).status_code == 302
    assert client.post(f"/study/meetings/{meeting.pk}/approve/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED


def test_approved_minutes_are_read_only_on_the_page(approved_meeting, secretary):
    client = client_for(secretary)
    page = client.get(f"/study/meetings/{approved_meeting.pk}/").content.decode()
    assert 'data-testid="read-only"' in page
    for action in ("attendance", "minutes", "manifestations", "document-add", "meeting-approve"):
        assert f'data-action="{action}"' not in page
    response = client.post(f"/study/meetings/{approved_meeting.pk}/minutes/", {"study_content": "Sửa"})
    assert response.status_code == 302
    approved_meeting.refresh_from_db()
    assert approved_meeting.study_content == "Học tập chuyên đề năm"


def test_a_party_member_sees_the_meeting_but_only_their_own_manifestation_record(discussed, member_client):
    page = member_client.get(f"/study/meetings/{discussed.pk}/").content.decode()
    assert "Học tập chuyên đề năm" in page
    assert CONCLUSION not in page
    assert "Đồng chí cần tự giác học lý luận" in page  # about the member: theirs to read
    assert 'data-action="meeting-approve"' not in page


def test_staff_without_the_right_never_see_the_manifestations_in_pages_or_the_word_minutes(approved_meeting, cell):
    staff = UserFactory(username="tochuc_a", person=PersonFactory(full_name="Tổ Chức", unit=cell))
    grant(staff, Role.ORGANISATION_STAFF, cell)
    client = client_for(staff)
    page = client.get(f"/study/meetings/{approved_meeting.pk}/").content.decode()
    document = _docx_text(client.get(f"/study/meetings/{approved_meeting.pk}/minutes.docx"))
    for text in (page, document):
        assert CONCLUSION not in text and "Đồng chí cần tự giác" not in text
    assert "Chi bộ thôn Đông".upper() in document


def test_the_word_minutes_carry_the_party_header_the_attendance_the_minutes_and_the_secretarys_name(
        approved_meeting, secretary, commune, cell):
    document = _docx_text(client_for(secretary).get(f"/study/meetings/{approved_meeting.pk}/minutes.docx"))
    for text in (commune.name.upper(), cell.name.upper(), "COMMUNIST PARTY OF VIETNAM", "MINUTES",
                 "Members invited: 2; present: 2; absent with leave: 0; absent without leave: 0.",
                 "Học tập chuyên đề năm", "Mỗi đảng viên đăng ký một việc làm theo", CONCLUSION,
                 "ON BEHALF OF THE PARTY CELL", "Bùi Văn Thư"):
        assert text in document, text
    assert "not approved yet" not in document
    assert document.index(cell.name.upper()) < document.index("MINUTES") < document.index("Bùi Văn Thư")


def test_minutes_not_yet_approved_download_as_a_draft(discussed, secretary):
    document = _docx_text(client_for(secretary).get(f"/study/meetings/{discussed.pk}/minutes.docx"))
    assert "Draft: the minutes are not approved yet." in document


def test_inspection_staff_with_the_right_read_the_manifestations(approved_meeting, commune):
    inspector = UserFactory(username="kiemtra_a", person=PersonFactory(full_name="Kiểm Tra", unit=commune))
    grant(inspector, Role.INSPECTION_STAFF, commune)
    client = client_for(inspector)
    assert CONCLUSION in client.get(f"/study/meetings/{approved_meeting.pk}/").content.decode()
    assert CONCLUSION in _docx_text(client.get(f"/study/meetings/{approved_meeting.pk}/minutes.docx"))


def test_the_attendance_figures_by_cell_and_by_member(approved_meeting, secretary, commune, cell):
    client = client_for(secretary)
    page = client.get(f"/study/meeting-attendance/?unit={cell.pk}").content.decode()
    assert "Bùi Văn Thư" in page and "100.0 %" in page
    response = client.get(f"/study/meeting-attendance/?unit={commune.pk}&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_cells_without_a_meeting_in_the_month_are_listed_for_the_committee(approved_meeting, unit_admin, commune,
                                                                          cell):
    make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    month = timezone.localdate().strftime("%m/%Y")
    page = client_for(unit_admin).get(f"/study/meetings-missing/?month={month}&unit={commune.pk}").content.decode()
    table = page.split('data-testid="cells-missing"')[1].split("</table>")[0]
    assert "Chi bộ thôn Nam" in table and "Chi bộ thôn Đông" not in table


def test_the_cells_without_a_meeting_download_in_full_beyond_the_page(approved_meeting, unit_admin, commune,
                                                                     monkeypatch):
    for name in ("Chi bộ thôn Nam", "Chi bộ thôn Bắc"):
        make_unit(name, UnitKind.CELL, commune)
    monkeypatch.setattr(meeting_views, "MISSING_SHOWN", 1)
    month = timezone.localdate().strftime("%m/%Y")
    client = client_for(unit_admin)
    page = client.get(f"/study/meetings-missing/?month={month}&unit={commune.pk}").content.decode()
    table = page.split('data-testid="cells-missing"')[1].split("</table>")[0]
    assert table.count("<tr>") == 2  # the heading and one cell
    assert "More than 1 cell held no meeting" in page and "export=xlsx" in page
    csv = b"".join(client.get(f"/study/meetings-missing/?month={month}&unit={commune.pk}&export=csv")
                   .streaming_content).decode("utf-8-sig")
    assert "Chi bộ thôn Nam" in csv and "Chi bộ thôn Bắc" in csv and commune.name in csv
    assert "Chi bộ thôn Đông" not in csv  # it held its meeting
    workbook = client.get(f"/study/meetings-missing/?month={month}&unit={commune.pk}&export=xlsx")
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith("application/vnd.openxml")


def test_an_outsider_gets_404_for_a_meeting(meeting, outsider_client):
    assert outsider_client.get(f"/study/meetings/{meeting.pk}/").status_code == 404
    assert outsider_client.get(f"/study/meetings/{meeting.pk}/minutes.docx").status_code == 404


def test_a_scheduled_meeting_names_its_invitees_the_members_of_the_cell(meeting, member_client, cell_members):
    page = member_client.get(f"/study/meetings/{meeting.pk}/").content.decode()
    invitees = page.split('data-testid="invitees"')[1].split("</small>")[0]
    assert all(person.full_name in invitees for person in cell_members)
    assert 'data-action="meeting-hold"' not in page
