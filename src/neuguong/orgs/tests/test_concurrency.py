"""Concurrent writes on PostgreSQL (SQLite serialises every writer, so nothing races there).

- Two PATCHes of different fields of one record, made at the same moment, both survive: each
  applies only the fields it sent, onto the row it holds locked.
- A person, a membership or a post added to a unit while the unit is dissolved: the two
  serialise on the unit's row, so a dissolved unit never ends with a person, an active membership
  or a current post attached. Whichever commits first wins; the other is refused.
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client

from neuguong.core.errors import ServiceError
from neuguong.orgs import services
from neuguong.orgs.models import Membership, MembershipStatus, Person, Post, Unit, UnitKind, UnitStatus
from neuguong.orgs.services import people as people_services
from neuguong.orgs.services import units as unit_services
from neuguong.orgs.tests.factories import MembershipFactory, PostFactory, make_unit
from neuguong.orgs.tests.races import between_read_and_write, meet_before, run_together

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

API = "/api/v1"

# record kind: (API collection, service the PATCH calls, one change, another change of another field)
PATCHES = {
    "unit": ("units", "unit_update", {"name": "Chi bộ thôn Đông Mới"}, {"short_name": "CB Đông"}),
    "person": ("people", "person_update", {"phone": "0912345678"}, {"email": "an@example.vn"}),
    "membership": ("memberships", "membership_update", {"card_number": "B0002"}, {"full_member_on": "2012-01-05"}),
    "post": ("posts", "post_update", {"title": "Bí thư Chi bộ"}, {"ended_on": "2025-12-31"}),
}


@pytest.fixture
def records(cell, person):
    return {
        "unit": cell,
        "person": person,
        "membership": MembershipFactory(person=person, cell=cell, card_number="A0001", full_member_on=None,
                                        status=MembershipStatus.PROBATIONARY),
        "post": PostFactory(person=person, unit=cell, title="Phó Bí thư"),
    }


def patcher(user, path: str, body: dict):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return lambda: client.patch(API + path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("kind", PATCHES)
def test_two_patches_of_different_fields_at_once_both_survive(monkeypatch, unit_admin, records, kind):
    collection, service, first, second = PATCHES[kind]
    record = records[kind]
    path = f"/{collection}/{record.pk}"
    meet_before(monkeypatch, services, service)  # both requests have read the record before either writes
    responses = run_together(patcher(unit_admin, path, first), patcher(unit_admin, path, second))
    assert [response.status_code for response in responses] == [200, 200]
    record.refresh_from_db()
    for field, value in {**first, **second}.items():
        assert str(getattr(record, field)) == value, field


@pytest.fixture
def empty_cell(commune):
    return make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)


def adding(kind: str, user, unit: Unit, person: Person):
    calls = {
        "person": lambda: services.person_create(
            acting_user=user, unit_id=unit.pk, data={"full_name": "Đỗ Văn Mới", "gender": "male"}),
        "membership": lambda: services.membership_create(
            person_id=person.pk, acting_user=user, data={"cell_id": unit.pk, "joined_on": dt.date(2024, 5, 19)}),
        "post": lambda: services.post_create(
            person_id=person.pk, acting_user=user,
            data={"unit_id": unit.pk, "title": "Bí thư", "started_on": dt.date(2024, 1, 1)}),
    }
    return calls[kind]


def attached(unit: Unit) -> list[str]:
    """What is still attached to the unit: people, active memberships, current posts."""
    found = []
    if Person.objects.filter(unit=unit).exists():
        found.append("people")
    if Membership.objects.filter(cell=unit).exclude(status=MembershipStatus.ENDED).exists():
        found.append("memberships")
    if Post.objects.filter(unit=unit, ended_on__isnull=True).exists():
        found.append("posts")
    return found


def assert_one_of_the_two_won(unit: Unit, added, dissolved) -> None:
    unit.refresh_from_db()
    if isinstance(added, ServiceError):
        assert "is no longer active" in added.message
        assert unit.status == UnitStatus.DISSOLVED and attached(unit) == []
    else:
        assert not isinstance(added, Exception), added
        assert isinstance(dissolved, ServiceError) and dissolved.code == "unit_not_empty", dissolved
        assert unit.status == UnitStatus.ACTIVE and attached(unit) != []


@pytest.mark.parametrize("kind", ["person", "membership", "post"])
def test_a_unit_dissolved_while_something_is_added_to_it_ends_with_nothing_attached(
    monkeypatch, unit_admin, person, empty_cell, kind
):
    """The dissolution commits between the add's reading of the unit and its write."""
    added, dissolved = between_read_and_write(
        monkeypatch, people_services, "_active_unit", read=adding(kind, unit_admin, empty_cell, person),
        meddle=lambda: services.unit_dissolve(unit_id=empty_cell.pk, acting_user=unit_admin),
    )
    assert_one_of_the_two_won(empty_cell, added, dissolved)


@pytest.mark.parametrize("kind", ["person", "membership", "post"])
def test_something_added_while_a_unit_is_being_dissolved_is_refused_or_stops_the_dissolution(
    monkeypatch, unit_admin, person, empty_cell, kind
):
    """The add comes while the dissolution has checked the unit and not yet committed."""
    dissolved, added = between_read_and_write(
        monkeypatch, unit_services, "_ensure_active",
        read=lambda: services.unit_dissolve(unit_id=empty_cell.pk, acting_user=unit_admin),
        meddle=adding(kind, unit_admin, empty_cell, person),
    )
    assert_one_of_the_two_won(empty_cell, added, dissolved)


@pytest.mark.parametrize("how", ["created", "moved"])
def test_a_sub_unit_put_under_a_unit_being_dissolved_is_refused_or_stops_the_dissolution(
    monkeypatch, unit_admin, cell, empty_cell, how
):
    put = {
        "created": lambda: services.unit_create(name="Tổ đảng 1", kind=UnitKind.CELL, parent_id=empty_cell.pk,
                                                acting_user=unit_admin),
        "moved": lambda: services.unit_move(unit_id=cell.pk, new_parent_id=empty_cell.pk, acting_user=unit_admin),
    }[how]
    dissolved, result = between_read_and_write(
        monkeypatch, unit_services, "_ensure_active",
        read=lambda: services.unit_dissolve(unit_id=empty_cell.pk, acting_user=unit_admin), meddle=put,
    )
    empty_cell.refresh_from_db()
    children = Unit.objects.filter(parent=empty_cell)
    if empty_cell.status == UnitStatus.DISSOLVED:
        assert isinstance(result, ServiceError) and "is no longer active" in result.message
        assert not children.exists()
    else:
        assert isinstance(dissolved, ServiceError) and dissolved.code == "unit_not_empty"
        assert children.count() == 1


def test_a_person_added_below_a_unit_being_merged_neither_deadlocks_nor_is_lost(
    monkeypatch, unit_admin, commune
):
    """The merger locks every row it moves before its first audit event takes the audit chain's
    head, so it waits for the add (which holds the sub-unit and then wants the head) to commit."""
    first, second = (make_unit(name, UnitKind.SUBORDINATE_COMMITTEE, commune) for name in ("Thôn A", "Thôn B"))
    target = make_unit("Thôn Mới", UnitKind.SUBORDINATE_COMMITTEE, commune)
    below = make_unit("Chi bộ xóm 1", UnitKind.CELL, second)
    added, merged = between_read_and_write(
        monkeypatch, people_services, "_active_unit",
        read=lambda: services.person_create(acting_user=unit_admin, unit_id=below.pk,
                                            data={"full_name": "Đỗ Văn Mới", "gender": "male"}),
        meddle=lambda: services.unit_merge(source_ids=[first.pk, second.pk], target_id=target.pk,
                                           acting_user=unit_admin),
    )
    assert isinstance(added, Person), added
    assert isinstance(merged, Unit), merged
    below.refresh_from_db()
    assert below.parent_id == target.pk and Person.objects.get(pk=added.pk).unit_id == below.pk
