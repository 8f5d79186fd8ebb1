"""The JSON API for units, people, memberships, posts and follow assignments, seen by the three
standard actors (unit admin of commune A, member in commune A, outsider administering commune B)."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.core import crypto
from neuguong.core.actors import SYSTEM
from neuguong.orgs import services
from neuguong.orgs.models import Person, Post, Unit, UnitKind, UnitStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant, make_unit

API = "/api/v1"
CITIZEN_ID = "042090001234"
MISSING = 999_999


def send(client, method: str, path: str, body: dict | None = None):
    if method == "get":
        return client.get(API + path, body or {})
    return getattr(client, method)(API + path, json.dumps(body or {}), content_type="application/json")


def db_state() -> dict:
    """Every row of the orgs and accounts tables, and the length of the audit trail."""
    models = [*apps.get_app_config("orgs").get_models(), *apps.get_app_config("accounts").get_models()]
    state: dict = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    state["audit events"] = AuditEvent.objects.count()
    return state


@pytest.fixture
def world(unit_admin, member, outsider, commune, cell, person, sibling, sibling_person):
    """Records of every kind in commune A (and commune B's own through the fixtures)."""
    Person.objects.filter(pk=person.pk).update(
        citizen_id_encrypted=crypto.encrypt(CITIZEN_ID), citizen_id_hash=crypto.keyed_hash(CITIZEN_ID)
    )
    other_cell = make_unit("Chi bộ thôn Bắc", UnitKind.CELL, commune)
    loner = PersonFactory(full_name="Đinh Văn Lẻ", unit=commune)
    membership = MembershipFactory(person=person, cell=cell, card_number="A0001")
    post = PostFactory(person=person, unit=commune, title="Phó Bí thư Đảng ủy", is_standing_committee=True)
    follow = services.follow_assign(person_id=person.pk, unit_id=cell.pk, started_on=dt.date(2021, 1, 4),
                                    acting_user=SYSTEM)
    return SimpleNamespace(commune=commune, cell=cell, other_cell=other_cell, person=person, loner=loner,
                           membership=membership, post=post, follow=follow, sibling=sibling,
                           sibling_person=sibling_person)


@pytest.fixture
def viewer_client(client, commune):
    """Inspection staff of commune A: may see units and people but manage neither."""
    user = UserFactory(username="viewer_a", person=PersonFactory(full_name="Hồ Thị Xem", unit=commune))
    grant(user, Role.INSPECTION_STAFF, commune)
    client.force_login(user)
    return client


def write_routes(w) -> list[tuple[str, str, dict, int, int]]:
    """Every write route of this router aimed at commune A's records with valid bodies: method, path,
    body, the unit admin's status and the member's. The member sees the unit tree of the cell (403 on
    managing it) but no other cell and no people (404)."""
    today = dt.date.today().isoformat()
    cell, other, person, loner = w.cell.pk, w.other_cell.pk, w.person.pk, w.loner.pk
    return [
        ("post", "/units", {"name": "Chi bộ mới", "kind": "cell", "parent_id": cell}, 201, 403),
        ("patch", f"/units/{cell}", {"name": "Chi bộ đổi tên"}, 200, 403),
        ("delete", f"/units/{other}", {}, 204, 404),
        ("post", f"/units/{cell}/move", {"parent_id": other}, 200, 403),
        ("post", f"/units/{cell}/merge", {"source_ids": [other]}, 200, 403),
        ("post", f"/units/{other}/dissolve", {"decision": "QĐ 1"}, 200, 404),
        ("post", "/people", {"full_name": "Đỗ Văn Mới", "gender": "male", "unit_id": cell}, 201, 403),
        ("patch", f"/people/{person}", {"phone": "0912345678"}, 200, 404),
        ("delete", f"/people/{loner}", {}, 204, 404),
        ("post", f"/people/{person}/reveal-citizen-id", {}, 200, 404),
        ("post", f"/people/{loner}/memberships", {"cell_id": cell, "joined_on": today}, 201, 404),
        ("patch", f"/memberships/{w.membership.pk}", {"card_number": "B0002"}, 200, 404),
        ("post", f"/memberships/{w.membership.pk}/end", {"ended_on": today, "reason": "Chuyển"}, 200, 404),
        ("post", f"/people/{person}/posts", {"unit_id": cell, "title": "Bí thư", "started_on": today}, 201, 404),
        ("patch", f"/posts/{w.post.pk}", {"title": "Bí thư Đảng ủy"}, 200, 404),
        ("delete", f"/posts/{w.post.pk}", {}, 204, 404),
        ("post", f"/people/{person}/follow-assignments", {"unit_id": other, "started_on": today}, 201, 404),
        ("post", f"/follow-assignments/{w.follow.pk}/end", {"ended_on": today}, 200, 404),
    ]


def detail_routes(w) -> list[str]:
    return [
        f"/units/{w.cell.pk}", f"/units/{w.cell.pk}/children", f"/units/{w.cell.pk}/history",
        f"/units/{w.commune.pk}/counts", f"/units/{w.cell.pk}/memberships", f"/people/{w.person.pk}",
        f"/people/{w.person.pk}/memberships", f"/memberships/{w.membership.pk}", f"/posts/{w.post.pk}",
        f"/follow-assignments/{w.follow.pk}",
    ]


LIST_ROUTES = ["/units", "/people", "/posts", "/follow-assignments"]
A_NAMES = ["Đảng bộ xã Thạch Hà", "Chi bộ thôn Đông", "Chi bộ thôn Bắc", "Nguyễn Văn An", "Phó Bí thư Đảng ủy"]


def with_missing_ids(path: str) -> str:
    return "/".join(str(MISSING) if part.isdigit() else part for part in path.split("/"))


def with_missing_body(body: dict) -> dict:
    return {key: (MISSING if key.endswith("_id") else [MISSING] if key.endswith("_ids") else value)
            for key, value in body.items()}


# --- The three actors on every route -----------------------------------------------------------


def test_outsider_gets_404_on_every_write_route_like_a_missing_id_and_nothing_changes(outsider_client, world):
    for method, path, body, _admin, _member in write_routes(world):
        before = db_state()
        response = send(outsider_client, method, path, body)
        missing = send(outsider_client, method, with_missing_ids(path), with_missing_body(body))
        assert response.status_code == 404, (method, path, response.content)
        assert response.json() == missing.json()
        assert response.json()["code"] == "not_found" and response.json()["errors"] == {}
        assert db_state() == before, (method, path)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_error_messages_follow_the_accept_language_header(outsider_client, world, language):
    response = outsider_client.get(f"{API}/units/{world.cell.pk}", HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        assert response.json()["message"] == translation.gettext("Not found.")
    invalid = outsider_client.post(f"{API}/units", "{}", content_type="application/json",
                                   HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        assert invalid.json()["message"] == translation.gettext("Some fields are not valid.")
    if language == "en":
        assert response.json()["message"] == "Not found."


def test_outsider_gets_404_on_every_read_route_of_another_commune(outsider_client, world):
    for path in detail_routes(world):
        response = send(outsider_client, "get", path)
        assert response.status_code == 404, path
        assert response.json() == send(outsider_client, "get", with_missing_ids(path)).json()


def test_outsider_lists_show_nothing_of_another_commune(outsider_client, world):
    for path in LIST_ROUTES:
        response = send(outsider_client, "get", path)
        assert response.status_code == 200, path
        text = json.dumps(response.json(), ensure_ascii=False)
        assert not [name for name in A_NAMES if name in text], path
    assert send(outsider_client, "get", "/people").json()["items"][0]["full_name"] == "Trần Thị Bình"


def test_member_is_refused_every_write_and_nothing_changes(member_client, world):
    for method, path, body, _admin, member_status in write_routes(world):
        before = db_state()
        response = send(member_client, method, path, body)
        assert response.status_code == member_status, (method, path, response.content)
        assert set(response.json()) == {"code", "message", "errors"}
        assert db_state() == before, (method, path)


def test_member_lists_of_people_posts_and_assignments_are_empty(member_client, world):
    for path in ["/people", "/posts", "/follow-assignments"]:
        assert send(member_client, "get", path).json() == {"items": [], "count": 0}, path
    units = send(member_client, "get", "/units").json()
    assert [unit["name"] for unit in units["items"]] == ["Chi bộ thôn Đông"]


def test_staff_without_manage_permissions_get_403_on_every_write(viewer_client, world):
    for method, path, body, _admin, _member in write_routes(world):
        before = db_state()
        response = send(viewer_client, method, path, body)
        assert response.status_code == 403, (method, path, response.content)
        assert response.json()["code"] == "permission_denied"
        assert db_state() == before, (method, path)


def test_unit_admin_reads_every_route(admin_client_a, world):
    for path in detail_routes(world) + LIST_ROUTES:
        assert send(admin_client_a, "get", path).status_code == 200, path


def test_unit_admin_succeeds_on_every_write_route_with_an_audit_event(admin_client_a, world):
    for method, path, body, admin_status, _member in write_routes(world):
        with transaction.atomic():
            events = AuditEvent.objects.count()
            response = send(admin_client_a, method, path, body)
            assert response.status_code == admin_status, (method, path, response.content)
            assert AuditEvent.objects.count() > events, (method, path)
            transaction.set_rollback(True)


# --- Units -----------------------------------------------------------------------------------


def test_unit_list_is_paginated(admin_client_a, commune):
    for n in range(52):
        make_unit(f"Chi bộ số {n}", UnitKind.CELL, commune)
    first = send(admin_client_a, "get", "/units").json()
    second = send(admin_client_a, "get", "/units", {"page": 2}).json()
    assert first["count"] == second["count"] == 53
    assert len(first["items"]) == 50 and len(second["items"]) == 3
    assert {u["id"] for u in first["items"]}.isdisjoint({u["id"] for u in second["items"]})
    small = send(admin_client_a, "get", "/units", {"page_size": 5, "page": 3}).json()
    assert len(small["items"]) == 5


def test_unit_list_filters_by_kind_text_subtree_and_status(admin_client_a, world):
    services.unit_dissolve(unit_id=world.other_cell.pk, acting_user=SYSTEM)

    def names(**params):
        return [u["name"] for u in send(admin_client_a, "get", "/units", params).json()["items"]]

    assert names(kind="cell") == ["Chi bộ thôn Đông"]
    assert names(q="thon dong") == ["Chi bộ thôn Đông"]
    assert names(under=world.cell.pk) == ["Chi bộ thôn Đông"]
    assert "Chi bộ thôn Bắc" in names(status="all")
    assert names(status="dissolved") == ["Chi bộ thôn Bắc"]


def test_unit_list_filter_on_an_unseen_unit_answers_404(admin_client_a, world):
    assert send(admin_client_a, "get", "/units", {"under": world.sibling.pk}).status_code == 404


def test_bad_filter_value_answers_422_with_the_field(admin_client_a, world):
    response = send(admin_client_a, "get", "/units", {"kind": "castle"})
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "errors"} and "kind" in response.json()["errors"]


def test_unreadable_json_answers_400_in_the_error_shape(admin_client_a, commune):
    before = db_state()
    response = admin_client_a.post(f"{API}/units", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "errors"} and response.json()["code"] == "bad_request"
    assert db_state() == before


def test_admin_creates_a_unit_with_201_and_an_audit_event(admin_client_a, commune):
    response = send(admin_client_a, "post", "/units", {"name": "Chi bộ thôn Nam", "kind": "cell",
                                                        "parent_id": commune.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Chi bộ thôn Nam" and body["parent_id"] == commune.pk
    assert body["path"] == f"{commune.path}{body['id']}/"
    assert AuditEvent.objects.filter(action="unit.created", object_id=str(body["id"]), actor__username="admin_a")


@pytest.mark.parametrize(("body", "field"), [
    ({"name": "  ", "kind": "cell"}, "name"),
    ({"name": "X", "kind": "castle"}, "kind"),
    ({"kind": "cell"}, "name"),
])
def test_bad_unit_input_answers_422_with_field_errors_and_writes_nothing(admin_client_a, commune, body, field):
    before = db_state()
    response = send(admin_client_a, "post", "/units", {**body, "parent_id": commune.pk})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]
    assert db_state() == before


def test_rename_keeps_the_old_name_in_the_history(admin_client_a, cell):
    response = send(admin_client_a, "patch", f"/units/{cell.pk}", {"name": "Chi bộ thôn Đông Bắc",
                                                                     "decision": "QĐ 12"})
    assert response.status_code == 200 and response.json()["kind"] == "cell"
    history = send(admin_client_a, "get", f"/units/{cell.pk}/history").json()["items"]
    assert history[0]["kind"] == "renamed" and history[0]["old_value"] == "Chi bộ thôn Đông"


def test_move_into_own_subtree_is_refused(admin_client_a, commune, cell):
    before = db_state()
    response = send(admin_client_a, "post", f"/units/{commune.pk}/move", {"parent_id": cell.pk})
    assert response.status_code in (403, 422)
    assert db_state() == before


def test_move_merge_and_dissolve(admin_client_a, world):
    extra = make_unit("Chi bộ thôn Nam", UnitKind.CELL, world.commune)
    moved = send(admin_client_a, "post", f"/units/{extra.pk}/move", {"parent_id": world.cell.pk}).json()
    assert moved["parent_id"] == world.cell.pk and moved["depth"] == world.cell.depth + 1
    merged = send(admin_client_a, "post", f"/units/{world.cell.pk}/merge", {"source_ids": [world.other_cell.pk]})
    assert merged.status_code == 200
    assert Unit.objects.get(pk=world.other_cell.pk).status == UnitStatus.MERGED
    dissolved = send(admin_client_a, "post", f"/units/{extra.pk}/dissolve", {"decision": "QĐ 7"}).json()
    assert dissolved["status"] == "dissolved"


def test_dissolving_a_unit_with_people_answers_409_with_the_reason(admin_client_a, world):
    response = send(admin_client_a, "post", f"/units/{world.commune.pk}/dissolve", {})
    assert response.status_code == 409
    assert response.json()["code"] == "unit_not_empty" and response.json()["errors"] == {}


def test_delete_answers_204_and_a_unit_in_use_409(admin_client_a, world):
    assert send(admin_client_a, "delete", f"/units/{world.other_cell.pk}").status_code == 204
    assert not Unit.objects.filter(pk=world.other_cell.pk).exists()
    assert send(admin_client_a, "delete", f"/units/{world.cell.pk}").status_code == 409


def test_children_and_counts(admin_client_a, world):
    children = send(admin_client_a, "get", f"/units/{world.commune.pk}/children").json()
    assert [(c["name"], c["child_count"]) for c in children["items"]] == [("Chi bộ thôn Bắc", 0),
                                                                         ("Chi bộ thôn Đông", 0)]
    counts = send(admin_client_a, "get", f"/units/{world.commune.pk}/counts").json()
    assert counts["units"] == 3 and counts["units_by_kind"] == {"subordinate_committee": 1, "cell": 2}
    assert counts["members"] == 2 and counts["posts"] == 1


def test_member_cannot_open_counts(member_client, world):
    assert send(member_client, "get", f"/units/{world.cell.pk}/counts").status_code == 404


# --- People ----------------------------------------------------------------------------------


def test_people_search_ignores_diacritics_and_finds_exact_citizen_ids(admin_client_a, world):
    def names(**params):
        return [p["full_name"] for p in send(admin_client_a, "get", "/people", params).json()["items"]]

    assert names(q="nguyen van an") == ["Nguyễn Văn An"]
    assert names(q=CITIZEN_ID) == ["Nguyễn Văn An"]
    assert names(q=CITIZEN_ID[:-1] + "9") == []
    assert names(membership="member", unit=world.cell.pk) == ["Phạm Thị Hoa"]
    assert "Nguyễn Văn An" not in names(gender="female")


def test_citizen_id_never_appears_in_list_or_detail(admin_client_a, world):
    for path in ["/people", f"/people/{world.person.pk}", f"/people?q={CITIZEN_ID}"]:
        response = admin_client_a.get(API + path)
        assert response.status_code == 200
        assert CITIZEN_ID not in response.content.decode()
        assert "citizen_id" not in json.dumps(response.json()).replace("has_citizen_id", "")
    assert send(admin_client_a, "get", f"/people/{world.person.pk}").json()["has_citizen_id"] is True


def test_reveal_returns_the_citizen_id_once_audited(admin_client_a, world):
    response = send(admin_client_a, "post", f"/people/{world.person.pk}/reveal-citizen-id")
    assert response.status_code == 200 and response.json() == {"citizen_id": CITIZEN_ID}
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="person.citizen_id_viewed", object_id=str(world.person.pk)).count() == 1


def test_person_detail_carries_memberships_posts_and_assignments(admin_client_a, world):
    body = send(admin_client_a, "get", f"/people/{world.person.pk}").json()
    assert body["unit_name"] == "Đảng bộ xã Thạch Hà"
    assert [m["card_number"] for m in body["memberships"]] == ["A0001"]
    assert [p["title"] for p in body["posts"]] == ["Phó Bí thư Đảng ủy"]
    assert [f["unit_name"] for f in body["follow_assignments"]] == ["Chi bộ thôn Đông"]


def test_admin_creates_updates_and_deletes_a_person(admin_client_a, cell):
    created = send(admin_client_a, "post", "/people", {"full_name": "Đỗ Văn Mới", "gender": "male",
                                                        "unit_id": cell.pk, "citizen_id": "042090009999"})
    assert created.status_code == 201
    assert "042090009999" not in created.content.decode() and created.json()["has_citizen_id"] is True
    person_id = created.json()["id"]
    updated = send(admin_client_a, "patch", f"/people/{person_id}", {"phone": "0912 345 678"})
    assert updated.status_code == 200
    assert updated.json()["phone"] == "0912345678" and updated.json()["full_name"] == "Đỗ Văn Mới"
    assert Person.objects.get(pk=person_id).citizen_id_hash == crypto.keyed_hash("042090009999")
    assert send(admin_client_a, "delete", f"/people/{person_id}").status_code == 204
    assert not Person.objects.filter(pk=person_id).exists()
    actions = list(AuditEvent.objects.filter(object_type="orgs.person", object_id=str(person_id))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["person.created", "person.updated", "person.deleted"]


@pytest.mark.parametrize(("body", "field"), [
    ({"full_name": "Đỗ Văn Mới", "gender": "male", "citizen_id": "12345"}, "citizen_id"),
    ({"full_name": "Đỗ Văn Mới", "gender": "unknown"}, "gender"),
    ({"gender": "male"}, "full_name"),
    ({"full_name": "Đỗ Văn Mới", "gender": "male", "phone": "12"}, "phone"),
    ({"full_name": "Đỗ Văn Mới", "gender": "male", "birth_date": "31/02/1990"}, "birth_date"),
])
def test_bad_person_input_answers_422_with_the_field(admin_client_a, cell, body, field):
    before = db_state()
    response = send(admin_client_a, "post", "/people", {**body, "unit_id": cell.pk})
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "errors"} and field in response.json()["errors"]
    assert db_state() == before


def test_person_with_records_cannot_be_deleted(admin_client_a, world):
    before = db_state()
    response = send(admin_client_a, "delete", f"/people/{world.person.pk}")
    assert response.status_code == 409 and response.json()["code"] == "person_has_records"
    assert db_state() == before


def test_person_still_followed_after_leaving_the_committee_cannot_be_deleted(admin_client_a, world):
    world.loner.posts.create(unit=world.commune, title="Ủy viên BTV", is_standing_committee=True,
                             started_on=dt.date(2020, 1, 1))
    services.follow_assign(person_id=world.loner.pk, unit_id=world.cell.pk, started_on=dt.date(2021, 1, 1),
                           acting_user=SYSTEM)
    world.loner.posts.all().delete()
    before = db_state()
    response = send(admin_client_a, "delete", f"/people/{world.loner.pk}")
    assert response.status_code == 409 and response.json()["code"] == "person_has_records"
    assert db_state() == before


# --- Memberships, posts and follow assignments -----------------------------------------------


def test_membership_lifecycle(admin_client_a, commune, cell):
    newcomer = PersonFactory(full_name="Bùi Văn Kết", unit=commune)
    created = send(admin_client_a, "post", f"/people/{newcomer.pk}/memberships",
                   {"cell_id": cell.pk, "joined_on": "2024-05-19", "card_number": "K001"})
    assert created.status_code == 201 and created.json()["status"] == "probationary"
    membership_id = created.json()["id"]
    full = send(admin_client_a, "patch", f"/memberships/{membership_id}", {"full_member_on": "2025-05-19"})
    assert full.json()["status"] == "full" and full.json()["card_number"] == "K001"
    listed = send(admin_client_a, "get", f"/people/{newcomer.pk}/memberships").json()
    assert [m["id"] for m in listed["items"]] == [membership_id]
    in_cell = send(admin_client_a, "get", f"/units/{cell.pk}/memberships", {"status": "full"}).json()
    assert membership_id in [m["id"] for m in in_cell["items"]]
    ended = send(admin_client_a, "post", f"/memberships/{membership_id}/end",
                 {"ended_on": "2025-06-01", "reason": "Chuyển sinh hoạt"})
    assert ended.json()["status"] == "ended"
    again = send(admin_client_a, "post", f"/memberships/{membership_id}/end",
                 {"ended_on": "2025-06-01", "reason": "x"})
    assert again.status_code == 409 and again.json()["code"] == "membership_ended"


def test_membership_in_a_peoples_committee_answers_422(admin_client_a, world):
    ubnd = make_unit("UBND xã Thạch Hà", UnitKind.PEOPLES_COMMITTEE, world.commune)
    newcomer = PersonFactory(unit=world.commune)
    response = send(admin_client_a, "post", f"/people/{newcomer.pk}/memberships",
                    {"cell_id": ubnd.pk, "joined_on": "2024-01-01"})
    assert response.status_code == 422 and "cell" in response.json()["errors"]


def test_post_lifecycle(admin_client_a, world):
    created = send(admin_client_a, "post", f"/people/{world.person.pk}/posts",
                   {"unit_id": world.cell.pk, "title": "Bí thư chi bộ", "started_on": "2024-01-01"})
    assert created.status_code == 201 and created.json()["unit_name"] == "Chi bộ thôn Đông"
    post_id = created.json()["id"]
    changed = send(admin_client_a, "patch", f"/posts/{post_id}", {"ended_on": "2025-01-01"})
    assert changed.json()["ended_on"] == "2025-01-01" and changed.json()["title"] == "Bí thư chi bộ"
    current = send(admin_client_a, "get", "/posts", {"unit": world.cell.pk, "current": True}).json()
    assert post_id not in [p["id"] for p in current["items"]]
    bad = send(admin_client_a, "patch", f"/posts/{post_id}", {"ended_on": "2020-01-01"})
    assert bad.status_code == 422 and "ended_on" in bad.json()["errors"]
    assert send(admin_client_a, "delete", f"/posts/{post_id}").status_code == 204
    assert not Post.objects.filter(pk=post_id).exists()


def test_follow_assignment_lifecycle(admin_client_a, world):
    created = send(admin_client_a, "post", f"/people/{world.person.pk}/follow-assignments",
                   {"unit_id": world.other_cell.pk, "started_on": "2024-01-01"})
    assert created.status_code == 201 and created.json()["committee_name"] == "Đảng bộ xã Thạch Hà"
    listed = send(admin_client_a, "get", "/follow-assignments", {"unit": world.commune.pk}).json()
    assert listed["count"] == 2
    ended = send(admin_client_a, "post", f"/follow-assignments/{created.json()['id']}/end",
                 {"ended_on": "2023-01-01"})
    assert ended.status_code == 422 and "ended_on" in ended.json()["errors"]
    ended = send(admin_client_a, "post", f"/follow-assignments/{created.json()['id']}/end",
                 {"ended_on": "2025-01-01"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2025-01-01"


def test_follow_assignment_for_someone_off_the_standing_committee_answers_422(admin_client_a, world):
    newcomer = PersonFactory(unit=world.commune)
    response = send(admin_client_a, "post", f"/people/{newcomer.pk}/follow-assignments",
                    {"unit_id": world.cell.pk, "started_on": "2024-01-01"})
    assert response.status_code == 422 and "person" in response.json()["errors"]


# --- Query counts ----------------------------------------------------------------------------


def _add_rows(commune, cell, n: int) -> None:
    for _n in range(n):
        child = make_unit("Chi bộ phụ", UnitKind.CELL, cell)
        person = PersonFactory(unit=commune)
        MembershipFactory(person=person, cell=cell)
        PostFactory(person=person, unit=cell, is_standing_committee=True)
        services.follow_assign(person_id=person.pk, unit_id=child.pk, started_on=dt.date(2024, 1, 1),
                               acting_user=SYSTEM)


@pytest.mark.parametrize("path", ["/units", "/people", "/posts", "/follow-assignments", "memberships", "children"])
def test_list_queries_do_not_grow_with_rows(admin_client_a, commune, cell, path, django_assert_max_num_queries):
    path = {"memberships": f"/units/{cell.pk}/memberships", "children": f"/units/{cell.pk}/children"}.get(path, path)
    _add_rows(commune, cell, 3)
    with CaptureQueriesContext(connection) as few:
        send(admin_client_a, "get", path)
    _add_rows(commune, cell, 27)
    with django_assert_max_num_queries(len(few)):
        response = send(admin_client_a, "get", path)
    assert response.json()["count"] >= 30


def test_openapi_documents_every_route_and_the_pagination(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    paths = {path.removeprefix(API): set(item) for path, item in schema["paths"].items()}
    expected = {
        "/units": {"get", "post"}, "/units/{unit_id}": {"get", "patch", "delete"},
        "/units/{unit_id}/move": {"post"}, "/units/{unit_id}/merge": {"post"}, "/units/{unit_id}/dissolve": {"post"},
        "/units/{unit_id}/children": {"get"}, "/units/{unit_id}/history": {"get"}, "/units/{unit_id}/counts": {"get"},
        "/units/{unit_id}/memberships": {"get"}, "/people": {"get", "post"},
        "/people/{person_id}": {"get", "patch", "delete"}, "/people/{person_id}/reveal-citizen-id": {"post"},
        "/people/{person_id}/memberships": {"get", "post"}, "/memberships/{membership_id}": {"get", "patch"},
        "/memberships/{membership_id}/end": {"post"}, "/posts": {"get"}, "/people/{person_id}/posts": {"post"},
        "/posts/{post_id}": {"get", "patch", "delete"}, "/follow-assignments": {"get"},
        "/people/{person_id}/follow-assignments": {"post"}, "/follow-assignments/{assignment_id}": {"get"},
        "/follow-assignments/{assignment_id}/end": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= paths.get(path, set()), path
    people = schema["paths"][f"{API}/people"]["get"]
    assert {"page", "page_size", "q", "unit", "gender", "membership"} <= {p["name"] for p in people["parameters"]}
    page_ref = people["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"items", "count"} <= set(schema["components"]["schemas"][page_ref]["properties"])
    assert schema["paths"][f"{API}/people"]["post"]["responses"].keys() >= {"201"}
    assert "citizen_id" not in schema["components"]["schemas"]["PersonOut"]["properties"]


def test_openapi_documents_the_error_body(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"code", "message", "errors"}
    responses = schema["paths"][f"{API}/people/{{person_id}}"]["patch"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(responses)
    assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "409" not in schema["paths"][f"{API}/people"]["get"]["responses"]
