"""The study pages: who sees which buttons, the steps through their pages, the downloads, the
roll-up and the query counts of the list pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.study import selectors, services
from neuguong.study.models import ItemStatus, PlanItem, ProgressReport, ThemeDocument

from .conftest import DOCX, add_item, client_for, in_year, this_year, upload


def test_the_plan_list_shows_commune_as_plans_to_its_admin_and_not_to_the_outsider(plan, admin_client_a,
                                                                                   outsider_client):
    page = admin_client_a.get("/study/plans/").content.decode()
    assert "Kế hoạch thử của xã Thạch Hà" in page and 'data-testid="plan-create"' in page
    assert "Kế hoạch thử của xã Thạch Hà" not in outsider_client.get("/study/plans/").content.decode()
    assert outsider_client.get(f"/study/plans/{plan.pk}/").status_code == 404


def test_the_plan_list_filters_by_year_status_and_unit(plan, admin_client_a, commune, cell):
    found = admin_client_a.get(f"/study/plans/?year={this_year()}&status=draft&unit={commune.pk}")
    assert "Kế hoạch thử của xã Thạch Hà" in found.content.decode()
    for query in (f"year={this_year() - 1}", "status=approved", f"unit={cell.pk}"):
        assert "Kế hoạch thử của xã Thạch Hà" not in admin_client_a.get(f"/study/plans/?{query}").content.decode()


def test_the_plan_list_downloads_its_rows(plan, admin_client_a):
    response = admin_client_a.get("/study/plans/?export=csv")
    assert response.status_code == 200
    assert "Kế hoạch thử của xã Thạch Hà" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_draft_plan_offers_the_leader_approval_and_propaganda_staff_only_writing(plan, item, propagandist,
                                                                                   leader):
    admin_page = client_for(propagandist).get(f"/study/plans/{plan.pk}/").content.decode()
    leader_page = client_for(leader).get(f"/study/plans/{plan.pk}/").content.decode()
    assert 'data-action="plan-approve"' in leader_page and 'data-action="item-add"' not in leader_page
    assert 'data-action="plan-approve"' not in admin_page and 'data-action="item-add"' in admin_page
    assert 'data-action="start"' not in admin_page  # a draft's items are not carried out yet


def test_an_approved_plan_offers_the_item_steps_to_its_admin_only(approved, item, unit_admin, leader):
    admin_page = client_for(unit_admin).get(f"/study/plans/{approved.pk}/").content.decode()
    leader_page = client_for(leader).get(f"/study/plans/{approved.pk}/").content.decode()
    for action in ("start", "complete", "cancel", "report"):
        assert f'data-action="{action}"' in admin_page
        assert f'data-action="{action}"' not in leader_page
    assert 'data-action="plan-close"' not in admin_page  # the year has not ended


def test_the_leader_approves_through_the_page(plan, item, leader):
    client = client_for(leader)
    assert client.get(f"/study/plans/{plan.pk}/approve/").status_code == 200
    response = client.post(f"/study/plans/{plan.pk}/approve/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_propaganda_staff_cannot_open_the_approval_page(plan, item, propagandist):
    assert client_for(propagandist).post(f"/study/plans/{plan.pk}/approve/").status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_cancelling_an_item_through_its_page_needs_a_reason(approved, item, admin_client_a):
    assert admin_client_a.post(f"/study/plan-items/{item.pk}/cancel/", {"reason": ""}).status_code == 422
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED
    assert admin_client_a.post(f"/study/plan-items/{item.pk}/cancel/", {"reason": "Gộp"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.CANCELLED


def test_a_step_no_longer_open_says_why_instead_of_a_form(approved, item, unit_admin, admin_client_a):
    services.item_complete(item_id=item.pk, acting_user=unit_admin)
    response = admin_client_a.get(f"/study/plan-items/{item.pk}/start/")
    assert response.status_code == 302


def test_an_item_is_added_with_a_free_text_owner(plan, admin_client_a):
    response = admin_client_a.post(f"/study/plans/{plan.pk}/items/new/", {
        "content": "Tọa đàm nêu gương", "owner_name": "Đoàn Thanh niên", "due_on": in_year(12, 1).isoformat()})
    assert response.status_code == 302
    assert PlanItem.objects.get().owner == "Đoàn Thanh niên"


def test_a_progress_report_with_a_disguised_file_is_refused_on_its_page(approved, item, admin_client_a):
    response = admin_client_a.post(f"/study/plan-items/{item.pk}/reports/new/",
                                   {"text": "Đã làm", "file": upload("bao-cao.pdf", DOCX)})
    assert response.status_code == 422
    assert "is not a PDF or DOCX file" in response.content.decode() or "named like" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_report_file_downloads_for_the_unit_and_not_for_the_outsider(approved, item, unit_admin, admin_client_a,
                                                                       outsider_client):
    report = services.report_add(item_id=item.pk, text="Đã làm", upload=upload("bao-cao.pdf"),
                                 acting_user=unit_admin)
    response = admin_client_a.get(f"/study/progress-reports/{report.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert outsider_client.get(f"/study/progress-reports/{report.pk}/file/").status_code == 404


def test_a_theme_and_its_documents_are_read_by_the_commune_below(theme, propagandist, admin_client_a,
                                                                 outsider_client):
    document = services.theme_document_add(theme_id=theme.pk, title="Hướng dẫn", upload=upload(),
                                           acting_user=propagandist)
    page = admin_client_a.get(f"/study/themes/{theme.pk}/").content.decode()
    assert "Chuyên đề thử nghiệm của tỉnh" in page and 'data-testid="document-create"' not in page
    assert admin_client_a.get(f"/study/theme-documents/{document.pk}/").status_code == 200
    assert "Chuyên đề thử nghiệm của tỉnh" in outsider_client.get("/study/themes/").content.decode()


def test_propaganda_staff_upload_a_document_on_the_theme_page(theme, propagandist):
    client = client_for(propagandist)
    assert 'data-testid="document-create"' in client.get(f"/study/themes/{theme.pk}/").content.decode()
    response = client.post(f"/study/themes/{theme.pk}/documents/new/",
                           {"title": "Đề cương", "file": upload("de-cuong.docx", DOCX)})
    assert response.status_code == 302
    assert ThemeDocument.objects.get().original_name == "de-cuong.docx"


def test_a_member_sees_the_themes_but_no_button_to_write(theme, member_client):
    page = member_client.get("/study/themes/").content.decode()
    assert "Chuyên đề thử nghiệm của tỉnh" in page and 'data-testid="theme-create"' not in page
    assert member_client.get("/study/themes/new/").status_code == 403


def test_the_rollup_counts_done_and_overdue_items_of_each_commune(approved, item, unit_admin, leader, province):
    past = timezone.localdate() - dt.timedelta(days=1)
    if past.year == this_year():
        add_item(approved, unit_admin, due_on=past, content="Quá hạn")
    services.item_complete(item_id=item.pk, acting_user=unit_admin)
    client = client_for(leader)
    page = client.get(f"/study/rollup/?year={this_year()}&unit={province.pk}").content.decode()
    assert "Đảng bộ xã Thạch Hà" in page
    rows, total = selectors.rollup(leader, year=this_year(), unit=province)
    assert (total.done, total.items) == (1, 2 if past.year == this_year() else 1)
    assert rows[0].unit.name == "Đảng bộ xã Thạch Hà"
    download = client.get(f"/study/rollup/?year={this_year()}&unit={province.pk}&export=csv")
    assert "Đảng bộ xã Thạch Hà" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_the_rollup_opens_on_this_years_figures_with_the_year_filled_in(leader):
    page = client_for(leader).get("/study/rollup/").content.decode()
    assert f'name="year" value="{this_year()}"' in page


def test_the_items_download_holds_the_plans_items(approved, item, admin_client_a):
    response = admin_client_a.get(f"/study/plans/{approved.pk}/items.xlsx?format=csv")
    assert "Tổ chức hội nghị quán triệt" in b"".join(response.streaming_content).decode("utf-8-sig")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/study/plans/", "/study/themes/", "/study/rollup/"])
def test_the_query_count_of_a_list_does_not_grow_with_its_rows(url, theme, unit_admin, commune, cell, leader):
    client = client_for(leader)
    first = services.plan_create(unit_id=commune.pk, theme_id=theme.pk, title="Một", acting_user=unit_admin)
    add_item(first, unit_admin)
    few = _queries(client, url)
    for number in range(3):
        other = services.theme_create(unit_id=commune.pk, year=this_year(), level="provincial",
                                      title=f"Chuyên đề {number}", acting_user=unit_admin)
        more = services.plan_create(unit_id=cell.pk, theme_id=other.pk, title=f"Kế hoạch {number}",
                                    acting_user=unit_admin)
        add_item(more, unit_admin)
    assert _queries(client, url) == few


def test_the_plan_page_reads_a_bounded_number_of_queries(approved, unit_admin, admin_client_a):
    few = _queries(admin_client_a, f"/study/plans/{approved.pk}/")
    for number in range(3):
        add_item(approved, unit_admin, content=f"Nội dung {number}")
    assert _queries(admin_client_a, f"/study/plans/{approved.pk}/") == few


def test_the_navigation_offers_study_in_vietnamese_to_members_and_not_to_tellers(member, commune):
    client = Client()  # Vietnamese, the default
    client.force_login(member)
    assert 'href="/study/"' in client.get("/").content.decode()
    assert "Học tập và làm theo" in client.get("/study/plans/").content.decode()
    teller = UserFactory(username="teller_s", person=PersonFactory(unit=commune))
    grant(teller, Role.TELLER, commune)
    client.force_login(teller)
    assert 'href="/study/"' not in client.get("/").content.decode()
    assert client.get("/study/plans/").status_code == 403


def test_propaganda_staff_correct_a_theme_from_its_page(theme, propagandist):
    client = client_for(propagandist)
    assert 'data-testid="theme-edit"' in client.get(f"/study/themes/{theme.pk}/").content.decode()
    form = client.get(f"/study/themes/{theme.pk}/edit/").content.decode()
    assert "Chuyên đề thử nghiệm của tỉnh" in form
    response = client.post(f"/study/themes/{theme.pk}/edit/", {"year": theme.year, "level": "central",
                                                               "title": "Chuyên đề toàn khoá", "summary": ""})
    assert response.status_code == 302 and response["Location"] == f"/study/themes/{theme.pk}/"
    theme.refresh_from_db()
    assert (theme.level, theme.title, theme.summary) == ("central", "Chuyên đề toàn khoá", "")


def test_the_commune_reads_the_provinces_theme_without_a_change_button(theme, admin_client_a):
    assert 'data-testid="theme-edit"' not in admin_client_a.get(f"/study/themes/{theme.pk}/").content.decode()
    assert admin_client_a.get(f"/study/themes/{theme.pk}/edit/").status_code == 403
    assert admin_client_a.get(f"/study/themes/{theme.pk}/documents/new/").status_code == 403
    response = admin_client_a.post(f"/study/themes/{theme.pk}/edit/", {"year": theme.year, "level": "central",
                                                                       "title": "Của xã"})
    assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.title == "Chuyên đề thử nghiệm của tỉnh"
