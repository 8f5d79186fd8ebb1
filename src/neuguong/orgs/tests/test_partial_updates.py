"""Partial updates: a PATCH (and an update service) writes only the fields it is given, onto the
row as it is when locked, and audits only what changed. What someone else changed in between,
in another field, stays."""

import datetime as dt
import json

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.orgs import services
from neuguong.orgs.models import MembershipStatus, Person, Post, Unit, UnitChange, UnitKind, UnitStatus
from neuguong.orgs.tests.factories import MembershipFactory, PostFactory, make_unit

API = "/api/v1"

# record kind: (API collection, update service, the field the PATCH sends, the field someone else
# changes meanwhile with its new value)
PATCHES = {
    "unit": ("units", "unit_update", {"name": "Chi bộ thôn Đông Mới"}, ("short_name", "CB Đông")),
    "person": ("people", "person_update", {"phone": "0912345678"}, ("email", "an@example.vn")),
    "membership": ("memberships", "membership_update", {"card_number": "B0002"}, ("joined_on", dt.date(2009, 1, 2))),
    "post": ("posts", "post_update", {"title": "Bí thư Chi bộ"}, ("ended_on", dt.date(2025, 12, 31))),
}


@pytest.fixture
def records(cell, person):
    return {
        "unit": cell,
        "person": person,
        "membership": MembershipFactory(person=person, cell=cell, card_number="A0001"),
        "post": PostFactory(person=person, unit=cell, title="Phó Bí thư"),
    }


def patch(client, path: str, body: dict):
    return client.patch(API + path, json.dumps(body, default=str), content_type="application/json")


@pytest.mark.parametrize("kind", PATCHES)
def test_patch_keeps_a_field_someone_else_changed_while_it_was_on_its_way(
    monkeypatch, admin_client_a, records, kind
):
    collection, service, sent, (other_field, other_value) = PATCHES[kind]
    record = records[kind]
    update = getattr(services, service)

    def someone_else_commits_first(**kwargs):
        type(record).objects.filter(pk=record.pk).update(**{other_field: other_value})
        return update(**kwargs)

    monkeypatch.setattr(services, service, someone_else_commits_first)
    response = patch(admin_client_a, f"/{collection}/{record.pk}", sent)
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert getattr(record, other_field) == other_value
    for field, value in sent.items():
        assert getattr(record, field) == value


def test_patch_audits_only_the_fields_that_changed(admin_client_a, person):
    old_phone = person.phone
    assert patch(admin_client_a, f"/people/{person.pk}", {"phone": "0912345678"}).status_code == 200
    event = AuditEvent.objects.get(action="person.updated")
    assert (event.before, event.after) == ({"phone": old_phone}, {"phone": "0912345678"})


def test_patch_of_the_short_name_only_records_no_rename(admin_client_a, cell):
    response = patch(admin_client_a, f"/units/{cell.pk}", {"short_name": "CB Đông"})
    assert response.status_code == 200 and response.json()["name"] == "Chi bộ thôn Đông"
    assert not UnitChange.objects.filter(unit=cell, kind="renamed").exists()
    event = AuditEvent.objects.get(action="unit.updated")
    assert (event.before, event.after) == ({"short_name": ""}, {"short_name": "CB Đông"})


def test_patch_sending_null_for_a_required_field_is_refused_and_nothing_changes(admin_client_a, person):
    response = patch(admin_client_a, f"/people/{person.pk}", {"full_name": None, "phone": "0912345678"})
    assert response.status_code == 422 and "full_name" in response.json()["errors"]
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Văn An"
    assert not AuditEvent.objects.filter(action="person.updated").exists()


def test_patch_of_the_full_member_date_alone_makes_a_probationary_member_full(admin_client_a, person, cell):
    membership = MembershipFactory(person=person, cell=cell, full_member_on=None, status=MembershipStatus.PROBATIONARY)
    response = patch(admin_client_a, f"/memberships/{membership.pk}", {"full_member_on": "2011-03-26"})
    assert response.status_code == 200 and response.json()["status"] == "full"
    membership.refresh_from_db()
    assert membership.card_number and membership.joined_on == dt.date(2010, 3, 26)


def test_patch_of_a_post_end_before_its_start_is_refused(admin_client_a, person, cell):
    post = PostFactory(person=person, unit=cell, started_on=dt.date(2020, 10, 1))
    response = patch(admin_client_a, f"/posts/{post.pk}", {"ended_on": "2019-01-01"})
    assert response.status_code == 422 and "ended_on" in response.json()["errors"]
    assert Post.objects.get(pk=post.pk).ended_on is None


def test_update_service_refuses_a_field_it_does_not_change_and_nothing_changes(unit_admin, person):
    with pytest.raises(ServiceError) as error:
        services.person_update(person_id=person.pk, acting_user=unit_admin,
                               changes={"phone": "0912345678", "sort_key": "a"})
    assert error.value.code == "invalid" and list(error.value.field_errors) == ["sort_key"]
    assert Person.objects.get(pk=person.pk).phone == person.phone


def test_moving_a_person_into_an_inactive_unit_is_refused(unit_admin, person, commune):
    ended = make_unit("Chi bộ thôn Cũ", UnitKind.CELL, commune)
    Unit.objects.filter(pk=ended.pk).update(status=UnitStatus.DISSOLVED)
    with pytest.raises(ServiceError) as error:
        services.person_update(person_id=person.pk, acting_user=unit_admin, changes={"unit_id": ended.pk})
    assert "is no longer active" in error.value.message
    assert Person.objects.get(pk=person.pk).unit_id == commune.pk


def test_an_ended_post_of_a_dissolved_unit_can_still_be_corrected(unit_admin, person, commune):
    """The web form sends the post's unit back unchanged: that is no move into an inactive unit."""
    ended = make_unit("Chi bộ thôn Cũ", UnitKind.CELL, commune)
    post = PostFactory(person=person, unit=ended, ended_on=dt.date(2022, 1, 1))
    services.unit_dissolve(unit_id=ended.pk, acting_user=unit_admin)
    services.post_update(post_id=post.pk, acting_user=unit_admin, changes={"unit_id": ended.pk, "title": "Bí thư"})
    assert Post.objects.get(pk=post.pk).title == "Bí thư"


def test_a_unit_holding_a_current_post_cannot_be_dissolved(unit_admin, person, commune):
    unit = make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    PostFactory(person=person, unit=unit)
    with pytest.raises(ServiceError) as error:
        services.unit_dissolve(unit_id=unit.pk, acting_user=unit_admin)
    assert error.value.code == "unit_not_empty" and "current posts" in error.value.message
    assert Unit.objects.get(pk=unit.pk).status == UnitStatus.ACTIVE


def test_a_unit_whose_posts_have_all_ended_can_be_dissolved(unit_admin, person, commune):
    unit = make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    PostFactory(person=person, unit=unit, ended_on=dt.date(2024, 12, 31))
    assert services.unit_dissolve(unit_id=unit.pk, acting_user=unit_admin).status == UnitStatus.DISSOLVED
