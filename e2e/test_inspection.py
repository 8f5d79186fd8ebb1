"""An inspector opens a case from the year's programme, starts it with the decision to inspect,
records the findings and the conclusion; the committee then records the discipline decision on the
violation found, and the register shows it in force.

An inspector who also holds the reception office's role opens a case from a denunciation petition,
sees the petition and its denouncer on the case's file, starts the case, adds a document and the
subject's explanation, downloads the document and concludes; an inspector without the reception's
role reads the same file without the denouncer."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.inspection import services as inspection
from neuguong.inspection.models import Case, CaseStatus, DisciplineDecision
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant
from neuguong.reception import services as reception_services

from .test_reception import PDF, log_in

pytestmark = pytest.mark.e2e

PASSWORD = "Kiem-tra-giam-sat-2026"  # noqa: S105 (a test account's password)


@pytest.fixture
def inspector(commune):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    user = UserFactory(username="kiemtra", person=PersonFactory(full_name="Lý Thị Soát", unit=commune))
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.INSPECTION_STAFF, commune)
    return user


@pytest.fixture
def programme_case(inspector, commune, cell):
    today = dt.date.today()
    member = PersonFactory(full_name="Phan Văn Kỷ", unit=cell)
    MembershipFactory(person=member, cell=cell)
    programme = inspection.programme_create(unit_id=commune.pk, year=today.year, acting_user=SYSTEM,
                                            title="Chương trình kiểm tra, giám sát năm nay")
    case = inspection.case_plan(unit_id=commune.pk, programme_id=programme.pk, type="inspection.signs_of_violation",
                                subject_person_id=member.pk, title="Kiểm tra khi có dấu hiệu vi phạm về đất đai",
                                planned_start=today, planned_end=today, acting_user=SYSTEM)
    return programme, case, member


def start(page, number: str) -> None:
    """Start the case on the page with the decision to inspect, dated today."""
    today = dt.date.today().isoformat()
    page.locator("[data-action=start]").click()
    page.fill("input[name=decision_number]", number)
    page.fill("input[name=decision_date]", today)
    page.fill("textarea[name=team]", "Đồng chí Lý Thị Soát, trưởng đoàn")
    page.fill("input[name=starts_on]", today)
    page.fill("input[name=ends_on]", today)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Đang thực hiện")


def test_an_inspector_concludes_a_case_and_the_committee_records_the_decision(new_page, inspector,
                                                                              programme_case):
    programme, case, member = programme_case
    today = dt.date.today().isoformat()
    page = new_page()
    log_in(page, "kiemtra", PASSWORD)
    page.goto(f"/inspection/programmes/{programme.pk}/")
    page.get_by_test_id("cases").get_by_role("link", name="Phan Văn Kỷ").click()
    expect(page).to_have_url(re.compile(rf"/inspection/cases/{case.pk}/$"))
    start(page, "15-QĐ/UBKT")
    page.locator("[data-action=conclude]").click()
    page.locator("input[name=violation_found][value=yes]").check()
    page.fill("textarea[name=rules_breached]", "Quy định về những điều đảng viên không được làm")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator(".message-error")).to_be_visible()  # no conclusion: refused, the case stays open
    page.fill("textarea[name=conclusion]", "Có vi phạm, đề nghị xem xét kỷ luật")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("conclusion")).to_contain_text("Có vi phạm")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CONCLUDED

    violation = inspection.violation_record(unit_id=case.unit_id, subject_person_id=member.pk,
                                            occurred_on=dt.date.today() - dt.timedelta(days=60),
                                            description="Vi phạm quy định về quản lý đất đai", acting_user=inspector)
    page.goto(f"/inspection/violations/{violation.pk}/")
    page.locator("[data-action=decide]").click()
    page.locator("select[name=form]").select_option("full_member.warning")
    page.fill("input[name=number]", "20-QĐ/UBKT")
    page.fill("input[name=decided_on]", today)
    page.fill("textarea[name=grounds]", "Căn cứ kết luận kiểm tra")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Còn hiệu lực")
    expect(page.get_by_test_id("decision")).to_contain_text("Cảnh cáo")
    assert DisciplineDecision.objects.get(violation=violation).form.code == "full_member.warning"


DENOUNCER = "Đỗ Văn Tố"


@pytest.fixture
def denunciation(inspector, commune, cell):
    """An open denunciation about a member of the commune, received by its reception office; the
    inspector also holds the office's role (reads the petition and its denouncer)."""
    grant(inspector, Role.RECEPTION_STAFF, commune)
    member = PersonFactory(full_name="Hà Văn Bị", unit=cell)
    MembershipFactory(person=member, cell=cell)
    petition = reception_services.petition_receive(
        unit_id=commune.pk, kinds=["denunciation"], channel="post", acting_user=inspector,
        received_on=dt.date.today(),
        data={"subject": "Tố cáo đảng viên nhận tiền làm sổ đỏ", "content": "Tôi tố cáo đảng viên nhận tiền của dân.",
              "petitioner_name": DENOUNCER, "petitioner_address": "Xóm Bắc, xã Thạch Hà",
              "petitioner_phone": "0987 111 222", "citizen_id": "042190009999"})[0]
    return petition, member


def test_a_case_opened_from_a_denunciation_with_its_documents_and_the_explanation(new_page, inspector, commune,
                                                                                  denunciation):
    petition, member = denunciation
    today = dt.date.today().isoformat()
    page = new_page()
    log_in(page, "kiemtra", PASSWORD)
    page.goto("/inspection/cases/")
    page.get_by_test_id("case-from-petition").click()
    page.locator("main select[name=petition]").select_option(str(petition.pk))
    expect(page.locator("main")).not_to_contain_text(DENOUNCER)  # the choice of petitions never names them
    chooser = page.get_by_role("combobox", name="Đảng viên")
    chooser.fill("ha van bi")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("Hà Văn Bị")
    chooser.press("ArrowDown")
    chooser.press("Enter")
    assert page.locator("main select[name=subject_person]").input_value() == str(member.pk)
    page.fill("input[name=title]", "Giải quyết tố cáo đối với đảng viên Hà Văn Bị")
    page.fill("input[name=planned_start]", today)
    page.fill("input[name=planned_end]", today)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/inspection/cases/\d+/$"))
    case = Case.objects.get(petition=petition)
    assert case.type.code == "inspection.denunciation" and case.subject_person_id == member.pk
    expect(page.get_by_test_id("petition")).to_contain_text(petition.tracking_code)
    expect(page.get_by_test_id("denouncer")).to_contain_text(DENOUNCER)  # the handling office sees them

    start(page, "16-QĐ/UBKT")
    page.locator("[data-action=add-document]").click()
    page.locator("input[name=kind][value=evidence]").check()
    page.fill("input[name=title]", "Biên bản xác minh")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("form.stacked button[type=submit]").click()
    documents = page.get_by_test_id("documents")
    expect(documents).to_contain_text("Biên bản xác minh")
    expect(documents).to_contain_text("Chứng cứ")
    with page.expect_download() as download:
        documents.get_by_role("link", name="Biên bản xác minh").click()
    assert download.value.suggested_filename == "bien-ban.pdf"

    page.locator("[data-action=explain]").click()
    page.fill("input[name=given_on]", today)
    page.fill("textarea[name=text]", "Tôi không nhận tiền của ai")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "giai-trinh.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("form.stacked button[type=submit]").click()
    explanation = page.get_by_test_id("explanation")
    expect(explanation).to_contain_text("Tôi không nhận tiền của ai")
    expect(explanation.get_by_role("link", name="giai-trinh.pdf")).to_be_visible()

    page.locator("[data-action=conclude]").click()
    page.locator("input[name=violation_found][value=no]").check()
    page.fill("textarea[name=conclusion]", "Nội dung tố cáo không đúng")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("conclusion")).to_contain_text("Nội dung tố cáo không đúng")
    case.refresh_from_db()
    assert case.status == CaseStatus.CONCLUDED and case.documents.count() == 1 and case.explanations.count() == 1

    reader = UserFactory(username="kiemtra_doc", person=PersonFactory(full_name="Lê Thuần", unit=commune))
    reader.set_password(PASSWORD)
    reader.save(update_fields=["password"])
    grant(reader, Role.INSPECTION_STAFF, commune)  # no reception role
    other = new_page()
    log_in(other, "kiemtra_doc", PASSWORD)
    other.goto(f"/inspection/cases/{case.pk}/")
    expect(other.get_by_test_id("petition")).to_be_visible()
    expect(other.locator("main")).not_to_contain_text(DENOUNCER)
    expect(other.locator("main")).not_to_contain_text(petition.tracking_code)
    expect(other.get_by_test_id("explanation")).to_contain_text("Tôi không nhận tiền của ai")
