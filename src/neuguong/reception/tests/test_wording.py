"""The Vietnamese pages of the reception use the right words: a number of people is "Số người",
the channel of a petition is "Hình thức tiếp nhận", the withdraw button is the action "Rút đơn",
and the tracking code the citizen must keep is asked for without a stray "1"."""

from django.test import Client
from django.utils.html import strip_tags

from neuguong.reception import services

from .conftest import days_ago
from .test_public import form_data
from .test_sessions import MATTER, VISITOR


def vietnamese_client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_a_petition_page_counts_people_and_offers_the_withdraw_action(officer, complaint):
    page = vietnamese_client(officer).get(f"/reception/petitions/{complaint.pk}/")
    html = page.content.decode()
    assert "Số người" in text(page) and "Nhân sự" not in html.split("<main", 1)[1]
    assert f'href="/reception/petitions/{complaint.pk}/withdraw/">Rút đơn</a>' in html
    assert "Đã rút đơn" not in html


def test_the_visitors_of_a_session_are_counted_in_people(officer, commune):
    session = services.session_create(unit_id=commune.pk, title="Tiếp dân định kỳ", held_on=days_ago(0),
                                      acting_user=officer)
    services.visit_record(session_id=session.pk, visitor=VISITOR, kinds=["complaint"], matter=MATTER,
                          acting_user=officer)
    html = vietnamese_client(officer).get(f"/reception/sessions/{session.pk}/").content.decode()
    header = html.split('data-testid="visits"', 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col">Số người</th>' in header and "Nhân sự" not in header


def test_the_intake_form_labels_the_channel_as_the_way_it_was_received(officer):
    page = text(vietnamese_client(officer).get("/reception/petitions/new/"))
    assert "Hình thức tiếp nhận:" in page and "Đã tiếp nhận:" not in page


def test_a_citizen_is_asked_to_keep_the_one_tracking_code(commune, catalogues):
    client = vietnamese_client()
    assert client.post("/petitions/submit/", form_data(commune)).status_code == 302
    page = text(client.get("/petitions/submit/done/"))
    assert "Hãy lưu lại mã tra cứu:" in page and "lưu lại 1" not in page


def test_a_citizen_with_several_kinds_is_told_how_many_petitions_were_recorded(commune, catalogues):
    client = vietnamese_client()
    assert client.post("/petitions/submit/", form_data(commune, kinds=["proposal", "feedback"])).status_code == 302
    page = text(client.get("/petitions/submit/done/"))
    assert "được ghi nhận thành 2 đơn. Hãy lưu lại các mã tra cứu dưới đây:" in page
