"""The reception pages, seen by the reception office of commune A, a leader of A, the standard
actors (unit administrator of A, party member of A, administrator of commune B) and the
reception office of commune B."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from neuguong.audit.models import AuditEvent
from neuguong.core.models import StateChange
from neuguong.reception import services
from neuguong.reception.models import Petition, PetitionStatus, ReceptionSession

from .conftest import days_ago, receive

PDF = b"%PDF-1.4\n" + b"1" * 100
# Session, user, grants, working unit, units for the filter, count, rows, shell: whatever the
# number of rows, a list page stays under this bound.
LIST_QUERY_BOUND = 16


def main(response) -> str:
    content = response.content.decode()
    return content.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in content else content


def snapshot():
    return list(Petition.objects.order_by("pk").values()), AuditEvent.objects.count(), StateChange.objects.count()


# --- Lists -----------------------------------------------------------------------------------


def test_the_overview_shows_overdue_and_due_soon(officer_client, officer, commune):
    late = receive(officer, commune, received_on=days_ago(30), subject="Quá hạn thật")[0]
    soon = receive(officer, commune, received_on=days_ago(9), subject="Sắp đến hạn")[0]
    page = main(officer_client.get("/reception/"))
    overdue, due_soon = page.split('id="overdue-title"')[1].split('id="due-title"')
    assert late.tracking_code in overdue and soon.tracking_code not in overdue
    assert soon.tracking_code in due_soon


def add_records(officer, commune, n: int) -> None:
    for number in range(n):
        receive(officer, commune, received_on=days_ago(30), subject=f"Đơn số {number}",
                kinds=["complaint", "denunciation"])
        services.session_create(unit_id=commune.pk, title="Tiếp dân", held_on=days_ago(number + 1),
                                acting_user=officer)
        services.session_create(unit_id=commune.pk, title="Sắp tới", held_on=days_ago(-number - 1),
                                acting_user=officer)
        dialogue = services.dialogue_create(unit_id=commune.pk, topic="Đối thoại", held_on=days_ago(number + 5),
                                            leaders="Bí thư", issues="Đường", acting_user=officer)
        services.commitment_add(dialogue_id=dialogue.pk, text="Sửa đường", owner_name="UBND xã",
                                due_on=days_ago(number + 1), acting_user=officer)


@pytest.mark.parametrize(("url", "bound"), [
    ("/reception/petitions/", LIST_QUERY_BOUND), ("/reception/petitions/?flag=overdue", LIST_QUERY_BOUND),
    ("/reception/sessions/", LIST_QUERY_BOUND), ("/reception/dialogues/", LIST_QUERY_BOUND),
    ("/reception/", LIST_QUERY_BOUND), ("/reception/reports/", 24),
])
def test_list_pages_keep_a_bounded_number_of_queries(officer_client, officer, commune, url, bound):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(url).status_code == 200
        return len(captured)

    add_records(officer, commune, 1)
    few = queries()
    add_records(officer, commune, 8)
    assert queries() == few <= bound


def test_search_finds_a_code_an_id_or_words_without_diacritics(officer_client, officer, commune):
    petition = receive(officer, commune, subject="Thu hồi đất ruộng")[0]
    other = receive(officer, commune, subject="Điện chiếu sáng", content="Đèn đường hỏng", citizen_id="",
                    petitioner_name="Lê Văn Khác", petitioner_address="Xóm Tây")[0]
    for q in (petition.tracking_code, "042190001234", "thu hoi dat", "nguyen thi dan"):
        page = main(officer_client.get("/reception/petitions/", {"q": q}))
        assert petition.tracking_code in page and other.tracking_code not in page, q


def test_lists_and_exports_never_name_a_denouncer(officer_client, officer, denunciation):
    page = main(officer_client.get("/reception/petitions/"))
    assert denunciation.tracking_code in page and "Đỗ Văn Tố" not in page
    assert "Đỗ Văn Tố" not in main(officer_client.get("/reception/petitions/", {"q": "do van to"}))
    response = officer_client.get("/reception/petitions/", {"export": "xlsx"})
    assert response["Content-Disposition"] == "attachment; filename=\"petitions.xlsx\"; filename*=UTF-8''Petitions.xlsx"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == denunciation.tracking_code
    assert "Đỗ Văn Tố" not in str(rows)
    csv_text = b"".join(officer_client.get("/reception/petitions/", {"export": "csv"}).streaming_content).decode()
    assert denunciation.tracking_code in csv_text and "Đỗ Văn Tố" not in csv_text


def test_a_search_by_a_denouncers_name_finds_nothing_for_a_leader(leader_client, denunciation):
    for q in ("do van to", "042190009999"):
        assert denunciation.tracking_code not in main(leader_client.get("/reception/petitions/", {"q": q}))
    assert denunciation.tracking_code in main(leader_client.get("/reception/petitions/", {"q": "dia chinh"}))


# --- A petition's page -----------------------------------------------------------------------


def test_the_handling_officer_sees_the_denouncer_the_leader_does_not(officer_client, leader_client, denunciation):
    assert "Đỗ Văn Tố" in main(officer_client.get(f"/reception/petitions/{denunciation.pk}/"))
    page = main(leader_client.get(f"/reception/petitions/{denunciation.pk}/"))
    assert "Đỗ Văn Tố" not in page and "0987" not in page and "Xóm Bắc" not in page
    assert 'data-testid="identity-protected"' in page
    assert 'data-testid="petition-actions"' not in page


def toolbar(page: str) -> dict[str, str]:
    """The petition's action buttons: label by link (the page after /reception/petitions/<id>/)."""
    if 'data-testid="petition-actions"' not in page:
        return {}
    bar = page.split('data-testid="petition-actions"', 1)[1].split("</div>", 1)[0]
    return {href: label for href, label in re.findall(r'href="/reception/petitions/\d+/([^"]*)"[^>]*>([^<]+)</a>', bar)}


def test_the_handling_officer_has_the_buttons_of_the_steps_open_now(officer_client, officer, complaint):
    url = f"/reception/petitions/{complaint.pk}/"
    received = toolbar(main(officer_client.get(url)))
    assert {"route/", "decide/", "assign/", "split/", "withdraw/", "note/"} <= set(received)
    assert received["route/"] == "Route" and "resolve/" not in received
    services.petition_decide(petition_id=complaint.pk, outcome="accept", acting_user=officer)
    accepted = toolbar(main(officer_client.get(url)))
    assert {"resolve/", "assign/", "withdraw/", "decide/"} <= set(accepted)
    assert accepted["decide/"] == "Urge" and "route/" not in accepted and "split/" not in accepted
    services.petition_resolve(petition_id=complaint.pk, result="Đã giải quyết", acting_user=officer)
    page = main(officer_client.get(url))
    assert toolbar(page) == {} and f'href="{url}note/"' in page  # closed: a note is all that is left


@pytest.mark.parametrize("reader", ["admin_client_a", "leader_client"])
def test_a_reader_without_reception_handle_sees_no_action_button(request, reader, complaint):
    page = main(request.getfixturevalue(reader).get(f"/reception/petitions/{complaint.pk}/"))
    assert complaint.subject in page
    assert toolbar(page) == {} and f"/reception/petitions/{complaint.pk}/note/" not in page


def test_an_outsider_gets_404_on_the_page_and_a_party_member_403(outsider_client, member_client, complaint):
    assert outsider_client.get(f"/reception/petitions/{complaint.pk}/").status_code == 404
    assert member_client.get(f"/reception/petitions/{complaint.pk}/").status_code == 403


def test_the_history_shows_every_step_with_its_status_and_reason(officer_client, officer, complaint):
    services.petition_decide(petition_id=complaint.pk, outcome="accept", acting_user=officer)
    services.petition_note(petition_id=complaint.pk, note="Đã liên hệ người gửi", acting_user=officer)
    services.petition_withdraw(petition_id=complaint.pk, reason="Người gửi rút đơn", acting_user=officer)
    history = main(officer_client.get(f"/reception/petitions/{complaint.pk}/")).split('data-testid="history"')[1]
    rows = [re.sub(r"<[^>]+>", "|", row) for row in history.split("<tr>")[2:]]
    assert [row.split("|")[5:8:2] for row in rows] == [
        ["Received", "— → Received"], ["Accepted", "Received → Accepted for handling"],
        ["Note", "Accepted for handling → Accepted for handling"], ["Withdrawn", "Accepted for handling → Withdrawn"]]
    assert "Đã liên hệ người gửi" in rows[2] and "Người gửi rút đơn" in rows[3]


def test_the_citizen_id_is_masked_on_the_page(officer_client, complaint):
    page = main(officer_client.get(f"/reception/petitions/{complaint.pk}/"))
    assert "042190001234" not in page and "•••••••••234" in page


def test_an_officer_receives_a_petition_with_a_scan(officer_client, commune):
    response = officer_client.post("/reception/petitions/new/", {
        "unit": commune.pk, "channel": "post", "received_on": days_ago(1).strftime("%d/%m/%Y"),
        "kinds": ["complaint", "proposal"], "subject": "Đường làng", "content": "Đề nghị sửa đường",
        "petitioner_name": "Trần Văn Gửi", "petitioner_address": "Thôn Đông", "group_size": 1,
        "attachments": [SimpleUploadedFile("don.pdf", PDF, "application/pdf")],
    })
    assert response.status_code == 302
    first, second = Petition.objects.order_by("pk")
    assert response["Location"] == f"/reception/petitions/{first.pk}/"
    assert (first.kind.code, second.kind.code) == ("complaint", "proposal")
    assert first.attachments.count() == 1 == second.attachments.count()


def test_a_disguised_scan_is_shown_on_the_form_and_nothing_written(officer_client, commune):
    response = officer_client.post("/reception/petitions/new/", {
        "unit": commune.pk, "channel": "post", "received_on": days_ago(1).strftime("%d/%m/%Y"),
        "kinds": ["complaint"], "subject": "Đường", "content": "Sửa đường", "petitioner_name": "Trần Văn Gửi",
        "petitioner_address": "Thôn Đông", "group_size": 1,
        "attachments": [SimpleUploadedFile("don.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
    })
    assert response.status_code == 422
    assert "is not a PDF" in main(response)
    assert not Petition.objects.exists()


def test_the_officer_routes_extends_and_resolves_through_the_pages(officer_client, officer, commune, cell):
    petition = receive(officer, commune, kinds=["denunciation"])[0]
    url = f"/reception/petitions/{petition.pk}"
    assert officer_client.post(f"{url}/decide/", {"outcome": "accept"}).status_code == 302
    assert officer_client.post(f"{url}/extend/", {"reason": "Cần xác minh"}).status_code == 302
    assert officer_client.post(f"{url}/resolve/", {"result": "Tố cáo đúng một phần"}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.RESOLVED and petition.extensions == 1
    response = officer_client.post(f"{url}/route/", {"unit": cell.pk, "reason": "x"})
    assert response.status_code == 422
    assert "“Route to the competent unit” is not possible while the status is “Resolved”" in main(response)


def test_a_forbidden_step_on_the_page_answers_422_and_writes_nothing(officer_client, complaint):
    before = snapshot()
    response = officer_client.post(f"/reception/petitions/{complaint.pk}/resolve/", {"result": "Xong"})
    assert response.status_code == 422
    assert "“Record the result” is not possible while the status is “Received”" in main(response)
    assert snapshot() == before


def test_attachments_download_only_for_those_who_may_see_them(officer_client, leader_client, officer, complaint,
                                                              denunciation):
    ours = services.attachment_add(petition_id=complaint.pk, acting_user=officer,
                                   attachments=[SimpleUploadedFile("scan.pdf", PDF)])[0]
    secret = services.attachment_add(petition_id=denunciation.pk, acting_user=officer,
                                     attachments=[SimpleUploadedFile("to-cao.pdf", PDF)])[0]
    response = officer_client.get(f"/reception/attachments/{ours.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "scan.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PDF
    assert leader_client.get(f"/reception/attachments/{ours.pk}/").status_code == 200
    assert leader_client.get(f"/reception/attachments/{secret.pk}/").status_code == 404
    assert officer_client.get(f"/reception/attachments/{secret.pk}/").status_code == 200
    assert "to-cao.pdf" not in main(leader_client.get(f"/reception/petitions/{denunciation.pk}/"))


# --- Scoping with the three actors -----------------------------------------------------------


PETITION_PAGES = ["", "route/", "assign/", "decide/", "extend/", "resolve/", "withdraw/", "split/", "note/",
                  "conditions/", "competent-unit/", "attachments/new/"]


@pytest.mark.parametrize("page", PETITION_PAGES)
def test_the_outsiders_get_404_and_nothing_changes(outsider_client, outsider_officer_client, complaint, page):
    """The reception office of commune B gets 404 as for a missing petition; the administrator of B,
    who handles petitions nowhere, is stopped before that (403) on the pages that act."""
    before = snapshot()
    url = f"/reception/petitions/{complaint.pk}/{page}"
    data = {"reason": "x", "outcome": "accept", "result": "x", "note": "x"}
    assert outsider_officer_client.get(url).status_code == 404
    assert outsider_officer_client.post(url, data).status_code == 404
    expected = 404 if page == "" else 403
    assert outsider_client.get(url).status_code == expected
    assert outsider_client.post(url, data).status_code == expected
    assert snapshot() == before


@pytest.mark.parametrize("page", PETITION_PAGES[1:])
def test_readers_get_403_on_actions_and_nothing_changes(admin_client_a, leader_client, complaint, page):
    before = snapshot()
    for client in (admin_client_a, leader_client):
        url = f"/reception/petitions/{complaint.pk}/{page}"
        assert client.post(url, {"reason": "x", "outcome": "accept", "result": "x", "note": "x"}).status_code == 403
    assert snapshot() == before


def test_a_party_member_has_no_reception_pages(member_client, complaint):
    for url in ("/reception/", "/reception/petitions/", f"/reception/petitions/{complaint.pk}/"):
        assert member_client.get(url).status_code == 403


def test_outsiders_see_none_of_a_communes_petitions_in_lists(outsider_officer_client, complaint):
    for url in ("/reception/petitions/", "/reception/", "/reception/petitions/?export=xlsx",
                "/reception/reports/"):
        response = outsider_officer_client.get(url)
        body = response.content if url.endswith("xlsx") else main(response).encode()
        assert complaint.tracking_code.encode() not in body
    found = main(outsider_officer_client.get("/reception/petitions/", {"q": complaint.tracking_code}))
    assert 'data-testid="petition-empty"' in found


# --- Sessions, register, dialogues, reports --------------------------------------------------


def test_receiving_a_visitor_through_the_pages(officer_client, officer, commune):
    officer_client.post("/reception/sessions/new/", {
        "unit": commune.pk, "title": "Tiếp dân 3 trong 1", "held_on": days_ago(0).strftime("%d/%m/%Y"),
        "kind": "regular", "is_three_in_one": "on"})
    session = ReceptionSession.objects.get()
    response = officer_client.post(f"/reception/sessions/{session.pk}/visitors/new/", {
        "full_name": "Lê Thị Khiếu", "address": "Thôn Đông", "group_size": 3, "representatives": "Bà Khiếu",
        "kinds": ["complaint"], "subject": "Ranh giới đất", "content": "Nhà bên lấn đất"})
    assert response.status_code == 302
    page = main(officer_client.get(f"/reception/sessions/{session.pk}/"))
    assert "Lê Thị Khiếu" in page and Petition.objects.get().tracking_code in page
    printed = officer_client.get(f"/reception/sessions/{session.pk}/register/").content.decode()
    assert "Lê Thị Khiếu, Thôn Đông" in printed and "No." in printed and days_ago(0).strftime("%d/%m/%Y") in printed
    workbook = officer_client.get(f"/reception/sessions/{session.pk}/register.xlsx")
    assert workbook["Content-Disposition"].startswith("attachment;")
    word = Document(io.BytesIO(officer_client.get(f"/reception/sessions/{session.pk}/register.docx").content))
    header, register = word.tables[0], word.tables[1]
    assert "COMMUNIST PARTY OF VIETNAM" in header.rows[0].cells[1].text
    assert commune.name.upper() in header.rows[0].cells[0].text
    assert "Lê Thị Khiếu, Thôn Đông" in [cell.text for cell in register.rows[2].cells]
    assert word.sections[0].page_width > word.sections[0].page_height  # landscape for the ten columns


def test_the_report_counts_the_subtree_and_exports(officer_client, officer, commune, cell):
    receive(officer, commune)
    routed = receive(officer, commune, kinds=["proposal"])[0]
    services.petition_route(petition_id=routed.pk, unit_id=cell.pk, reason="x", acting_user=officer)
    response = officer_client.get("/reception/reports/", {"unit": commune.pk})
    page = main(response)
    assert 'data-testid="by-unit"' in page and cell.name in page
    sheet = load_workbook(io.BytesIO(officer_client.get("/reception/reports/export.xlsx",
                                                        {"unit": commune.pk}).content))
    summary = list(sheet.worksheets[0].iter_rows(values_only=True))
    assert ("Received", 2) in summary and (cell.name, 1) in summary


def test_dialogue_pages(officer_client, commune):
    response = officer_client.post("/reception/dialogues/new/", {
        "unit": commune.pk, "topic": "Nước sạch", "held_on": days_ago(2).strftime("%d/%m/%Y"),
        "leaders": "Bí thư", "issues": "Thiếu nước", "participant_count": 40})
    assert response.status_code == 302
    url = response["Location"]
    response = officer_client.post(f"{url}commitments/new/", {
        "text": "Khoan giếng", "owner_name": "UBND xã", "due_on": days_ago(-30).strftime("%d/%m/%Y")})
    assert response.status_code == 302
    assert "Khoan giếng" in main(officer_client.get(url))


def test_sessions_dialogues_and_their_records_are_404_for_the_other_commune(officer, outsider_officer_client,
                                                                            commune):
    session = services.session_create(unit_id=commune.pk, title="Tiếp dân", held_on=days_ago(0), acting_user=officer)
    visit, _petitions = services.visit_record(
        session_id=session.pk, visitor={"full_name": "Lê Văn Đến", "address": "Thôn Đông"}, kinds=["proposal"],
        matter={"subject": "Đường", "content": "Sửa đường"}, acting_user=officer)
    schedule = services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=15, acting_user=officer)
    dialogue = services.dialogue_create(unit_id=commune.pk, topic="Nước sạch", held_on=days_ago(1), leaders="Bí thư",
                                        issues="Thiếu nước", acting_user=officer)
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Khoan giếng", owner_name="UBND xã",
                                         due_on=days_ago(-10), acting_user=officer)
    before = (snapshot(), ReceptionSession.objects.values().get(), commitment.status)
    urls = [f"/reception/sessions/{session.pk}/{page}" for page in
            ("", "record/", "cancel/", "visitors/new/", "visitors/refuse/", "register/", "register.xlsx",
             "register.docx")]
    urls += [f"/reception/visits/{visit.pk}/matters/new/", f"/reception/dialogues/{dialogue.pk}/",
             f"/reception/dialogues/{dialogue.pk}/commitments/new/"]
    urls += [f"/reception/commitments/{commitment.pk}/{step}/" for step in ("progress", "complete", "cancel")]
    for url in urls:
        assert outsider_officer_client.get(url).status_code == 404, url
        assert outsider_officer_client.post(url, {"reason": "x", "status": "done", "text": "x"}).status_code == 404
    for url in (f"/reception/schedules/{schedule.pk}/generate/", f"/reception/schedules/{schedule.pk}/toggle/"):
        assert outsider_officer_client.post(url, {"months": 2}).status_code == 404, url
    commitment.refresh_from_db()
    assert (snapshot(), ReceptionSession.objects.values().get(), commitment.status) == before
    for url in ("/reception/sessions/", "/reception/dialogues/", "/reception/schedules/"):
        page = main(outsider_officer_client.get(url))
        assert "Tiếp dân" not in page and "Nước sạch" not in page and "Định kỳ" not in page


def test_a_leader_cannot_find_the_denouncer_through_a_part_of_the_same_letter(leader_client, officer, commune):
    parts = receive(officer, commune, kinds=["complaint", "denunciation"], petitioner_name="Đỗ Văn Tố")
    for part in parts:
        page = main(leader_client.get(f"/reception/petitions/{part.pk}/"))
        assert "Đỗ Văn Tố" not in page and 'data-testid="identity-protected"' in page


def test_every_form_page_opens_for_the_officer(officer_client, officer, commune, complaint):
    session = services.session_create(unit_id=commune.pk, title="Tiếp dân", held_on=days_ago(0), acting_user=officer)
    visit, _petitions = services.visit_record(
        session_id=session.pk, visitor={"full_name": "Lê Văn Đến", "address": "Thôn Đông"}, kinds=["proposal"],
        matter={"subject": "Đường", "content": "Sửa đường"}, acting_user=officer)
    dialogue = services.dialogue_create(unit_id=commune.pk, topic="Nước sạch", held_on=days_ago(1), leaders="Bí thư",
                                        issues="Thiếu nước", acting_user=officer)
    commitment = services.commitment_add(dialogue_id=dialogue.pk, text="Khoan giếng", owner_name="UBND xã",
                                         due_on=days_ago(-10), acting_user=officer)
    services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=15, acting_user=officer)
    urls = [f"/reception/petitions/{complaint.pk}/{page}" for page in PETITION_PAGES]
    urls += [f"/reception/sessions/{session.pk}/{page}" for page in
             ("", "record/", "cancel/", "visitors/new/", "visitors/refuse/", "register/")]
    urls += ["/reception/petitions/new/", "/reception/sessions/new/", "/reception/schedules/",
             "/reception/schedules/new/", "/reception/dialogues/new/", f"/reception/visits/{visit.pk}/matters/new/",
             f"/reception/dialogues/{dialogue.pk}/", f"/reception/dialogues/{dialogue.pk}/commitments/new/",
             f"/reception/commitments/{commitment.pk}/progress/", f"/reception/commitments/{commitment.pk}/complete/",
             f"/reception/commitments/{commitment.pk}/cancel/", "/petitions/submit/", "/petitions/track/"]
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert b"<form" in response.content or url.endswith(("register/", f"{session.pk}/", f"{dialogue.pk}/",
                                                            "schedules/", f"{complaint.pk}/")), url
