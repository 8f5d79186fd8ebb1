"""The unit and people pages, seen by the three actors: the unit administrator of commune A, a
party member of a cell of commune A, and the administrator of the sibling commune B."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from neuguong.audit.models import AuditEvent
from neuguong.orgs import services
from neuguong.orgs.models import FollowAssignment, Membership, Person, Post, Unit, UnitChange, UnitKind, UnitStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, make_unit
from neuguong.web.units import SESSION_KEY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Session, user, grants, working unit, unit choices, count, rows, shell (picker, navigation):
# whatever the number of rows, a list page stays under this bound.
LIST_QUERY_BOUND = 14


def text(response) -> str:
    """The page's main content (the header's unit picker names units too), or the whole fragment."""
    content = response.content.decode()
    if "<main" not in content:
        return content
    return content.split("<main", 1)[1].split("</main>", 1)[0]


def units_snapshot():
    return sorted(Unit.objects.values_list("id", "name", "path", "status", "parent_id"))


def person_snapshot(person):
    return Person.objects.filter(pk=person.pk).values().get()


# --- Unit tree -------------------------------------------------------------------------------


def test_admin_sees_the_tree_from_the_top_of_their_subtree(admin_client_a, commune, cell, sibling):
    page = text(admin_client_a.get("/units/"))
    assert commune.name in page
    assert sibling.name not in page
    fragment = admin_client_a.get(f"/units/{commune.pk}/children/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert cell.name in text(fragment) and "<html" not in text(fragment)


def test_unit_search_ignores_diacritics_and_filters_by_kind(admin_client_a, commune, cell):
    make_unit("Chi bộ thôn Bắc", UnitKind.CELL, commune)
    page = text(admin_client_a.get("/units/", {"q": "thon dong"}))
    assert cell.name in page and "Chi bộ thôn Bắc" not in page
    page = text(admin_client_a.get("/units/", {"kind": UnitKind.CELL}))
    assert cell.name in page and "Chi bộ thôn Bắc" in page and f'href="/units/{commune.pk}/"' not in page


def test_unit_search_finds_ended_units_only_when_asked(admin_client_a, commune):
    ended = make_unit("Chi bộ cũ", UnitKind.CELL, commune)
    Unit.objects.filter(pk=ended.pk).update(status=UnitStatus.DISSOLVED)
    assert "Chi bộ cũ" not in text(admin_client_a.get("/units/", {"q": "chi bo cu"}))
    assert "Chi bộ cũ" in text(admin_client_a.get("/units/", {"q": "chi bo cu", "status": "all"}))


@pytest.mark.parametrize("rows", [3, 30])
def test_unit_search_query_count_does_not_grow_with_rows(admin_client_a, commune, rows, django_assert_max_num_queries):
    for n in range(rows):
        make_unit(f"Chi bộ số {n}", UnitKind.CELL, commune)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = admin_client_a.get("/units/", {"q": "chi bo so"})
    assert text(response).count("Chi bộ số") == rows


def test_unit_detail_shows_breadcrumbs_children_history_counts_and_actions(admin_client_a, province, commune, cell):
    page = text(admin_client_a.get(f"/units/{commune.pk}/"))
    assert province.name in page and f'href="/units/{province.pk}/"' not in page  # above the admin's subtree
    assert cell.name in page
    assert 'data-testid="unit-actions"' in page
    assert "Figures for the whole subtree" in page
    assert f'name="unit" value="{commune.pk}"' not in page  # already the working unit
    assert f'name="unit" value="{cell.pk}"' in text(admin_client_a.get(f"/units/{cell.pk}/"))


def test_member_sees_their_cell_without_actions_and_nothing_above(member_client, commune, cell):
    page = text(member_client.get(f"/units/{cell.pk}/"))
    assert cell.name in page and 'data-testid="unit-actions"' not in page
    assert member_client.get(f"/units/{commune.pk}/").status_code == 404


def test_outsider_gets_404_on_units_of_another_commune(outsider_client, commune, cell):
    assert outsider_client.get(f"/units/{commune.pk}/").status_code == 404
    assert outsider_client.get(f"/units/{cell.pk}/children/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, commune):
    response = client.get("/units/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_working_unit_button_chooses_the_unit(admin_client_a, cell):
    admin_client_a.post("/unit/choose/", {"unit": cell.pk, "next": f"/units/{cell.pk}/"})
    assert admin_client_a.session[SESSION_KEY] == cell.pk


# --- Unit actions ----------------------------------------------------------------------------


def test_admin_creates_a_sub_unit(admin_client_a, commune):
    response = admin_client_a.post(f"/units/{commune.pk}/new/", {"name": "Chi bộ thôn Nam", "kind": UnitKind.CELL})
    created = Unit.objects.get(name="Chi bộ thôn Nam")
    assert response.status_code == 302 and response["Location"] == f"/units/{created.pk}/"
    assert created.parent == commune
    assert AuditEvent.objects.filter(action="unit.created", object_id=str(created.pk)).exists()


def test_invalid_unit_form_answers_422_and_keeps_what_was_typed(unit_admin, commune):
    before = units_snapshot()
    vietnamese_client = Client()  # no language asked for: the product's default
    vietnamese_client.force_login(unit_admin)
    response = vietnamese_client.post(f"/units/{commune.pk}/new/", {"name": "   ", "short_name": "CB Nam",
                                                                  "kind": UnitKind.CELL})
    assert response.status_code == 422
    assert 'value="CB Nam"' in text(response)
    assert "Trường này là bắt buộc" in text(response)  # Vietnamese by default
    assert units_snapshot() == before


def test_form_messages_follow_the_chosen_language(admin_client_a, commune, settings):
    admin_client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client_a.post(f"/units/{commune.pk}/new/", {"name": "", "kind": UnitKind.CELL})
    assert response.status_code == 422 and "This field is required." in text(response)


def test_rename_records_the_effective_date_and_decision(admin_client_a, cell):
    response = admin_client_a.post(f"/units/{cell.pk}/edit/", {
        "name": "Chi bộ thôn Đông Bắc", "kind": UnitKind.CELL, "effective_on": "01/07/2025", "decision": "12-QĐ/ĐU",
    })
    assert response.status_code == 302
    change = UnitChange.objects.get(unit=cell, kind="renamed")
    assert (change.effective_on, change.decision) == (dt.date(2025, 7, 1), "12-QĐ/ĐU")
    assert "01/07/2025" in text(admin_client_a.get(f"/units/{cell.pk}/"))


def test_an_impossible_date_answers_422_and_keeps_it(admin_client_a, cell):
    response = admin_client_a.post(f"/units/{cell.pk}/edit/", {
        "name": "Chi bộ mới", "kind": UnitKind.CELL, "effective_on": "31/02/2025",
    })
    assert response.status_code == 422
    assert 'value="31/02/2025"' in text(response) and 'value="Chi bộ mới"' in text(response)
    cell.refresh_from_db()
    assert cell.name == "Chi bộ thôn Đông"


def test_moving_a_unit_under_its_own_subtree_is_refused_on_the_form(admin_client_a, commune, cell):
    grandchild = make_unit("Tổ đảng 1", UnitKind.CELL, cell)
    before = units_snapshot()
    response = admin_client_a.post(f"/units/{cell.pk}/move/", {"parent": grandchild.pk, "decision": "5-QĐ"})
    assert response.status_code == 422
    page = text(response)
    assert "cannot be moved under itself" in page
    assert "Choose a unit outside this unit" in page
    assert f'<option value="{grandchild.pk}" selected' in page and 'value="5-QĐ"' in page
    assert units_snapshot() == before


def test_admin_moves_a_unit(admin_client_a, commune, cell):
    other = make_unit("Chi bộ thôn Tây", UnitKind.CELL, commune)
    assert admin_client_a.post(f"/units/{cell.pk}/move/", {"parent": other.pk}).status_code == 302
    cell.refresh_from_db()
    assert cell.parent == other


def test_merge_asks_for_confirmation_then_merges(admin_client_a, commune, cell):
    other = make_unit("Chi bộ thôn Tây", UnitKind.CELL, commune)
    moved = PersonFactory(unit=other)
    form = {"sources": [other.pk], "effective_on": "01/07/2025", "decision": "Nghị quyết 3"}
    confirm = admin_client_a.post(f"/units/{cell.pk}/merge/", form)
    assert confirm.status_code == 200 and "Chi bộ thôn Tây" in text(confirm) and 'name="confirm"' in text(confirm)
    assert Unit.objects.get(pk=other.pk).status == UnitStatus.ACTIVE
    response = admin_client_a.post(f"/units/{cell.pk}/merge/", {**form, "confirm": "yes"})
    assert response.status_code == 302
    other.refresh_from_db()
    moved.refresh_from_db()
    assert other.status == UnitStatus.MERGED and other.merged_into == cell and moved.unit == cell


def test_merging_a_unit_into_its_own_sub_unit_is_refused(admin_client_a, commune, cell):
    before = units_snapshot()
    response = admin_client_a.post(f"/units/{cell.pk}/merge/", {"sources": [commune.pk], "confirm": "yes"})
    assert response.status_code == 422 and "cannot be merged into itself" in text(response)
    assert units_snapshot() == before


def test_dissolving_an_empty_unit(admin_client_a, cell):
    response = admin_client_a.post(f"/units/{cell.pk}/dissolve/", {"effective_on": "01/01/2026", "decision": "9"})
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.status == UnitStatus.DISSOLVED and cell.ended_on == dt.date(2026, 1, 1)


def test_deleting_a_unit_with_people_is_refused_with_the_reason(admin_client_a, cell):
    PersonFactory(unit=cell)
    before = units_snapshot()
    assert admin_client_a.get(f"/units/{cell.pk}/delete/").status_code == 200
    response = admin_client_a.post(f"/units/{cell.pk}/delete/")
    assert response.status_code == 422
    assert "cannot be deleted" in text(response) and "people are managed by it" in text(response)
    assert units_snapshot() == before


def test_deleting_an_empty_unit(admin_client_a, commune):
    mistake = make_unit("Chi bộ nhầm", UnitKind.CELL, commune)
    response = admin_client_a.post(f"/units/{mistake.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/units/{commune.pk}/"
    assert not Unit.objects.filter(pk=mistake.pk).exists()


@pytest.mark.parametrize("action", ["new", "edit", "move", "merge", "dissolve", "delete"])
def test_member_is_refused_every_unit_action_and_nothing_changes(member_client, cell, action):
    before = units_snapshot()
    assert member_client.get(f"/units/{cell.pk}/{action}/").status_code == 403
    assert member_client.post(f"/units/{cell.pk}/{action}/", {"name": "X", "kind": UnitKind.CELL}).status_code == 403
    assert units_snapshot() == before


@pytest.mark.parametrize("action", ["new", "edit", "move", "merge", "dissolve", "delete"])
def test_outsider_gets_404_on_unit_actions_of_another_commune(outsider_client, cell, sibling, action):
    before = units_snapshot()
    data = {"name": "X", "kind": UnitKind.CELL, "parent": sibling.pk, "sources": [sibling.pk], "confirm": "yes"}
    assert outsider_client.post(f"/units/{cell.pk}/{action}/", data).status_code == 404
    assert units_snapshot() == before


# --- People list -----------------------------------------------------------------------------


def test_search_without_diacritics_finds_the_person(admin_client_a, person, commune):
    PersonFactory(full_name="Trần Thị Cúc", unit=commune)
    page = text(admin_client_a.get("/people/", {"q": "nguyen van"}))
    assert "Nguyễn Văn An" in page and "Trần Thị Cúc" not in page


def test_live_search_answers_the_table_fragment(admin_client_a, person):
    response = admin_client_a.get("/people/", {"q": "nguyen van"}, HTTP_HX_REQUEST="true")
    assert "<html" not in text(response) and "Nguyễn Văn An" in text(response)


def test_citizen_id_is_searched_exactly(admin_client_a, unit_admin, commune):
    wanted = services.person_create(acting_user=unit_admin, unit_id=commune.pk,
                                    data={"full_name": "Hồ Thị Lan", "gender": "female", "citizen_id": "042090001234"})
    assert wanted.full_name in text(admin_client_a.get("/people/", {"q": "042090001234"}))
    assert wanted.full_name not in text(admin_client_a.get("/people/", {"q": "042090001235"}))


def test_people_filters(admin_client_a, commune, cell):
    member = PersonFactory(full_name="Đảng Viên Chính", unit=cell, gender="female")
    MembershipFactory(person=member, cell=cell)
    cadre = PersonFactory(full_name="Cán Bộ Xã", unit=commune)
    PostFactory(person=cadre, unit=commune, management_level="grassroots")
    assert "Đảng Viên Chính" in text(admin_client_a.get("/people/", {"membership": "full"}))
    assert "Cán Bộ Xã" not in text(admin_client_a.get("/people/", {"membership": "member"}))
    assert "Cán Bộ Xã" in text(admin_client_a.get("/people/", {"membership": "none"}))
    assert "Cán Bộ Xã" not in text(admin_client_a.get("/people/", {"gender": "female"}))
    assert "Cán Bộ Xã" in text(admin_client_a.get("/people/", {"management_level": "grassroots"}))
    only_cell = text(admin_client_a.get("/people/", {"unit": cell.pk}))
    assert "Đảng Viên Chính" in only_cell and "Cán Bộ Xã" not in only_cell


def test_the_unit_filter_defaults_to_the_working_unit(admin_client_a, commune, cell):
    PersonFactory(full_name="Người Ở Xã", unit=commune)
    admin_client_a.post("/unit/choose/", {"unit": cell.pk})
    page = text(admin_client_a.get("/people/"))
    assert f'<option value="{cell.pk}" selected' in page
    assert "Người Ở Xã" not in page
    assert "Người Ở Xã" in text(admin_client_a.get("/people/", {"unit": ""}))


def test_empty_state(admin_client_a, person):
    assert 'data-testid="people-empty"' in text(admin_client_a.get("/people/", {"q": "khong ai ten nay"}))


def test_people_are_paginated_by_50(admin_client_a, commune):
    for n in range(55):
        PersonFactory(full_name=f"Lê Văn Số{n:02d}", unit=commune)
    first = text(admin_client_a.get("/people/", {"q": "le van so"}))
    assert first.count("Lê Văn Số") == 50 and "page=2" in first
    assert text(admin_client_a.get("/people/", {"q": "le van so", "page": 2})).count("Lê Văn Số") == 5


@pytest.mark.parametrize("rows", [3, 30])
def test_people_list_query_count_does_not_grow_with_rows(admin_client_a, commune, rows,
                                                         django_assert_max_num_queries):
    for n in range(rows):
        PersonFactory(full_name=f"Phan Văn Hàng{n}", unit=commune)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = admin_client_a.get("/people/", {"q": "phan van hang"})
    assert text(response).count("Phan Văn Hàng") == rows


def test_member_cannot_open_the_people_list(member_client, person):
    assert member_client.get("/people/").status_code == 403
    assert member_client.get("/people/", {"export": "xlsx"}).status_code == 403


def test_outsider_does_not_see_people_of_another_commune(outsider_client, person):
    assert person.full_name not in text(outsider_client.get("/people/", {"unit": ""}))


def _sheet_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [row for row in workbook.active.iter_rows(values_only=True)]


def test_export_has_the_filtered_rows_and_no_citizen_id(admin_client_a, unit_admin, commune, cell):
    services.person_create(acting_user=unit_admin, unit_id=cell.pk, data={
        "full_name": "Nguyễn Văn Bảo", "gender": "male", "citizen_id": "042090009999",
        "birth_date": dt.date(1990, 2, 3)})
    PersonFactory(full_name="Trần Văn Cường", unit=commune)
    response = admin_client_a.get("/people/", {"q": "nguyen van", "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response)
    assert rows[0] == ("No.", "Full name", "Gender", "Birth date", "Managing unit", "Phone", "Email")
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn Bảo"]
    assert rows[1][3].date() == dt.date(1990, 2, 3)
    assert "042090009999" not in repr(rows)


def test_outsider_export_leaves_out_another_commune(outsider_client, person):
    rows = _sheet_rows(outsider_client.get("/people/", {"unit": "", "export": "xlsx"}))
    assert person.full_name not in [row[1] for row in rows]


# --- One person ------------------------------------------------------------------------------


@pytest.fixture
def identified(unit_admin, commune):
    return services.person_create(acting_user=unit_admin, unit_id=commune.pk, data={
        "full_name": "Nguyễn Thị Định", "gender": "female", "citizen_id": "042090005555"})


def test_person_detail_masks_the_citizen_id_until_revealed(admin_client_a, identified):
    page = text(admin_client_a.get(f"/people/{identified.pk}/"))
    assert "Nguyễn Thị Định" in page and "042090005555" not in page
    response = admin_client_a.post(f"/people/{identified.pk}/citizen-id/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "042090005555" in text(response)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="person.citizen_id_viewed", object_id=str(identified.pk)).exists()


def test_member_and_outsider_cannot_open_a_person_or_reveal_the_id(member_client, outsider_client, identified):
    assert member_client.get(f"/people/{identified.pk}/").status_code == 403
    assert member_client.post(f"/people/{identified.pk}/citizen-id/").status_code == 403
    assert outsider_client.get(f"/people/{identified.pk}/").status_code == 404
    assert outsider_client.post(f"/people/{identified.pk}/citizen-id/").status_code == 404
    assert not AuditEvent.objects.filter(action="person.citizen_id_viewed").exists()


def test_person_detail_lists_memberships_posts_and_follow_assignments(admin_client_a, commune, cell):
    leader = PersonFactory(full_name="Bùi Văn Lãnh", unit=commune)
    MembershipFactory(person=leader, cell=cell, card_number="55501")
    PostFactory(person=leader, unit=commune, title="Bí thư Đảng ủy", is_standing_committee=True)
    FollowAssignment.objects.create(person=leader, committee=commune, unit=cell, started_on=dt.date(2024, 1, 1))
    page = text(admin_client_a.get(f"/people/{leader.pk}/"))
    assert "55501" in page and "Bí thư Đảng ủy" in page and cell.name in page and "01/01/2024" in page


def test_admin_creates_a_person_with_a_photo_served_only_through_the_app(admin_client_a, outsider_client, commune,
                                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client_a.post("/people/new/", {
        "full_name": "Đỗ Thị Hạnh", "gender": "female", "birth_date": "05/09/1985", "unit": commune.pk,
        "photo": SimpleUploadedFile("hanh.png", PNG, content_type="image/png"),
    })
    person = Person.objects.get(full_name="Đỗ Thị Hạnh")
    assert response.status_code == 302 and person.birth_date == dt.date(1985, 9, 5)
    photo = admin_client_a.get(f"/people/{person.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == PNG
    assert outsider_client.get(f"/people/{person.pk}/photo/").status_code == 404


def test_invalid_person_form_answers_422_with_the_message_and_the_typed_values(admin_client_a, commune):
    response = admin_client_a.post("/people/new/", {
        "full_name": "Đỗ Văn Sai", "gender": "male", "phone": "12345", "unit": commune.pk,
    })
    assert response.status_code == 422
    page = text(response)
    assert "Enter a Vietnamese phone number" in page
    assert 'value="Đỗ Văn Sai"' in page and 'value="12345"' in page
    assert not Person.objects.filter(full_name="Đỗ Văn Sai").exists()


def test_a_duplicate_citizen_id_is_shown_on_its_field(admin_client_a, identified, commune):
    response = admin_client_a.post("/people/new/", {
        "full_name": "Người Trùng", "gender": "male", "citizen_id": "042090005555", "unit": commune.pk})
    assert response.status_code == 422 and "Another person already has this citizen ID" in text(response)


def test_edit_keeps_the_citizen_id_when_left_blank(admin_client_a, identified, commune):
    old_hash = identified.citizen_id_hash
    response = admin_client_a.post(f"/people/{identified.pk}/edit/", {
        "full_name": "Nguyễn Thị Định Mới", "gender": "female", "unit": commune.pk})
    assert response.status_code == 302
    identified.refresh_from_db()
    assert identified.full_name == "Nguyễn Thị Định Mới" and identified.citizen_id_hash == old_hash


def test_member_and_outsider_cannot_edit_or_delete_a_person(member_client, outsider_client, person, commune):
    before = person_snapshot(person)
    data = {"full_name": "Đổi Tên", "gender": "male", "unit": commune.pk}
    assert member_client.post(f"/people/{person.pk}/edit/", data).status_code == 403
    assert outsider_client.post(f"/people/{person.pk}/edit/", data).status_code == 404
    assert member_client.post(f"/people/{person.pk}/delete/").status_code == 403
    assert outsider_client.post(f"/people/{person.pk}/delete/").status_code == 404
    assert member_client.get("/people/new/").status_code == 403
    assert person_snapshot(person) == before


def test_deleting_a_person_with_records_is_refused_with_the_reason(admin_client_a, person, cell):
    MembershipFactory(person=person, cell=cell)
    response = admin_client_a.post(f"/people/{person.pk}/delete/")
    assert response.status_code == 422 and "party membership records" in text(response)
    assert Person.objects.filter(pk=person.pk).exists()


def test_deleting_a_person_without_records(admin_client_a, person):
    assert admin_client_a.post(f"/people/{person.pk}/delete/").status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_membership_is_added_edited_and_ended(admin_client_a, person, cell):
    response = admin_client_a.post(f"/people/{person.pk}/memberships/new/", {
        "cell": cell.pk, "card_number": "77701", "joined_on": "26/03/2010"})
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.status == "probationary" and membership.joined_on == dt.date(2010, 3, 26)
    response = admin_client_a.post(f"/memberships/{membership.pk}/edit/", {
        "cell": cell.pk, "card_number": "77701", "joined_on": "26/03/2010", "full_member_on": "26/03/2011"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "full"
    response = admin_client_a.post(f"/memberships/{membership.pk}/end/", {"ended_on": "01/01/2025",
                                                                          "reason": "Chuyển sinh hoạt"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "ended" and membership.end_reason == "Chuyển sinh hoạt"


def test_full_membership_before_joining_is_refused_on_the_form(admin_client_a, person, cell):
    response = admin_client_a.post(f"/people/{person.pk}/memberships/new/", {
        "cell": cell.pk, "joined_on": "26/03/2010", "full_member_on": "01/01/2009"})
    assert response.status_code == 422
    assert "full member after joining" in text(response) and 'value="2009-01-01"' in text(response)
    assert not Membership.objects.filter(person=person).exists()


def test_post_is_added_edited_and_deleted(admin_client_a, person, commune):
    data = {"unit": commune.pk, "title": "Phó Bí thư", "management_level": "grassroots", "started_on": "01/10/2020"}
    assert admin_client_a.post(f"/people/{person.pk}/posts/new/", data).status_code == 302
    post = Post.objects.get(person=person)
    response = admin_client_a.post(f"/posts/{post.pk}/edit/", {**data, "title": "Bí thư"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Bí thư"
    assert admin_client_a.post(f"/posts/{post.pk}/delete/").status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_post_ending_before_it_began_is_refused(admin_client_a, person, commune):
    response = admin_client_a.post(f"/people/{person.pk}/posts/new/", {
        "unit": commune.pk, "title": "Bí thư", "management_level": "none", "started_on": "01/10/2020",
        "ended_on": "01/10/2019"})
    assert response.status_code == 422 and "cannot end before it began" in text(response)
    assert not Post.objects.filter(person=person).exists()


def test_member_and_outsider_cannot_touch_memberships_or_posts(member_client, outsider_client, person, commune, cell):
    membership = MembershipFactory(person=person, cell=cell)
    post = PostFactory(person=person, unit=commune)
    before = (list(Membership.objects.values()), list(Post.objects.values()))
    assert member_client.post(f"/memberships/{membership.pk}/end/", {"ended_on": "01/01/2025", "reason": "x"}
                              ).status_code == 403
    assert outsider_client.post(f"/memberships/{membership.pk}/end/", {"ended_on": "01/01/2025", "reason": "x"}
                                ).status_code == 404
    assert member_client.post(f"/posts/{post.pk}/delete/").status_code == 403
    assert outsider_client.post(f"/posts/{post.pk}/delete/").status_code == 404
    assert outsider_client.post(f"/people/{person.pk}/posts/new/", {"unit": commune.pk, "title": "X",
                                                                      "started_on": "01/01/2020"}).status_code == 404
    assert (list(Membership.objects.values()), list(Post.objects.values())) == before


def test_follow_assignment_is_made_and_ended(admin_client_a, person, commune, cell):
    PostFactory(person=person, unit=commune, is_standing_committee=True)
    response = admin_client_a.post(f"/people/{person.pk}/follow/new/", {"unit": cell.pk, "started_on": "01/02/2024"})
    assert response.status_code == 302
    assignment = FollowAssignment.objects.get(person=person)
    assert assignment.unit == cell and assignment.committee == commune
    assert admin_client_a.post(f"/follow/{assignment.pk}/end/", {"ended_on": "01/02/2025"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on == dt.date(2025, 2, 1)


def test_follow_assignment_for_someone_outside_the_standing_committee_is_refused(admin_client_a, person, cell):
    response = admin_client_a.post(f"/people/{person.pk}/follow/new/", {"unit": cell.pk, "started_on": "01/02/2024"})
    assert response.status_code == 422 and "Standing Committee member" in text(response)
    assert not FollowAssignment.objects.exists()


def test_every_page_declares_its_permission():
    from neuguong.orgs.urls import urlpatterns

    undeclared = [p.name for p in urlpatterns if not getattr(p.callback, "permission", None)]
    assert undeclared == []
