"""The public portal in a browser: an editor writes, submits and publishes an article; a reader on a
phone finds it in the latest news and comments; a moderator approves the comment; two visitors read
the article and it shows in the most viewed; a citizen goes from the home page to submitting a
petition (with its tracking code) and to casting a ballot (with its receipt), in the portal's layout."""

import re

import pytest
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.ballots import codes
from neuguong.ballots import services as ballots
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.portal import services as portal
from neuguong.portal.models import Category

from .test_ballots import campaign, catalogue  # noqa: F401 (fixtures: an open confidence ballot)
from .test_reception import log_in

pytestmark = pytest.mark.e2e

PASSWORD = "Tuyen-giao-cong-2026"  # noqa: S105 (a test account's password)
TITLE = "Đảng bộ xã sơ kết 5 năm Chỉ thị 05"


@pytest.fixture
def editor(commune):
    portal.categories_load(acting_user=SYSTEM)
    user = UserFactory(username="tuyengiao", person=PersonFactory(full_name="Lê Thị Tuyên", unit=commune))
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.PROPAGANDA_STAFF, commune)
    return user


def test_an_article_goes_from_the_editor_to_readers_and_their_feedback(new_page, browser, live_server, editor):
    staff = new_page()
    log_in(staff, "tuyengiao", PASSWORD)
    staff.goto("/portal/articles/")
    staff.get_by_test_id("article-create").click()
    staff.select_option("select[name=category]", label="Tin tức")
    staff.fill("input[name=title]", TITLE)
    staff.fill("textarea[name=summary]", "Hội nghị tổng kết các mô hình nêu gương")
    # The text in the rich-text editor: a sentence, then words in bold from the keyboard.
    staff.locator(".ProseMirror[contenteditable=true]").click()
    staff.keyboard.type("Đảng bộ xã tổ chức hội nghị về ")
    staff.keyboard.press("Control+b")
    staff.keyboard.type("Chỉ thị 05")
    staff.locator("form.stacked button[type=submit]").click()
    expect(staff.get_by_test_id("article-status")).to_have_text("Nháp")
    staff.get_by_test_id("step-submit").locator("button").click()
    staff.get_by_test_id("step-publish").locator("button").click()
    expect(staff.get_by_test_id("article-status")).to_have_text("Đã công bố")

    phone = new_page(width=390, height=844)
    phone.goto("/")
    phone.get_by_role("link", name=TITLE).first.click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator(".news-body")).to_contain_text("Đảng bộ xã tổ chức hội nghị về Chỉ thị 05")
    expect(phone.locator(".news-body strong")).to_have_text("Chỉ thị 05")
    phone.fill("input[name=name]", "Nguyễn Văn Dân")
    phone.fill("input[name=contact]", "0912 345 678")
    phone.fill("textarea[name=body]", "Mong có thêm tin ở các thôn.")
    phone.get_by_test_id("feedback-form").locator("button[type=submit]").click()
    expect(phone.get_by_test_id("feedback-sent")).to_be_visible()
    expect(phone.get_by_test_id("feedback-item")).to_have_count(0)

    staff.goto("/portal/feedback/")
    expect(staff.get_by_test_id("feedback-queue")).to_contain_text("0912 345 678")
    staff.get_by_role("button", name="Duyệt").click()
    phone.reload()
    expect(phone.get_by_test_id("feedback-item")).to_contain_text("Mong có thêm tin ở các thôn.")
    expect(phone.locator("body")).not_to_contain_text("0912")

    for agent in ("Mozilla/5.0 (Linux; Android 14) Mobile", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"):
        context = browser.new_context(base_url=live_server.url, user_agent=agent)
        visitor = context.new_page()
        visitor.goto("/")
        visitor.get_by_test_id("latest").get_by_role("link", name=TITLE).or_(
            visitor.get_by_role("link", name=TITLE)).first.click()
        context.close()
    phone.goto("/")
    expect(phone.get_by_test_id("most-viewed-day")).to_contain_text(TITLE)
    expect(phone.get_by_test_id("most-viewed-day")).to_contain_text("lượt xem")


def test_a_citizen_goes_from_the_home_page_to_a_petition_and_to_a_ballot(new_page, commune, campaign,  # noqa: F811
                                                                         unit_admin):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    _batch, raw = ballots.code_batch_issue(campaign_id=campaign.pk, size=1, acting_user=unit_admin)
    page = new_page(width=390, height=844)
    page.goto("/")
    page.get_by_test_id("home-petition-submit").click()
    expect(page).to_have_url(re.compile(r"/petitions/submit/$"))
    form = page.get_by_test_id("public-submit")
    form.locator("select[name=unit]").select_option(str(commune.pk))
    form.locator("input[name=kinds][value=proposal]").check()
    form.locator("input[name=subject]").fill("Đề nghị sửa đường thôn Đông")
    form.locator("textarea[name=content]").fill("Đường thôn Đông xuống cấp, đề nghị xã sửa trước mùa mưa.")
    form.locator("input[name=petitioner_name]").fill("Đỗ Văn Dân")
    form.locator("input[name=petitioner_address]").fill("Thôn Đông, xã Thạch Hà")
    form.locator("input[name=petitioner_phone]").fill("0987 111 333")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/petitions/submit/done/$"))
    expect(page.get_by_test_id("portal-header")).to_be_visible()
    code = page.get_by_test_id("tracking-codes").locator("strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)

    page.get_by_test_id("portal-header").get_by_role("link", name="Nêu Gương").click()
    page.get_by_test_id("home-vote").click()
    expect(page).to_have_url(re.compile(r"/vote/$"))
    page.get_by_test_id("code-input").fill(codes.grouped(raw[0]))
    page.get_by_test_id("code-submit").click()
    expect(page.get_by_test_id("ballot-form")).to_be_visible()
    page.get_by_test_id("a-1-1-high").check()
    page.get_by_test_id("a-2-1-normal").check()
    page.get_by_test_id("ballot-review").click()
    expect(page.get_by_test_id("review-table")).to_contain_text("Tín nhiệm cao")
    page.get_by_test_id("ballot-cast").click()
    expect(page.get_by_test_id("receipt")).to_be_visible()
    expect(page.get_by_test_id("portal-footer")).to_be_visible()


def test_an_article_prints_without_the_site_around_it_and_with_its_link_addresses(new_page, editor, commune):
    article = portal.article_create(
        unit_id=commune.pk, title=TITLE, category_id=Category.objects.get(slug="tin-tuc").pk, acting_user=editor,
        body='<p>Xem <a href="https://example.org/chi-thi-05">toàn văn Chỉ thị</a>.</p>')
    portal.article_submit(article_id=article.pk, acting_user=editor)
    portal.article_publish(article_id=article.pk, acting_user=editor)
    page = new_page()
    page.goto(f"/news/{article.pk}/")
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".news-body")).to_be_visible()
    for hidden in ("portal-header", "portal-footer", "feedback-form", "related"):
        expect(page.get_by_test_id(hidden)).to_be_hidden()
    after = page.locator(".news-body a").evaluate("(a) => getComputedStyle(a, '::after').content")
    assert "https://example.org/chi-thi-05" in after
    page.emulate_media(media="screen")
    expect(page.get_by_test_id("portal-header")).to_be_visible()
    expect(page.get_by_test_id("feedback-form")).to_be_visible()
