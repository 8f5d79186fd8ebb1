"""An inspector opens a case from the year's programme, starts it with the decision to inspect,
records the findings and the conclusion; the committee then records the discipline decision on the
violation found, and the register shows it in force."""

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

from .test_reception import log_in

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


def test_an_inspector_concludes_a_case_and_the_committee_records_the_decision(new_page, inspector,
                                                                              programme_case):
    programme, case, member = programme_case
    today = dt.date.today().isoformat()
    page = new_page()
    log_in(page, "kiemtra", PASSWORD)
    page.goto(f"/inspection/programmes/{programme.pk}/")
    page.get_by_test_id("cases").get_by_role("link", name="Phan Văn Kỷ").click()
    expect(page).to_have_url(re.compile(rf"/inspection/cases/{case.pk}/$"))
    page.locator("[data-action=start]").click()
    page.fill("input[name=decision_number]", "15-QĐ/UBKT")
    page.fill("input[name=decision_date]", today)
    page.fill("textarea[name=team]", "Đồng chí Lý Thị Soát, trưởng đoàn")
    page.fill("input[name=starts_on]", today)
    page.fill("input[name=ends_on]", today)
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Đang thực hiện")
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
