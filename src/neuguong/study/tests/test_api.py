"""The study API: themes, plans, items and their steps, reports and the roll-up, scoped like the
pages (out of scope answers 404 like a missing record)."""

from django.utils import timezone

from neuguong.study.models import ItemStatus, Plan, PlanItem, ThemeDocument

from .conftest import client_for, in_year, this_year, upload

JSON = "application/json"


def test_a_plan_is_created_filled_and_read_back_with_the_callers_steps(theme, unit_admin, leader, commune):
    admin = client_for(unit_admin)
    created = admin.post("/api/v1/study-plans", {"unit_id": commune.pk, "theme_id": theme.pk,
                                                 "title": "Kế hoạch qua API"}, content_type=JSON)
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    item = admin.post(f"/api/v1/study-plans/{plan_id}/items", {"content": "Hội nghị", "owner_name": "Văn phòng",
                                                                "due_on": in_year(11, 20).isoformat()},
                      content_type=JSON)
    assert item.status_code == 201, item.content
    assert client_for(leader).get(f"/api/v1/study-plans/{plan_id}").json()["allowed_actions"] == ["approve"]
    assert client_for(leader).post(f"/api/v1/study-plans/{plan_id}/approve").json()["status"] == "approved"
    detail = admin.get(f"/api/v1/study-plans/{plan_id}").json()
    assert detail["items"][0]["allowed_actions"] == ["start", "complete", "cancel"]


def test_item_steps_and_reports_through_the_api(approved, item, unit_admin):
    admin = client_for(unit_admin)
    report = admin.post(f"/api/v1/study-plan-items/{item.pk}/reports", {"text": "Đã làm một phần"},
                        content_type=JSON)
    assert report.status_code == 201 and report.json()["has_file"] is False
    done = admin.post(f"/api/v1/study-plan-items/{item.pk}/complete", {}, content_type=JSON)
    assert (done.json()["status"], done.json()["done_on"]) == ("done", timezone.localdate().isoformat())
    again = admin.post(f"/api/v1/study-plan-items/{item.pk}/cancel", {"reason": "Muộn"}, content_type=JSON)
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_an_outsider_gets_the_same_404_as_for_a_missing_plan(approved, item, outsider):
    client = client_for(outsider)
    missing = client.get("/api/v1/study-plans/999999")
    assert client.get(f"/api/v1/study-plans/{approved.pk}").status_code == missing.status_code == 404
    assert client.get(f"/api/v1/study-plans/{approved.pk}").json() == missing.json()
    assert client.post(f"/api/v1/study-plan-items/{item.pk}/start").status_code == 404
    assert client.get("/api/v1/study-plans").json()["items"] == []
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_a_member_may_not_create_a_plan(theme, member, cell):
    response = client_for(member).post("/api/v1/study-plans", {"unit_id": cell.pk, "theme_id": theme.pk,
                                                               "title": "Không được"}, content_type=JSON)
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_an_item_with_a_deadline_out_of_the_year_is_422_and_not_written(plan, unit_admin):
    response = client_for(unit_admin).post(f"/api/v1/study-plans/{plan.pk}/items", {
        "content": "X", "owner_name": "Y", "due_on": f"{this_year() + 1}-02-01"}, content_type=JSON)
    assert response.status_code == 422 and "due_on" in response.json()["errors"]
    assert not PlanItem.objects.exists()


def test_themes_and_the_rollup_are_answered_for_the_callers_scope(approved, item, theme, unit_admin, commune):
    client = client_for(unit_admin)
    assert [t["title"] for t in client.get("/api/v1/study-themes").json()["items"]] == [theme.title]
    rollup = client.get(f"/api/v1/study-rollup?year={this_year()}&unit_id={commune.pk}").json()
    assert rollup["total"]["items"] == 1 and rollup["rows"][0]["unit_name"] == "Đảng bộ xã Thạch Hà"


def test_the_rollup_of_a_unit_out_of_scope_is_404(outsider, commune):
    assert client_for(outsider).get(f"/api/v1/study-rollup?year={this_year()}&unit_id={commune.pk}").status_code == 404


def test_a_theme_is_corrected_and_given_a_document_through_the_api(theme, propagandist):
    client = client_for(propagandist)
    changed = client.put(f"/api/v1/study-themes/{theme.pk}", {"year": theme.year, "level": "central",
                                                              "title": "Chuyên đề qua API"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["title"] == "Chuyên đề qua API"
    added = client.post(f"/api/v1/study-themes/{theme.pk}/documents",
                        {"title": "Hướng dẫn", "file": upload("huong-dan.pdf")})
    assert added.status_code == 201, added.content
    document = added.json()
    assert (document["original_name"], document["content_type"]) == ("huong-dan.pdf", "application/pdf")
    listed = client.get(f"/api/v1/study-themes/{theme.pk}").json()["documents"]
    assert [d["id"] for d in listed] == [document["id"]]
    downloaded = client.get(f"/api/v1/study-theme-documents/{document['id']}")
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content).startswith(b"%PDF-")


def test_a_document_that_is_not_a_pdf_is_422_through_the_api_and_not_kept(theme, propagandist):
    response = client_for(propagandist).post(f"/api/v1/study-themes/{theme.pk}/documents",
                                             {"title": "Ảnh", "file": upload("anh.pdf", b"\x89PNG\r\n\x1a\n0")})
    assert response.status_code == 422 and "file" in response.json()["errors"]
    assert not ThemeDocument.objects.exists()


def test_a_member_may_neither_change_a_theme_nor_add_to_it(theme, member):
    # The member reads the province's theme but writes nothing in the province: 404, as for a missing theme.
    client = client_for(member)
    assert client.get(f"/api/v1/study-themes/{theme.pk}").status_code == 200
    assert client.put(f"/api/v1/study-themes/{theme.pk}", {"year": theme.year, "level": "central",
                                                           "title": "Không"}, content_type=JSON).status_code == 404
    assert client.post(f"/api/v1/study-themes/{theme.pk}/documents",
                       {"title": "Tệp", "file": upload()}).status_code == 404
    theme.refresh_from_db()
    assert theme.title == "Chuyên đề thử nghiệm của tỉnh" and not ThemeDocument.objects.exists()
