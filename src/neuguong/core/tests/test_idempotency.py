"""The Idempotency-Key header on API writes: a retry with the same key replays the first
response and writes nothing; the same key with another request is refused; a request that was
refused or failed leaves the key unspent; keys belong to one user and expire."""

import datetime as dt
import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from neuguong.accounts import services as accounts
from neuguong.api import api
from neuguong.audit.models import AuditEvent
from neuguong.core.models import IdempotencyKey
from neuguong.orgs import services as orgs
from neuguong.orgs.models import Person

PEOPLE = "/api/v1/people"


def token_client(user, **extra) -> Client:
    _token, raw = accounts.api_token_create(user=user, name="retrying client", acting_user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en", **extra)


def create_person(client: Client, unit, key: str | None, name: str = "Bùi Văn Thử"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    body = json.dumps({"full_name": name, "gender": "male", "unit_id": unit.pk})
    return client.post(PEOPLE, body, content_type="application/json", **headers)


@pytest.fixture
def admin_api(unit_admin):
    return token_client(unit_admin)


def test_a_retry_with_the_same_key_replays_the_response_and_writes_nothing(admin_api, commune):
    first = create_person(admin_api, commune, "7f1c2d0e-retry")
    events = AuditEvent.objects.count()
    retry = create_person(admin_api, commune, "7f1c2d0e-retry")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Person.objects.filter(full_name="Bùi Văn Thử").count() == 1
    assert AuditEvent.objects.count() == events


def test_the_key_may_be_sent_as_a_quoted_string(admin_api, commune):
    create_person(admin_api, commune, '"quoted-key"')
    assert create_person(admin_api, commune, "quoted-key")["Idempotent-Replayed"] == "true"


def test_the_same_key_with_a_different_body_is_refused_and_writes_nothing(admin_api, commune):
    create_person(admin_api, commune, "one-key")
    events = AuditEvent.objects.count()
    reused = create_person(admin_api, commune, "one-key", name="Người Khác")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert not Person.objects.filter(full_name="Người Khác").exists()
    assert AuditEvent.objects.count() == events


def test_the_same_key_on_another_route_is_refused(admin_api, commune, person):
    create_person(admin_api, commune, "one-key")
    patch = admin_api.patch(f"{PEOPLE}/{person.pk}", json.dumps({"phone": "0912345678"}),
                            content_type="application/json", HTTP_IDEMPOTENCY_KEY="one-key")
    assert patch.json()["code"] == "idempotency_key_reused"
    person.refresh_from_db()
    assert person.phone == ""


def test_keys_of_different_users_never_meet(admin_api, outsider, commune, sibling):
    create_person(admin_api, commune, "shared-key")
    other = create_person(token_client(outsider), sibling, "shared-key")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert Person.objects.filter(full_name="Bùi Văn Thử").count() == 2


def test_a_session_client_keys_on_its_user(admin_client_a, admin_api, commune):
    create_person(admin_client_a, commune, "session-key")
    assert create_person(admin_api, commune, "session-key")["Idempotent-Replayed"] == "true"


def test_a_refused_request_does_not_spend_the_key(admin_api, commune, sibling):
    refused = create_person(admin_api, sibling, "fix-and-retry")  # commune B is outside the caller's units
    assert refused.status_code in (403, 404)
    corrected = create_person(admin_api, commune, "fix-and-retry")
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected


def test_a_failed_request_keeps_nothing_and_may_be_retried_with_the_same_key(unit_admin, commune, monkeypatch):
    real_create = orgs.person_create

    def create_then_fail(**kwargs):
        real_create(**kwargs)
        raise RuntimeError("the server failed after writing")

    monkeypatch.setattr(orgs, "person_create", create_then_fail)
    client = token_client(unit_admin, raise_request_exception=False)
    events = AuditEvent.objects.count()
    assert create_person(client, commune, "after-a-crash").status_code == 500
    assert not Person.objects.filter(full_name="Bùi Văn Thử").exists()  # no half-written record
    assert AuditEvent.objects.count() == events
    assert not IdempotencyKey.objects.exists()
    monkeypatch.setattr(orgs, "person_create", real_create)
    assert create_person(client, commune, "after-a-crash").status_code == 201


def test_a_key_longer_than_255_characters_is_refused_before_writing(admin_api, commune):
    response = create_person(admin_api, commune, "k" * 256)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Person.objects.filter(full_name="Bùi Văn Thử").exists()
    assert create_person(admin_api, commune, "k" * 255).status_code == 201


def test_an_expired_key_writes_again_and_the_daily_purge_forgets_it(admin_api, commune, settings):
    create_person(admin_api, commune, "yesterday")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS + 1))
    again = create_person(admin_api, commune, "yesterday")
    assert "Idempotent-Replayed" not in again
    assert Person.objects.filter(full_name="Bùi Văn Thử").count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS + 1))
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "Deleted 1 expired" in out.getvalue()
    assert not IdempotencyKey.objects.exists()


def test_writes_without_the_header_store_no_key(admin_api, commune):
    assert create_person(admin_api, commune, None).status_code == 201
    assert not IdempotencyKey.objects.exists()


def test_the_stored_response_is_encrypted_at_rest(admin_api, commune):
    create_person(admin_api, commune, "at-rest")
    assert "Bùi Văn Thử" not in IdempotencyKey.objects.get().body


def test_the_token_route_ignores_the_header_so_no_password_or_token_is_stored(unit_admin):
    from conftest import PASSWORD

    client = Client(HTTP_IDEMPOTENCY_KEY="login-1")
    body = json.dumps({"username": unit_admin.username, "password": PASSWORD})
    assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 201
    assert not IdempotencyKey.objects.exists()


def test_the_api_schema_documents_the_header_on_writes_only():
    schema = api.get_openapi_schema()
    people = schema["paths"]["/api/v1/people"]
    names = {param["name"] for param in people["post"].get("parameters", []) if param["in"] == "header"}
    assert "Idempotency-Key" in names
    assert all(param["name"] != "Idempotency-Key" for param in people["get"].get("parameters", []))
    token = schema["paths"]["/api/v1/auth/token"]["post"]
    assert all(param["name"] != "Idempotency-Key" for param in token.get("parameters", []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_duplicate_sent_while_the_first_runs_waits_and_replays(unit_admin, commune, monkeypatch):
    real_create = orgs.person_create

    def slow_create(**kwargs):
        person = real_create(**kwargs)
        time.sleep(0.5)  # the duplicate arrives while this transaction is still open
        return person

    monkeypatch.setattr(orgs, "person_create", slow_create)
    client = token_client(unit_admin)
    responses = []

    def send():
        responses.append(create_person(client, commune, "in-flight"))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    assert [response.status_code for response in responses] == [201, 201]
    assert sum(response.has_header("Idempotent-Replayed") for response in responses) == 1
    assert Person.objects.filter(full_name="Bùi Văn Thử").count() == 1
