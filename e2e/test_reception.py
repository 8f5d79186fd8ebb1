"""A citizen sends a denunciation online and follows it; the commune's reception officer receives
it, routes it to the competent unit, accepts it, extends its deadline and resolves it; the citizen
then sees the result, never anyone's name."""

import re

import pytest
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.e2e

OFFICER_PASSWORD = "Tiep-cong-dan-2026"  # noqa: S105 (a test account's password)
PDF = b"%PDF-1.4\n" + b"0" * 256


@pytest.fixture
def reception_officer(commune):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    user = UserFactory(username="tiepdan", person=PersonFactory(full_name="Hồ Thị Tiếp", unit=commune))
    user.set_password(OFFICER_PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.RECEPTION_STAFF, commune)
    return user


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def submit_form(page) -> None:
    page.locator("form.stacked button[type=submit]").click()


def citizen_sends(page, commune) -> str:
    page.goto("/petitions/submit/")
    form = page.get_by_test_id("public-submit")
    form.locator("select[name=unit]").select_option(str(commune.pk))
    form.locator("input[name=kinds][value=denunciation]").check()
    form.locator("input[name=subject]").fill("Cán bộ địa chính nhận tiền")
    form.locator("textarea[name=content]").fill("Tôi tố cáo cán bộ địa chính xã nhận tiền khi làm sổ đỏ.")
    form.locator("input[name=petitioner_name]").fill("Đỗ Văn Tố")
    form.locator("input[name=petitioner_address]").fill("Xóm Bắc, xã Thạch Hà")
    form.locator("input[name=petitioner_phone]").fill("0987 111 222")
    form.locator("input[name=attachments]").set_input_files(
        files=[{"name": "bien-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/petitions/submit/done/$"))
    code = page.get_by_test_id("tracking-codes").locator("strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    return code


def citizen_tracks(page, code: str) -> None:
    page.goto("/petitions/track/")
    page.fill("input[name=code]", code)
    page.fill("input[name=phone_digits]", "1222")
    submit_form(page)
    expect(page.get_by_test_id("tracking-result")).to_be_visible()


def test_a_denunciation_from_the_portal_to_its_resolution(new_page, reception_officer, commune, cell):
    citizen = new_page()
    code = citizen_sends(citizen, commune)
    citizen_tracks(citizen, code)
    expect(citizen.get_by_test_id("tracking-unit")).to_have_text(commune.name)
    first_deadline = citizen.get_by_test_id("tracking-deadline").inner_text()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", first_deadline)
    expect(citizen.locator("main")).not_to_contain_text("Đỗ Văn Tố")

    officer = new_page()
    log_in(officer, "tiepdan", OFFICER_PASSWORD)
    officer.goto("/reception/petitions/")
    table = officer.locator("#petition-table")
    expect(table).to_contain_text(code)
    expect(table).not_to_contain_text("Đỗ Văn Tố")  # lists never name a denouncer
    table.get_by_role("link", name=code).click()
    expect(officer.get_by_test_id("petitioner")).to_contain_text("Đỗ Văn Tố")  # the handling office does
    with officer.expect_download() as download:
        officer.get_by_role("link", name="bien-nhan.pdf").click()
    assert download.value.suggested_filename == "bien-nhan.pdf"
    detail = officer.url

    officer.goto(detail + "route/")
    chooser = officer.locator("main").get_by_role("combobox")  # the unit chooser: type, pick with the keyboard
    chooser.fill(cell.name)
    expect(officer.get_by_role("listbox").get_by_role("option").first).to_contain_text(cell.name)
    chooser.press("ArrowDown")
    chooser.press("Enter")
    assert officer.locator("main select[name=unit]").input_value() == str(cell.pk)
    officer.fill("textarea[name=reason]", "Người bị tố cáo thuộc chi bộ thôn Đông")
    submit_form(officer)
    expect(officer.get_by_test_id("handling-unit")).to_have_text(cell.name)

    officer.goto(detail + "decide/")
    officer.locator("main select[name=outcome]").select_option("accept")
    submit_form(officer)
    status = officer.get_by_test_id("petition-status")
    expect(status).not_to_have_text("Received")
    due_before = officer.get_by_test_id("due-on").inner_text()

    officer.goto(detail + "extend/")
    officer.fill("textarea[name=reason]", "Cần xác minh thêm tại Văn phòng đăng ký đất đai")
    submit_form(officer)
    expect(officer.get_by_test_id("extensions")).to_have_text("1 / 2")
    assert officer.get_by_test_id("due-on").inner_text() != due_before

    officer.goto(detail + "resolve/")
    officer.fill("textarea[name=result]", "Tố cáo đúng một phần; đã kiến nghị xử lý kỷ luật")
    officer.fill("input[name=decision_number]", "15/KL-UBND")
    submit_form(officer)
    expect(officer.get_by_test_id("due-on")).to_have_text("—")
    history = officer.get_by_test_id("history")
    expect(history).to_contain_text("Cần xác minh thêm")
    expect(history.locator("tbody tr")).to_have_count(5)

    citizen_tracks(citizen, code)
    expect(citizen.get_by_test_id("tracking-unit")).to_have_text(cell.name)
    expect(citizen.get_by_test_id("tracking-deadline")).to_have_text("—")
    expect(citizen.get_by_test_id("tracking-status")).to_have_text(status.inner_text())
    expect(citizen.locator("main")).not_to_contain_text("Văn phòng đăng ký")  # internal notes stay inside


def test_a_wrong_phone_number_shows_nothing(new_page, reception_officer, commune):
    page = new_page()
    code = citizen_sends(page, commune)
    page.goto("/petitions/track/")
    page.fill("input[name=code]", code)
    page.fill("input[name=phone_digits]", "0000")
    submit_form(page)
    expect(page.get_by_test_id("tracking-result")).to_have_count(0)
    expect(page.locator("[role=alert]").first).to_be_visible()
