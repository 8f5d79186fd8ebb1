"""A party member on a phone (390 px wide) registers what they will do this year and reports on a
quarter with a photo as evidence, from their own page, in Vietnamese."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from neuguong.study.models import QuarterReport, Registration
from neuguong.study.years import current_quarter

from .conftest import NEWCOMER_PASSWORD
from .test_newcomer import log_in

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def phone_member(member):
    member.set_password(NEWCOMER_PASSWORD)
    member.save(update_fields=["password"])
    member.raw_password = NEWCOMER_PASSWORD
    return member


def test_a_member_on_a_phone_registers_and_reports_a_quarter(new_page, phone_member, tmp_path):
    year, quarter = timezone.localdate().year, current_quarter()
    page = new_page(width=390, height=844)
    log_in(page, phone_member)
    page.goto("/study/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Học tập và làm theo của tôi")
    page.get_by_role("link", name=f"Đăng ký việc làm theo năm {year}").click()

    page.get_by_label("Việc 1: nội dung tôi sẽ làm").fill("Tham gia dọn vệ sinh đường thôn mỗi tuần")
    page.get_by_label("Việc 1: kết quả dự kiến").fill("Đường thôn sạch, ít nhất 40 buổi")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("[data-testid=registration-status]")).to_have_text("Nháp")
    page.locator("[data-action=registration-register]").click()
    page.get_by_role("button", name="Đăng ký làm theo").click()
    expect(page.locator("[data-testid=registration-status]")).to_have_text("Đã đăng ký")

    page.goto("/study/me/")
    expect(page.locator("[data-testid=due]")).to_contain_text(f"Quý {quarter}")
    page.locator("[data-action=report]").click()
    page.locator("#id_quarter").select_option(str(quarter))
    page.get_by_label("Những việc tôi đã làm trong quý").fill("Đã dọn vệ sinh 12 buổi cùng chi hội phụ nữ")
    photo = tmp_path / "anh-don-ve-sinh.png"
    photo.write_bytes(PNG)
    page.get_by_label("Minh chứng (PDF, DOCX, JPEG hoặc PNG)").set_input_files(str(photo))
    page.get_by_role("button", name="Gửi báo cáo").click()

    expect(page).to_have_url(re.compile(r"/study/me/$"))
    expect(page.get_by_text("Báo cáo đã được gửi tới chi bộ.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    registration = Registration.objects.get(person=phone_member.person, year=year)
    report = QuarterReport.objects.get(registration=registration)
    assert (registration.status, report.quarter, report.content_type) == ("registered", quarter, "image/png")
