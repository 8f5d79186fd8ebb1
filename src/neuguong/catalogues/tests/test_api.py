import datetime as dt

import pytest

from neuguong.catalogues.models import CalendarOverride

API = "/api/v1/catalogues"


def test_a_member_lists_the_catalogues_with_their_counts(member_client, catalogues):
    response = member_client.get(API)
    assert response.status_code == 200
    by_key = {item["key"]: item for item in response.json()}
    assert by_key["manifestations"]["entries"] == 27
    assert by_key["manifestations"]["to_check"] == 14
    assert by_key["deadline_rules"]["slug"] == "deadline-rules"


def test_the_entries_of_a_catalogue_carry_every_field_and_their_status(member_client, catalogues):
    response = member_client.get(f"{API}/deadline-rules")
    assert response.status_code == 200
    rules = {rule["code"]: rule for rule in response.json()}
    assert rules["kn_resolve_1"]["petition_kind"] == "complaint"
    assert rules["kn_resolve_1"]["remote_complex_days"] == 60
    assert rules["tcd_notify"]["petition_kind"] is None
    assert rules["tc_initial"]["calendar"] == "working"
    assert rules["tc_initial"]["status"] == "verified" and rules["tc_initial"]["needs_check"] is False


def test_manifestations_name_their_group_by_code(member_client, catalogues):
    entries = member_client.get(f"{API}/manifestations").json()
    assert [e["code"] for e in entries][:2] == ["G1.1", "G1.2"]
    assert entries[0]["group"] == "G1"


def test_an_unknown_catalogue_is_not_found(member_client, catalogues):
    response = member_client.get(f"{API}/nothing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_caller_must_authenticate(client, catalogues):
    assert client.get(API).status_code == 401


@pytest.mark.parametrize("url", [API, f"{API}/manifestations", f"{API}/calendar/2026",
                                 f"{API}/calendar/add-working-days?start=2026-02-13&days=1"])
def test_a_user_without_catalogues_view_is_forbidden(roleless_client, catalogues, url):
    response = roleless_client.get(url)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_adding_working_days_skips_tet(member_client):
    response = member_client.get(f"{API}/calendar/add-working-days", {"start": "2026-02-13", "days": 1})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-02-13", "days": 1, "result": "2026-02-23"}


def test_adding_working_days_follows_the_overrides(member_client):
    CalendarOverride.objects.create(day=dt.date(2026, 10, 10), kind="working_day", name="Làm bù")
    response = member_client.get(f"{API}/calendar/add-working-days", {"start": "2026-10-09", "days": 1})
    assert response.json()["result"] == "2026-10-10"


@pytest.mark.parametrize("params", [{"start": "2026-02-13", "days": 99999}, {"start": "13/02/2026", "days": 1},
                                    {"start": "2026-02-13"}])
def test_bad_parameters_answer_422(member_client, params):
    response = member_client.get(f"{API}/calendar/add-working-days", params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_a_calendar_period_ending_on_a_day_off_ends_on_the_next_working_day(member_client):
    params = {"start": "2026-02-06", "days": 10, "calendar": "calendar"}
    assert member_client.get(f"{API}/calendar/deadline", params).json()["due"] == "2026-02-23"
    response = member_client.get(f"{API}/calendar/deadline", {**params, "calendar": "weekly"})
    assert response.status_code == 422


def test_working_days_between_two_dates(member_client):
    response = member_client.get(f"{API}/calendar/working-days-between", {"start": "2026-02-13", "end": "2026-02-27"})
    assert response.json()["working_days"] == 5
    response = member_client.get(f"{API}/calendar/working-days-between", {"start": "2000-01-01", "end": "2026-01-01"})
    assert response.status_code == 422


def test_a_rule_deadline_uses_the_rule_of_the_catalogue(member_client, catalogues):
    response = member_client.get(f"{API}/deadline-rules/kn_resolve_1/deadline",
                                 {"start": "2026-01-13", "complex_case": "true"})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-01-13", "days": 45, "calendar": "calendar", "due": "2026-02-27",
                               "rule": "kn_resolve_1", "legal_ref": "Law on Complaints, art. 28"}
    assert member_client.get(f"{API}/deadline-rules/nope/deadline", {"start": "2026-01-13"}).status_code == 404


def test_the_year_lists_holidays_and_overrides(member_client):
    override = CalendarOverride.objects.create(day=dt.date(2026, 12, 31), kind="day_off", name="Nghỉ thêm")
    days = {d["day"]: d for d in member_client.get(f"{API}/calendar/2026").json()}
    assert days["2026-02-17"]["is_working"] is False
    assert days["2026-08-22"]["is_working"] is True
    assert days["2026-12-31"]["override_id"] == override.pk
    assert member_client.get(f"{API}/calendar/1800").status_code == 404
