"""Bad input answers a 4xx with a clear message, never a 500: control characters, oversized and
unreadable bodies, unknown paths and methods, and crashes inside a route, on the API (JSON in the
error shape) and on the pages (an error page)."""

import json
import logging
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from neuguong.audit.models import AuditEvent
from neuguong.orgs import selectors
from neuguong.orgs.models import Person, Unit

API = "/api/v1"
NUL = "\x00"


def post_json(client, path: str, body, **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(API + path, data, content_type="application/json", **extra)


def assert_error(response, status: int, code: str, field: str | None = None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and body["message"], body
    assert set(body) == {"code", "message", "errors"}
    if field is not None:
        assert field in body["errors"], body
    return body


def person_body(commune, **changes):
    return {"full_name": "Nguyễn Văn Bình", "gender": "male", "unit_id": commune.pk, **changes}


# --- Control characters ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "tên\x1b", "x\x7f\x08"])
def test_nul_or_a_control_character_in_a_search_parameter_answers_422_naming_it(admin_client_a, value):
    body = assert_error(admin_client_a.get(API + "/people", {"q": value}), 422, "invalid", "q")
    assert "control characters" in body["errors"]["q"][0]


def test_nul_in_a_search_parameter_answers_422_to_an_anonymous_caller_too(client, db):
    assert_error(client.get(API + "/people", {"q": NUL}), 422, "invalid", "q")
    assert_error(client.get(API + "/units", {"q": NUL}), 422, "invalid", "q")


def test_nul_in_a_path_parameter_answers_422(admin_client_a):
    assert_error(admin_client_a.get(API + "/catalogues/deadline-rules/a%00b/deadline", {"start": "2025-01-02"}),
                 422, "invalid", "path")


def test_tab_and_line_breaks_are_accepted(admin_client_a, person):
    assert admin_client_a.get(API + "/people", {"q": "Nguyễn\tVăn\r\nAn"}).status_code == 200


def test_nul_in_a_json_body_answers_422_naming_the_field_and_writes_nothing(admin_client_a, commune):
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = post_json(admin_client_a, "/people", person_body(commune, full_name="Nguyễn\x00Văn Bình"))
    assert_error(response, 422, "invalid", "full_name")
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_nul_deep_in_a_json_body_names_the_nested_field(admin_client_a, commune):
    response = post_json(admin_client_a, "/petitions", {"kinds": ["complaint", "bad\x00"]})
    assert_error(response, 422, "invalid", "kinds.1")


def test_nul_in_an_anonymous_json_body_answers_422(client, db):
    assert_error(post_json(client, "/ballots/ballot", {"code": "ABCD\x00"}), 422, "invalid", "code")
    assert_error(post_json(client, "/auth/token", {"username": NUL, "password": "x"}), 422, "invalid", "username")


def test_an_unpaired_surrogate_in_a_json_body_answers_422(admin_client_a, commune):
    response = post_json(admin_client_a, "/people", '{"full_name": "An \\ud800", "gender": "male", "unit_id": 1}')
    assert_error(response, 422, "invalid", "full_name")


def test_a_nul_in_a_query_string_of_a_page_answers_a_400_page_not_500(admin_client_a, person):
    response = admin_client_a.get("/people/", {"q": NUL})
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]


def test_a_nul_in_a_form_field_answers_a_400_page_and_writes_nothing(admin_client_a, commune):
    units = Unit.objects.count()
    response = admin_client_a.post(f"/units/{commune.pk}/new/", {"name": "Chi bộ\x00", "kind": "cell"})
    assert response.status_code == 400 and Unit.objects.count() == units


def test_a_nul_on_an_anonymous_page_answers_400(client, db):
    assert client.get("/accounts/login/", {"next": NUL}).status_code == 400
    assert client.post("/accounts/login/", {"username": NUL, "password": "x"}).status_code == 400


# --- Unreadable and oversized bodies ---------------------------------------------------------


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe\x00{", b"[" * 100_000],
                         ids=["broken", "not utf-8", "nested too deeply"])
def test_an_unreadable_json_body_answers_400_in_the_error_shape(admin_client_a, commune, raw):
    assert_error(post_json(admin_client_a, "/people", raw), 400, "bad_request")


def test_a_9_mb_full_name_answers_413_quickly_and_writes_nothing(admin_client_a, commune):
    body = json.dumps(person_body(commune, full_name="A" * 9_000_000))
    started = time.monotonic()
    response = post_json(admin_client_a, "/people", body)
    assert time.monotonic() - started < 2
    assert_error(response, 413, "too_large")
    assert not Person.objects.filter(full_name__startswith="AAAA").exists()


def test_the_body_limit_is_checked_from_content_length_before_reading(client, settings, db):
    settings.MAX_BODY_BYTES = 100
    response = client.generic("POST", API + "/auth/token", b'{"username": "a"}', content_type="application/json",
                              CONTENT_LENGTH="101")
    assert_error(response, 413, "too_large")


def test_an_oversized_form_post_answers_a_413_page(admin_client_a, commune, settings):
    response = admin_client_a.post("/people/new/", {"full_name": "A" * 2_000_000, "unit": commune.pk})
    assert response.status_code == 413 and "413.html" in [t.name for t in response.templates]


def test_an_upload_may_be_larger_than_a_json_body(admin_client_a, settings, db):
    settings.MAX_BODY_BYTES = 100
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 " + b"x" * 1000, content_type="application/pdf")
    response = admin_client_a.post(API + "/petitions/999999/attachments", {"files": [upload]})
    assert response.status_code != 413


# --- Every API error is JSON -----------------------------------------------------------------


def test_an_unknown_api_path_answers_404_json(client, admin_client_a):
    for caller in (client, admin_client_a):
        assert_error(caller.get(API + "/no-such-thing"), 404, "not_found")
        assert_error(caller.get("/api/v2/units"), 404, "not_found")


def test_a_method_not_allowed_answers_405_json_with_allow(admin_client_a):
    response = admin_client_a.delete(API + "/people")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_exception_inside_a_route_answers_500_json_and_logs_the_traceback(admin_client_a, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("selector broke")

    monkeypatch.setattr(selectors, "people_for", broken)
    admin_client_a.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = admin_client_a.get(API + "/people")
    body = assert_error(response, 500, "server_error")
    assert "selector broke" not in json.dumps(body)
    assert any(r.exc_info and "selector broke" in str(r.exc_info[1]) for r in caplog.records)


def test_an_exception_on_a_page_keeps_the_html_500(admin_client_a, monkeypatch):
    monkeypatch.setattr(selectors, "people_for", lambda *a, **k: 1 / 0)
    admin_client_a.raise_request_exception = False
    response = admin_client_a.get("/people/")
    assert response.status_code == 500 and not response["Content-Type"].startswith("application/json")


def test_a_page_404_stays_html(admin_client_a):
    response = admin_client_a.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_refusals_speak_vietnamese_by_default(db):
    vietnamese = Client()
    body = vietnamese.get(API + "/people", {"q": NUL}).json()
    assert body["errors"]["q"] == ["Trường này chứa ký tự điều khiển (như NUL), là loại ký tự không được phép."]
    assert "Yêu cầu không hợp lệ" in vietnamese.get("/accounts/login/", {"next": NUL}).content.decode()


def test_a_multipart_body_without_a_boundary_answers_400(admin_client_a):
    no_boundary = {"content_type": "multipart/form-data"}
    assert_error(admin_client_a.generic("POST", API + "/petitions/1/attachments", b"x", **no_boundary), 400,
                 "bad_request")
    assert admin_client_a.generic("POST", "/people/new/", b"x", **no_boundary).status_code == 400


def test_a_json_body_sent_as_a_form_is_checked_like_json(admin_client_a, person):
    body = json.dumps({"full_name": "An\x00"})
    response = admin_client_a.generic("PATCH", f"{API}/people/{person.pk}", body,
                                      content_type="application/x-www-form-urlencoded")
    assert_error(response, 422, "invalid", "full_name")
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
