"""The study services: themes and their documents, plans, items and their steps through the
lifecycle engine, and progress reports; each refusal writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.core.models import StateChange
from neuguong.study import services
from neuguong.study.models import ItemStatus, Plan, PlanItem, PlanStatus, ProgressReport, Theme, ThemeDocument

from .conftest import DOCX, add_item, in_year, this_year, upload


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_a_theme_is_entered_by_propaganda_staff_and_audited(propagandist, province):
    theme = services.theme_create(unit_id=province.pk, year=this_year(), level="central", title="  Chuyên đề  ",
                                  acting_user=propagandist)
    assert (theme.unit, theme.level, theme.title) == (province, "central", "Chuyên đề")
    assert _actions()[-1] == "study_theme.created"


def test_a_member_cannot_enter_a_theme(member, cell):
    with pytest.raises(PermissionDeniedError):
        services.theme_create(unit_id=cell.pk, year=this_year(), level="central", title="X", acting_user=member)
    assert not Theme.objects.exists()


def test_a_theme_with_a_year_out_of_range_is_refused(propagandist, province):
    with pytest.raises(ServiceError) as refused:
        services.theme_create(unit_id=province.pk, year=1900, level="central", title="X", acting_user=propagandist)
    assert "year" in refused.value.field_errors
    assert not Theme.objects.exists()


def test_a_pdf_and_a_docx_are_kept_as_guidance_documents(theme, propagandist):
    pdf = services.theme_document_add(theme_id=theme.pk, title="Hướng dẫn", upload=upload(),
                                      acting_user=propagandist)
    docx = services.theme_document_add(theme_id=theme.pk, title="Đề cương", upload=upload("de-cuong.docx", DOCX),
                                       acting_user=propagandist)
    assert (pdf.content_type, docx.original_name) == ("application/pdf", "de-cuong.docx")
    assert pdf.file.read().startswith(b"%PDF-")
    assert _actions()[-1] == "study_theme.document_added"


@pytest.mark.parametrize(("name", "content"), [("anh.png", b"\x89PNG\r\n\x1a\n0000"), ("gia.pdf", DOCX),
                                               ("rong.pdf", b"")])
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(theme, propagandist, name, content):
    before = _actions()
    with pytest.raises(ServiceError) as refused:
        services.theme_document_add(theme_id=theme.pk, title="Tệp", upload=upload(name, content),
                                    acting_user=propagandist)
    assert "file" in refused.value.field_errors
    assert not ThemeDocument.objects.exists()
    assert _actions() == before


def test_a_commune_plans_for_its_provinces_theme_as_a_draft(plan, commune, theme):
    assert (plan.unit, plan.theme, plan.year, plan.status) == (commune, theme, this_year(), PlanStatus.DRAFT)


def test_a_second_plan_for_the_same_theme_is_refused(plan, theme, unit_admin, commune):
    with pytest.raises(ServiceError, match="already has a plan"):
        services.plan_create(unit_id=commune.pk, theme_id=theme.pk, title="Lần hai", acting_user=unit_admin)
    assert Plan.objects.count() == 1


def test_a_theme_of_another_commune_cannot_be_planned(unit_admin, outsider, sibling, commune):
    other = services.theme_create(unit_id=sibling.pk, year=this_year(), level="provincial", title="Của xã bên",
                                  acting_user=outsider)
    with pytest.raises(ServiceError) as refused:
        services.plan_create(unit_id=commune.pk, theme_id=other.pk, title="X", acting_user=unit_admin)
    assert "theme_id" in refused.value.field_errors
    assert not Plan.objects.exists()


def test_an_outsider_gets_404_on_a_plan_of_commune_a(plan, outsider):
    with pytest.raises(NotFound):
        services.item_add(plan_id=plan.pk, content="X", owner_name="Y", due_on=timezone.localdate(),
                          acting_user=outsider)
    assert not PlanItem.objects.exists()


def test_an_item_needs_an_owner_and_a_deadline_in_the_plans_year(plan, unit_admin):
    with pytest.raises(ServiceError) as refused:
        services.item_add(plan_id=plan.pk, content="Nội dung", owner_name="", due_on=dt.date(this_year() + 1, 1, 5),
                          acting_user=unit_admin)
    assert set(refused.value.field_errors) == {"owner_name", "due_on"}
    assert not PlanItem.objects.exists()


def test_an_item_may_be_owned_by_a_person_of_the_unit(plan, unit_admin, person):
    item = services.item_add(plan_id=plan.pk, content="Nội dung", owner_person_id=person.pk,
                             due_on=timezone.localdate(), acting_user=unit_admin)
    assert item.owner == "Nguyễn Văn An"


def test_a_person_of_another_commune_cannot_own_an_item(plan, unit_admin, sibling_person):
    with pytest.raises(ServiceError) as refused:
        services.item_add(plan_id=plan.pk, content="Nội dung", owner_person_id=sibling_person.pk,
                          due_on=timezone.localdate(), acting_user=unit_admin)
    assert "owner_person_id" in refused.value.field_errors


def test_a_draft_plan_without_items_cannot_be_approved(plan, leader):
    with pytest.raises(TransitionRefused):
        services.plan_approve(plan_id=plan.pk, acting_user=leader)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not StateChange.objects.exists()


def test_propaganda_staff_write_plans_but_do_not_approve_them(plan, item, propagandist):
    with pytest.raises(PermissionDeniedError):
        services.plan_approve(plan_id=plan.pk, acting_user=propagandist)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on) == (PlanStatus.DRAFT, None)


def test_a_leader_approves_a_plan_with_its_date_and_history(approved, leader):
    assert (approved.status, approved.approved_by, approved.approved_on) == (
        PlanStatus.APPROVED, leader, timezone.localdate())
    assert [change.transition for change in history_of(approved)] == ["approve"]
    assert "study_plan.approved" in _actions()


def test_an_approved_plan_is_not_closed_before_its_year_ends(approved, unit_admin):
    with pytest.raises(TransitionRefused, match="after its year ends"):
        services.plan_close(plan_id=approved.pk, acting_user=unit_admin)
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED


def test_an_approved_plan_is_closed_after_its_year(approved, unit_admin, monkeypatch):
    next_year = dt.date(this_year() + 1, 1, 2)
    monkeypatch.setattr(timezone, "localdate", lambda: next_year)
    closed = services.plan_close(plan_id=approved.pk, acting_user=unit_admin)
    assert closed.status == PlanStatus.CLOSED
    with pytest.raises(ServiceError, match="closed"):
        add_item(closed, unit_admin, due_on=in_year(6, 1))


def test_items_of_a_draft_plan_are_not_carried_out(item, unit_admin):
    with pytest.raises(TransitionRefused, match="approved"):
        services.item_start(item_id=item.pk, acting_user=unit_admin)
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_an_item_is_started_then_done_with_its_date(approved, item, unit_admin):
    services.item_start(item_id=item.pk, acting_user=unit_admin)
    done = services.item_complete(item_id=item.pk, acting_user=unit_admin)
    assert (done.status, done.done_on) == (ItemStatus.DONE, timezone.localdate())
    assert [change.transition for change in history_of(done)] == ["start", "complete"]


def test_a_done_date_in_the_future_is_refused_and_nothing_changes(approved, item, unit_admin):
    with pytest.raises(ServiceError) as refused:
        services.item_complete(item_id=item.pk, done_on=timezone.localdate() + dt.timedelta(days=1),
                               acting_user=unit_admin)
    assert "done_on" in refused.value.field_errors
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ItemStatus.PLANNED, None)


def test_an_item_is_cancelled_only_with_a_reason(approved, item, unit_admin):
    with pytest.raises(ServiceError) as refused:
        services.item_cancel(item_id=item.pk, reason="  ", acting_user=unit_admin)
    assert "reason" in refused.value.field_errors
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED
    cancelled = services.item_cancel(item_id=item.pk, reason="Gộp nội dung", acting_user=unit_admin)
    assert cancelled.status == ItemStatus.CANCELLED
    assert history_of(cancelled).get().data["reason"] == "Gộp nội dung"


def test_a_done_item_cannot_be_cancelled(approved, item, unit_admin):
    services.item_complete(item_id=item.pk, acting_user=unit_admin)
    with pytest.raises(TransitionRefused):
        services.item_cancel(item_id=item.pk, reason="Muộn", acting_user=unit_admin)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_a_member_of_a_cell_does_not_reach_the_communes_items(approved, item, member):
    with pytest.raises(NotFound):
        services.item_start(item_id=item.pk, acting_user=member)
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_a_progress_report_with_a_file_starts_a_planned_item(approved, item, unit_admin):
    report = services.report_add(item_id=item.pk, text="Đã tổ chức ở 5 chi bộ", upload=upload("bao-cao.pdf"),
                                 acting_user=unit_admin)
    item.refresh_from_db()
    assert (report.reported_on, report.original_name, item.status) == (
        timezone.localdate(), "bao-cao.pdf", ItemStatus.IN_PROGRESS)
    assert {"study_item.reported", "study_item.started"} <= set(_actions())


def test_a_report_on_a_draft_plan_is_refused_and_nothing_is_written(item, unit_admin):
    with pytest.raises(ServiceError, match="approved"):
        services.report_add(item_id=item.pk, text="Sớm", acting_user=unit_admin)
    assert not ProgressReport.objects.exists()


def test_a_report_with_a_disguised_file_is_refused_and_nothing_is_written(approved, item, unit_admin):
    with pytest.raises(ServiceError):
        services.report_add(item_id=item.pk, text="Có tệp", upload=upload("bao-cao.docx", b"MZ\x90\x00"),
                            acting_user=unit_admin)
    item.refresh_from_db()
    assert (ProgressReport.objects.count(), item.status) == (0, ItemStatus.PLANNED)


def test_only_a_draft_plan_is_edited(approved, unit_admin):
    with pytest.raises(ServiceError, match="draft"):
        services.plan_update(plan_id=approved.pk, title="Đổi", acting_user=unit_admin)
    approved.refresh_from_db()
    assert approved.title == "Kế hoạch thử của xã Thạch Hà"


def test_a_theme_is_corrected_and_only_what_changed_is_audited(theme, propagandist):
    services.theme_update(theme_id=theme.pk, year=theme.year, level="central", title="Chuyên đề đã sửa",
                          summary="Tóm tắt", acting_user=propagandist)
    theme.refresh_from_db()
    assert (theme.level, theme.title) == ("central", "Chuyên đề đã sửa")
    event = AuditEvent.objects.order_by("seq").last()
    assert event.action == "study_theme.updated"
    assert event.after == {"level": "central", "title": "Chuyên đề đã sửa"}
    assert event.before == {"level": "provincial", "title": "Chuyên đề thử nghiệm của tỉnh"}


def test_saving_a_theme_unchanged_writes_no_audit_event(theme, propagandist):
    before = _actions()
    services.theme_update(theme_id=theme.pk, year=theme.year, level=theme.level, title=theme.title,
                          summary=theme.summary, acting_user=propagandist)
    assert _actions() == before


def test_a_themes_year_stays_once_a_unit_has_planned_for_it(plan, theme, propagandist):
    before = _actions()
    with pytest.raises(ServiceError) as refused:
        services.theme_update(theme_id=theme.pk, year=theme.year + 1, level=theme.level, title="Tên mới",
                              acting_user=propagandist)
    assert "year" in refused.value.field_errors
    theme.refresh_from_db()
    assert (theme.year, theme.title) == (this_year(), "Chuyên đề thử nghiệm của tỉnh")
    assert _actions() == before


def test_a_commune_cannot_change_the_provinces_theme_it_reads(theme, unit_admin):
    # Read below its committee, written only inside it: out of the writer's scope is a 404.
    with pytest.raises(NotFound):
        services.theme_update(theme_id=theme.pk, year=theme.year, level=theme.level, title="Của xã",
                              acting_user=unit_admin)
    theme.refresh_from_db()
    assert theme.title == "Chuyên đề thử nghiệm của tỉnh"


def test_a_theme_cannot_lose_its_title(theme, propagandist):
    with pytest.raises(ServiceError) as refused:
        services.theme_update(theme_id=theme.pk, year=theme.year, level=theme.level, title="   ",
                              acting_user=propagandist)
    assert "title" in refused.value.field_errors
    theme.refresh_from_db()
    assert theme.title == "Chuyên đề thử nghiệm của tỉnh"
