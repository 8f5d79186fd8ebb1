"""The yearly review in a browser, in Vietnamese: a party member on a phone (390 px) fills in the
self-assessment (every criterion, the 27 manifestations one by one, the report, the level proposed)
from their own reviews; then the cell's secretary holds the collective review with the vote and the
members present, and the member's review moves on."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.catalogues import selectors as catalogue
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services
from neuguong.evaluation.models import ManifestationCheck, Review, ReviewStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant

pytestmark = pytest.mark.e2e

PASSWORD = "Kiem-diem-cuoi-nam-2026"  # noqa: S105 (a test account's password)


def _with_password(user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def period(commune, cell, member):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    services.templates_load(acting_user=SYSTEM)
    today = dt.date.today()
    period = services.period_create(unit_id=commune.pk, kind="yearly", year=today.year,
                                    title=f"Kiểm điểm, đánh giá năm {today.year}", opens_on=today,
                                    closes_on=today + dt.timedelta(days=30), acting_user=SYSTEM)
    return services.period_open(period_id=period.pk, acting_user=SYSTEM)


@pytest.fixture
def secretary(cell):
    person = PersonFactory(full_name="Bùi Văn Thư", unit=cell)
    MembershipFactory(person=person, cell=cell)
    user = _with_password(UserFactory(username="bithu", person=person))
    grant(user, Role.LEADER, cell)
    grant(user, Role.PARTY_MEMBER, cell)
    return user


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_member_on_a_phone_fills_in_the_self_assessment(new_page, secretary, member, period):
    _with_password(member)
    review = Review.objects.get(period=period, person=member.person)
    page = new_page(width=390, height=844)
    log_in(page, member.username)
    page.goto("/evaluation/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu đánh giá của tôi")
    page.get_by_role("link", name="Làm bản tự đánh giá").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tự đánh giá")

    points = page.locator("input[name^=points_]")
    assert points.count() == review.template.criteria.count()
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(field.get_attribute("max"))
    answers = page.locator("input[type=radio][name^=m_][value=no]")
    assert answers.count() == 27
    for index in range(answers.count()):
        answers.nth(index).check()
    page.get_by_label("Ưu điểm").fill("Gương mẫu ở nơi cư trú, tham gia đầy đủ sinh hoạt chi bộ")
    page.get_by_label("Hạn chế, khuyết điểm").fill("Có việc còn chậm so với kế hoạch")
    page.get_by_label("Mức tự đề xuất").select_option("HTNV")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Gửi bản tự đánh giá").click()

    expect(page.get_by_text("Đã gửi bản tự đánh giá của bạn.")).to_be_visible()
    review.refresh_from_db()
    assert (review.status, review.self_level) == (ReviewStatus.SELF_ASSESSED, "HTNV")
    assert ManifestationCheck.objects.filter(review=review, present=False).count() == 27
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_secretary_holds_the_collective_review(new_page, secretary, member, period):
    review = Review.objects.select_related("template").get(period=period, person=member.person)
    scores = [{"criterion": c.code, "points": str(c.max_points), "comment": "", "weak": False}
              for c in review.template.criteria.all()]
    services.self_assess(review_id=review.pk, scores=scores, strengths="Gương mẫu", shortcomings="Còn chậm",
                         level="HTNV", manifestations=[{"manifestation": m.code, "present": False}
                                                       for m in catalogue.manifestations()],
                         acting_user=member)
    page = new_page(width=1366, height=900)
    log_in(page, "bithu")
    page.goto("/evaluation/mine/")
    page.get_by_test_id("to-hold").get_by_role("link", name=member.person.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm điểm tại tập thể")
    page.get_by_label("Ý kiến của tập thể").fill("Chi bộ nhất trí với bản tự đánh giá")
    page.get_by_label("Số đảng viên có mặt").fill("5")
    page.get_by_label("Số phiếu “Hoàn thành nhiệm vụ”").fill("5")
    page.get_by_role("button", name="Ghi kết quả kiểm điểm tại tập thể").click()

    expect(page.get_by_text("Đã ghi kết quả kiểm điểm tại tập thể.")).to_be_visible()
    review.refresh_from_db()
    assert review.status == ReviewStatus.COLLECTIVE_REVIEWED
    assert (review.members_present, review.votes) == (5, {"HTNV": 5})
