"""The public portal's petition pages: no login, a rate-limited form that returns tracking codes,
and tracking that shows status, handling unit and next deadline only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from neuguong.reception import services
from neuguong.reception.models import Attachment, Channel, Petition

from .conftest import PETITIONER


def visitor() -> Client:
    """An anonymous client that reads English, as the assertions do."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


PDF = b"%PDF-1.4\n" + b"3" * 80


def form_data(unit, **extra):
    return {"unit": unit.pk, "kinds": ["proposal"], "subject": "Đèn đường hỏng",
            "content": "Đề nghị sửa đèn đường thôn Đông.", **PETITIONER, **extra}


def test_a_citizen_sends_a_petition_and_sees_the_codes_once(commune, catalogues):
    client = visitor()
    assert client.get("/petitions/submit/").status_code == 200
    response = client.post("/petitions/submit/", form_data(commune, kinds=["proposal", "feedback"],
                                                           attachments=[SimpleUploadedFile("anh.pdf", PDF)]))
    assert response.status_code == 302 and response["Location"] == "/petitions/submit/done/"
    codes = list(Petition.objects.order_by("pk").values_list("tracking_code", flat=True))
    assert len(codes) == 2 and Petition.objects.filter(channel=Channel.ONLINE).count() == 2
    assert Attachment.objects.count() == 2
    page = client.get("/petitions/submit/done/").content.decode()
    assert all(code in page for code in codes)
    assert client.get("/petitions/submit/done/").status_code == 302  # shown once


def test_bad_input_keeps_the_form_and_writes_nothing(commune, catalogues):
    response = visitor().post("/petitions/submit/", form_data(commune, subject="", petitioner_phone=""))
    assert response.status_code == 422
    assert not Petition.objects.exists()
    disguised = visitor().post("/petitions/submit/", form_data(
        commune, attachments=[SimpleUploadedFile("don.pdf", b"GIF89a not allowed")]))
    assert disguised.status_code == 422 and "is not a PDF" in disguised.content.decode()
    assert not Petition.objects.exists()


def test_every_error_shows_in_one_round_citizen_id_and_phone_included(commune, catalogues):
    response = visitor().post("/petitions/submit/", form_data(commune, subject="", citizen_id="12345",
                                                              petitioner_phone="12"))
    form = response.context["form"]
    assert response.status_code == 422 and not Petition.objects.exists()
    assert set(form.errors) == {"subject", "citizen_id", "petitioner_phone"}
    assert form.errors["citizen_id"] == ["A citizen ID has 12 digits (or 9 for an old identity card)."]
    assert form.errors["petitioner_phone"] == ["Enter a phone number of 9 to 15 digits."]


def test_the_addressed_to_list_offers_receiving_bodies_grouped_by_level(province, commune, cell, catalogues):
    from neuguong.orgs.tests.factories import make_unit

    make_unit("Ủy ban nhân dân xã Thạch Hà", "peoples_committee", commune)
    make_unit("Đảng bộ Trường THPT Thạch Hà", "grassroots", commune)
    page = visitor().get("/petitions/submit/").content.decode()
    select = page[page.index('name="unit"'):page.index("</select>")]
    assert [part.split('"')[0] for part in select.split('<optgroup label="')[1:]] == [
        "Provincial level", "Commune, ward and equivalent level"]
    commune_level = select.split('<optgroup label="')[2]
    assert "Đảng bộ xã Thạch Hà" in commune_level and "Ủy ban nhân dân xã Thạch Hà" in commune_level
    assert "Tỉnh ủy Hồng Lam" in select.split('<optgroup label="')[1]
    assert "Chi bộ" not in select and "Trường THPT" not in select


def test_a_filled_trap_field_sends_nothing(commune, catalogues):
    assert visitor().post("/petitions/submit/", form_data(commune, website="http://spam")).status_code == 422
    assert not Petition.objects.exists()


def test_the_form_is_rate_limited_per_address(commune, catalogues, settings):
    settings.RECEPTION_SUBMIT_LIMIT = 1
    assert visitor().post("/petitions/submit/", form_data(commune)).status_code == 302
    response = visitor().post("/petitions/submit/", form_data(commune))
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert Petition.objects.count() == 1


def test_tracking_shows_status_unit_and_deadline_and_nothing_internal(officer, denunciation, commune):
    services.petition_note(petition_id=denunciation.pk, note="Nội bộ: nghi vấn cán bộ Trần Văn Bị", acting_user=officer)
    response = visitor().post("/petitions/track/", {"code": denunciation.tracking_code.lower(), "phone_digits": "1222"})
    assert response.status_code == 200
    page = response.content.decode()
    assert denunciation.get_status_display() in page and commune.name in page
    assert denunciation.due_on.strftime("%d/%m/%Y") in page
    for secret in ("Đỗ Văn Tố", "Xóm Bắc", "0987", "042190009999", "Nội bộ", "Trần Văn Bị", "nhận tiền",
                   denunciation.subject):
        assert secret not in page, secret


@pytest.mark.parametrize(("code", "digits"), [("AAAAA-BBBBB", "1222"), (None, "0000")])
def test_a_wrong_code_or_phone_answers_the_same(denunciation, code, digits):
    response = visitor().post("/petitions/track/", {"code": code or denunciation.tracking_code,
                                                   "phone_digits": digits})
    assert response.status_code == 404
    assert "No petition matches this tracking code and phone number." in response.content.decode()


def test_tracking_needs_no_login_and_a_code_in_the_url_looks_nothing_up(denunciation):
    response = visitor().get(f"/petitions/track/?code={denunciation.tracking_code}&phone_digits=1222")
    assert response.status_code == 200
    assert 'data-testid="tracking-result"' not in response.content.decode()
