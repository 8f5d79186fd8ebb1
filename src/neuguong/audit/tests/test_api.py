"""Reading the audit trail through the JSON API, limited to the caller's subtrees."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.tests.tampering import append_plain
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import make_unit

API = "/api/v1"
MISSING = 999_999


def get(client, path: str, params: dict | None = None):
    return client.get(API + path, params or {})


def event_for(unit, action: str = "unit.created") -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_id=str(unit.pk))


def record_events(unit, n: int) -> None:
    with transaction.atomic():
        for number in range(n):
            audit.record(None, "demo.loaded", unit, after={"n": number})


def test_admin_reads_the_events_of_the_commune_only(admin_client_a, cell, sibling):
    body = get(admin_client_a, "/audit/events").json()
    object_ids = {(e["action"], e["object_id"]) for e in body["items"]}
    assert ("unit.created", str(cell.pk)) in object_ids
    assert ("unit.created", str(sibling.pk)) not in object_ids
    assert body["count"] == len(body["items"])
    assert [e["seq"] for e in body["items"]] == sorted((e["seq"] for e in body["items"]), reverse=True)


def test_events_filter_by_action_prefix_object_type_and_unit(admin_client_a, commune, cell):
    make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    record_events(cell, 2)

    def actions(**params):
        return [e["action"] for e in get(admin_client_a, "/audit/events", params).json()["items"]]

    assert set(actions(action="unit.")) == {"unit.created"}
    assert actions(action="demo.loaded") == ["demo.loaded", "demo.loaded"]
    assert set(actions(object_type="orgs.unit")) == {"unit.created", "demo.loaded"}
    assert actions(object_type="orgs.person") == []
    assert actions(unit=cell.pk) == ["demo.loaded", "demo.loaded", "unit.created"]


def test_events_filter_by_module(admin_client_a, unit_admin, cell):
    with transaction.atomic():
        audit.record(unit_admin, "user.logged_in", unit_admin, unit=cell)
        audit.record(unit_admin, "petition.received", unit=cell)

    def actions(**params):
        return {e["action"] for e in get(admin_client_a, "/audit/events", params).json()["items"]}

    assert actions(module="accounts") == {"user.logged_in"}
    assert actions(module="reception") == {"petition.received"}
    assert actions(module="reception", action="user.") == set()
    assert actions(module="parcels") == set()


def test_events_carry_the_label_of_their_action_in_the_callers_language(admin_client_a, unit_admin, cell):
    with transaction.atomic():
        audit.record(unit_admin, "user.logged_in", unit_admin, unit=cell)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(unit_admin)
    event = get(client, "/audit/events", {"module": "accounts"}).json()["items"][0]
    assert (event["action"], event["action_label"]) == ("user.logged_in", "Đăng nhập")
    assert get(client, f"/audit/events/{event['id']}").json()["action_label"] == "Đăng nhập"
    english = get(admin_client_a, "/audit/events", {"module": "accounts"}).json()["items"][0]
    assert english["action_label"] == "Logged in"


def test_an_event_of_a_retired_action_is_labelled_with_its_code(admin_client_a, cell):
    with transaction.atomic():
        append_plain(cell, action="unit.faxed")
    items = get(admin_client_a, "/audit/events", {"action": "unit.faxed"}).json()["items"]
    assert [(e["action"], e["action_label"]) for e in items] == [("unit.faxed", "unit.faxed")]


def test_outsider_filtering_by_module_sees_nothing_of_commune_a(admin_client_a, outsider_client, unit_admin, cell):
    with transaction.atomic():
        audit.record(unit_admin, "petition.received", unit=cell)
    assert get(admin_client_a, "/audit/events", {"module": "reception"}).json()["count"] == 1
    assert get(outsider_client, "/audit/events", {"module": "reception"}).json() == {"items": [], "count": 0}


def test_one_event_in_full(admin_client_a, cell):
    event = event_for(cell)
    body = get(admin_client_a, f"/audit/events/{event.pk}").json()
    assert body["seq"] == event.seq and body["action"] == "unit.created"
    assert body["after"]["name"] == "Chi bộ thôn Đông" and body["unit_id"] == cell.pk


def test_outsider_gets_404_on_commune_a_events_like_a_missing_one(outsider_client, cell):
    response = get(outsider_client, f"/audit/events/{event_for(cell).pk}")
    assert response.status_code == 404
    assert response.json() == get(outsider_client, f"/audit/events/{MISSING}").json()
    listed = get(outsider_client, "/audit/events").json()
    assert str(cell.pk) not in {e["object_id"] for e in listed["items"] if e["object_type"] == "orgs.unit"}
    assert "Chi bộ thôn Đông" not in str(listed)
    assert get(outsider_client, "/audit/events", {"unit": cell.pk}).status_code == 404


def test_member_sees_no_audit_trail(member_client, cell):
    assert get(member_client, "/audit/events").json() == {"items": [], "count": 0}
    assert get(member_client, f"/audit/events/{event_for(cell).pk}").status_code == 404


def test_anonymous_caller_gets_401(client, cell):
    assert get(client, "/audit/events").status_code == 401
    assert get(client, f"/audit/events/{event_for(cell).pk}").status_code == 401


def test_events_are_paginated(admin_client_a, cell):
    record_events(cell, 60)
    first = get(admin_client_a, "/audit/events").json()
    assert len(first["items"]) == 50 and first["count"] > 60
    last = get(admin_client_a, "/audit/events", {"page": 2}).json()
    assert len(last["items"]) == first["count"] - 50
    assert get(admin_client_a, "/audit/events", {"page": 0}).status_code == 422


@pytest.mark.parametrize("path", ["/audit/events"])
def test_list_queries_do_not_grow_with_rows(admin_client_a, cell, path, django_assert_max_num_queries):
    record_events(cell, 3)
    with CaptureQueriesContext(connection) as few:
        get(admin_client_a, path)
    record_events(cell, 27)
    with django_assert_max_num_queries(len(few)):
        response = get(admin_client_a, path)
    assert response.json()["count"] >= 30


def test_openapi_documents_the_audit_routes(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert "get" in paths[f"{API}/audit/events"] and "get" in paths[f"{API}/audit/events/{{event_id}}"]
    parameters = {p["name"] for p in paths[f"{API}/audit/events"]["get"]["parameters"]}
    assert {"module", "action", "object_type", "unit", "page", "page_size"} <= parameters
