"""Every string the API accepts is bounded like the column it is stored in, so an oversized value
is refused with 422 naming the field and never reaches the database (where PostgreSQL would raise
DataError)."""

import json

import pytest

from neuguong.api import api
from neuguong.audit.models import AuditEvent
from neuguong.core.api import TEXT_MAX_LENGTH
from neuguong.orgs.models import Person

API = "/api/v1"


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _unbounded(schema: dict, components: dict, where: str, seen: set) -> list[str]:
    """Where a string, an array or a map in ``schema`` has no upper bound."""
    if "$ref" in schema:
        name = schema["$ref"]
        if name in seen:
            return []
        seen = seen | {name}
    schema = _resolve(schema, components)
    found = []
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        found += _unbounded(branch, components, where, seen)
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "const" not in schema and schema.get("format") not in (
            "date", "date-time", "time", "uuid", "binary"):
        found += [] if "maxLength" in schema else [where]
    elif kind == "array":
        found += [] if "maxItems" in schema else [f"{where}[]"]
        found += _unbounded(schema.get("items", {}), components, f"{where}[]", seen)
    elif kind == "object":
        for name, inner in schema.get("properties", {}).items():
            found += _unbounded(inner, components, f"{where}.{name}", seen)
        if isinstance(schema.get("additionalProperties"), dict):
            found += [] if "maxProperties" in schema else [f"{where}{{}}"]
            found += _unbounded(schema["additionalProperties"], components, f"{where}{{}}", seen)
    return found


def test_every_string_list_and_map_an_api_operation_accepts_has_an_upper_bound(db):
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    unbounded = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                unbounded += _unbounded(parameter["schema"], components, f"{where} {parameter['name']}", set())
            for content in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _unbounded(content["schema"], components, f"{where} body", set())
    assert unbounded == [], "\n".join(unbounded)


def test_a_name_longer_than_its_column_answers_422_naming_it_and_writes_nothing(admin_client_a, commune):
    people, events = Person.objects.count(), AuditEvent.objects.count()
    body = {"full_name": "A" * (Person._meta.get_field("full_name").max_length + 1), "gender": "male",
            "unit_id": commune.pk}
    response = admin_client_a.post(API + "/people", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "full_name" in response.json()["errors"], response.content[:300]
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_an_oversized_change_answers_422_and_leaves_the_record_as_it_was(admin_client_a, person):
    response = admin_client_a.patch(f"{API}/people/{person.pk}", json.dumps({"phone": "0" * 21}),
                                    content_type="application/json")
    assert response.status_code == 422 and "phone" in response.json()["errors"]
    person.refresh_from_db()
    assert person.phone == ""


@pytest.mark.parametrize("field", ["subject", "content"])
def test_an_oversized_public_petition_answers_422_naming_the_field(client, commune, field):
    body = {"unit_id": commune.pk, "kinds": ["complaint"], "subject": "Đường hỏng", "content": "Nội dung",
            "petitioner_name": "Lê Văn Dân", "petitioner_address": "Thôn Đông", "petitioner_phone": "0912345678"}
    body[field] = "x" * (TEXT_MAX_LENGTH + 1)
    response = client.post(API + "/public/petitions", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and field in response.json()["errors"], response.content[:300]


def test_a_huge_count_answers_422_not_a_database_error(admin_client_a, commune):
    body = {"unit_id": commune.pk, "topic": "Đối thoại", "held_on": "2025-03-01", "leaders": "Bí thư",
            "issues": "Đường", "participant_count": 10**20}
    response = admin_client_a.post(API + "/dialogues", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "participant_count" in response.json()["errors"]


@pytest.mark.parametrize("url,params", [
    ("/catalogues/calendar/add-working-days", {"start": "0001-01-02", "days": -3650}),
    ("/catalogues/calendar/add-working-days", {"start": "9999-12-30", "days": 3650}),
    ("/catalogues/calendar/deadline", {"start": "9999-12-30", "days": 3650}),
    ("/catalogues/calendar/working-days-between", {"start": "9999-12-30", "end": "9999-12-31"}),
], ids=["before the calendar", "after the calendar", "deadline after the calendar", "between after the calendar"])
def test_a_date_far_outside_the_calendar_answers_422_not_an_overflow(admin_client_a, url, params):
    response = admin_client_a.get(API + url, params)
    assert response.status_code == 422 and "start" in response.json()["errors"], response.content[:300]


def test_a_moment_far_outside_the_calendar_answers_422(admin_client_a, commune):
    body = {"unit_id": commune.pk, "title": "Lấy phiếu", "kind": "confidence_ballot", "period": "2025",
            "closes_at": "9999-12-31T23:59:59-12:00"}
    response = admin_client_a.post(API + "/ballots/campaigns", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "closes_at" in response.json()["errors"], response.content[:300]
