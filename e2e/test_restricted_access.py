"""A system administrator opens the restricted access report from the navigation, on a desktop
screen and on a phone, and downloads it as a workbook."""

import re

import pytest
from playwright.sync_api import expect

from neuguong.accounts import services
from neuguong.accounts.permissions import Role
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.e2e

PASSWORD = "Quan-tri-he-thong-2026"  # noqa: S105 (a test account's password)
REASON = "Quyết định số 15-QĐ/TU ngày 02/01/2026 phân công cán bộ tiếp công dân xử lý đơn tố cáo"


@pytest.fixture
def administrator(province, commune, cell):
    """A system administrator of the province who granted reception staff twice, once revoked."""
    user = UserFactory(username="quantri", person=PersonFactory(full_name="Đặng Hữu Hệ", unit=province))
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.SYSTEM_ADMIN, province)
    for username, full_name, unit in [("tiepdan.xa", "Lý Thị Tiếp", commune), ("tiepdan.thon", "Hồ Văn Đơn", cell)]:
        officer = UserFactory(username=username, person=PersonFactory(full_name=full_name, unit=unit))
        granted = services.grant_role(user_id=officer.pk, role=Role.RECEPTION_STAFF, unit_id=unit.pk, reason=REASON,
                                      acting_user=user)
    services.revoke_role(grant_id=granted.pk, acting_user=user)
    return user


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


@pytest.mark.parametrize("width", [1366, 390])
def test_system_admin_reads_the_restricted_access_report(new_page, administrator, width):
    page = new_page(width=width, height=900)
    log_in(page, "quantri")
    page.locator("nav.sidebar").get_by_role("link", name="Quyền truy cập hạn chế").click()
    expect(page).to_have_url(re.compile(r"/accounts/restricted/$"))
    expect(page.locator("h1")).to_have_text("Quyền truy cập hạn chế")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("tiepdan.xa")
    expect(rows.first).to_contain_text("Còn hiệu lực")
    expect(rows.nth(1)).to_contain_text(REASON)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    with page.expect_download() as download:
        page.get_by_test_id("restricted-export-xlsx").click()
    assert download.value.suggested_filename == "Quyền truy cập hạn chế.xlsx"
