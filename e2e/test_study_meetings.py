"""A cell's secretary schedules the month's meeting, records who attended (one absent with leave,
with the reason), the study content and the manifestations discussed with the cell's conclusion,
approves the minutes and then finds the meeting read-only; a member of the cell sees the meeting
but not the cell's conclusions."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant
from neuguong.study.models import Attendance, Meeting, MeetingStatus

pytestmark = pytest.mark.e2e

PASSWORD = "Bi-thu-chi-bo-2026"  # noqa: S105 (a test account's password)
CONCLUSION = "Chi bộ chưa phát hiện biểu hiện nói không đi đôi với làm"


@pytest.fixture
def secretary(cell):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    person = PersonFactory(full_name="Bùi Văn Thư", unit=cell)
    MembershipFactory(person=person, cell=cell)
    user = UserFactory(username="bithu", person=person)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.LEADER, cell)
    return user


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def submit(page) -> None:
    page.locator("form.stacked button[type=submit]").click()


def test_a_secretary_runs_the_meeting_to_approved_read_only_minutes(new_page, live_server, secretary, member, cell):
    page = new_page(width=390, height=844)
    log_in(page, "bithu")
    page.goto("/study/meetings/")
    page.get_by_test_id("meeting-create").click()
    page.locator("select[name=kind]").select_option("regular")
    starts_at = timezone.localtime().replace(hour=7, minute=30)
    page.locator("input[name=starts_at]").fill(starts_at.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=place]").fill("Nhà văn hóa thôn Đông")
    page.locator("textarea[name=agenda]").fill("1. Thông tin thời sự\n2. Học tập chuyên đề")
    submit(page)
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã lên lịch")
    meeting = Meeting.objects.get()
    assert meeting.cell == cell

    page.locator("[data-action=meeting-hold]").click()
    page.locator(f"select[name=status_{member.person_id}]").select_option("excused")
    submit(page)
    expect(page.locator(".message-error")).to_be_visible()  # an absence with leave needs its reason
    page.locator(f"input[name=reason_{member.person_id}]").fill("Đi công tác theo phân công")
    submit(page)
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã tổ chức")
    expect(page.get_by_test_id("attendance-figures")).to_contain_text("Có mặt 1")

    page.locator("[data-action=manifestations]").click()
    item = page.get_by_test_id("manifestation-G1.6")
    item.locator("summary").click()
    item.locator("input[type=checkbox]").check()
    item.locator("textarea").fill(CONCLUSION)
    submit(page)
    expect(page.get_by_test_id("manifestations")).to_contain_text(CONCLUSION)

    page.locator("[data-action=minutes]").click()
    page.locator("textarea[name=study_content]").fill("Học tập chuyên đề năm của tỉnh")
    page.locator("textarea[name=resolutions]").fill("Mỗi đảng viên đăng ký một việc làm theo")
    submit(page)
    page.locator("[data-action=meeting-approve]").click()
    submit(page)
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã duyệt biên bản")
    expect(page.get_by_test_id("read-only")).to_be_visible()
    for action in ("attendance", "minutes", "manifestations", "document-add", "meeting-approve"):
        expect(page.locator(f"[data-action={action}]")).to_have_count(0)
    page.goto(f"/study/meetings/{meeting.pk}/minutes/")  # typed by hand: sent back, nothing changes
    expect(page.get_by_test_id("read-only")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    assert dict(Attendance.objects.values_list("person_id", "status")) == {
        secretary.person_id: "present", member.person_id: "excused"}

    member.set_password(PASSWORD)
    member.save(update_fields=["password"])
    other = new_page(width=390, height=844)
    log_in(other, member.username)
    other.goto(f"/study/meetings/{meeting.pk}/")
    expect(other.get_by_test_id("study-content")).to_have_text("Học tập chuyên đề năm của tỉnh")
    expect(other.get_by_test_id("manifestations-withheld")).to_be_visible()
    assert CONCLUSION not in other.content()
