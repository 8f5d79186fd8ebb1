"""Ballots in a browser: a voter casts a ballot with a code on a phone and checks the receipt; two
tellers enter a paper sheet from the keyboard; an officer counts and publishes.

Uses the ``browser`` and ``new_page`` fixtures of e2e/conftest.py (Debian's Chromium, headless)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.ballots import codes, services
from neuguong.ballots.models import CampaignKind
from neuguong.catalogues.models import CatalogueSetting, ConfidenceLevel, ConfidenceThreshold, InvalidBallotReason
from neuguong.jobs import services as jobs
from neuguong.jobs.models import Job
from neuguong.orgs.tests.factories import PersonFactory, PostFactory, UserFactory, grant

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue(db):
    for position, (code, name) in enumerate([("high", "Tín nhiệm cao"), ("normal", "Tín nhiệm"),
                                             ("low", "Tín nhiệm thấp")]):
        ConfidenceLevel.objects.create(code=code, name=name, name_en=name, position=position)
    InvalidBallotReason.objects.create(code="names_added", text="names added to the ballot")
    ConfidenceThreshold.objects.create(code="party.low_over_half", body="party", level="low", lower="1/2",
                                       upper="2/3", consequence="removed from planning")
    ConfidenceThreshold.objects.create(code="party.low_two_thirds", body="party", level="low", lower="2/3",
                                       lower_inclusive=True, consequence="dismissed")
    CatalogueSetting.objects.create(code="confidence.quorum_fraction", value="2/3")


@pytest.fixture
def campaign(catalogue, unit_admin, commune):
    campaign = services.campaign_create(unit_id=commune.pk, title="Lấy phiếu tín nhiệm năm 2025", period="2025",
                                        kind=CampaignKind.CONFIDENCE_BALLOT, acting_user=unit_admin)
    for name, title in (("Hồ Văn Lâm", "Bí thư Đảng ủy"), ("Đỗ Thị Ngân", "Chủ tịch UBND")):
        person = PersonFactory(full_name=name, unit=commune)
        PostFactory(person=person, unit=commune, title=title)
        services.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=unit_admin)
    services.box_create(campaign_id=campaign.pk, name="Hòm phiếu hội trường", acting_user=unit_admin)
    return services.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)


@pytest.fixture
def tellers(campaign, commune, unit_admin):
    users = []
    for username, name in (("kiemphieu1", "Phan Văn Một"), ("kiemphieu2", "Lý Thị Hai")):
        user = UserFactory(username=username, person=PersonFactory(full_name=name, unit=commune))
        grant(user, Role.TELLER, commune)
        services.teller_assign(campaign_id=campaign.pk, user_id=user.pk, acting_user=unit_admin)
        users.append(user)
    return users


def logged_in_page(new_page, live_server, user, **viewport):
    client = Client()
    client.force_login(user)
    page = new_page(**viewport)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def test_a_voter_casts_a_ballot_on_a_phone_and_finds_the_receipt_counted(new_page, campaign, unit_admin, tellers):
    _batch, raw = services.code_batch_issue(campaign_id=campaign.pk, size=2, acting_user=unit_admin)
    page = new_page(**PHONE)
    page.goto(f"/vote/#{codes.grouped(raw[0])}")  # as the QR code on the slip opens it
    expect(page.get_by_test_id("ballot-form")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/vote/$"))  # the code left the address bar
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_test_id("a-1-1-high").check()
    page.get_by_test_id("ballot-review").click()  # the second line is missing: the phone says so
    expect(page.get_by_test_id("review-table")).to_have_count(0)
    assert page.locator("input[name='a-2-1']:invalid").count() == 3
    page.get_by_test_id("a-2-1-low").check()
    page.get_by_test_id("ballot-review").click()
    review = page.get_by_test_id("review-table")
    expect(review).to_contain_text("Tín nhiệm cao")
    expect(review).to_contain_text("Tín nhiệm thấp")
    page.get_by_test_id("ballot-cast").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_be_visible()
    number = receipt.inner_text().strip()
    assert codes.normalize(number) and len(codes.normalize(number)) == codes.RECEIPT_LENGTH

    page.goto("/vote/")
    page.get_by_test_id("code-input").fill(codes.grouped(raw[0]))
    page.get_by_test_id("code-submit").click()
    expect(page.get_by_test_id("code-error")).to_contain_text("đã được sử dụng")  # the browser asks for Vietnamese

    for teller in tellers:
        services.paper_entry_submit(box_id=campaign.boxes.get().pk, acting_user=teller, sheet={
            "issued": 3, "returned": 2, "valid": 2, "invalid": 0,
            "counts": {"1.1.1": 2, "2.1.2": 1, "2.1.3": 1}})
    services.campaign_set_electorate(campaign_id=campaign.pk, summoned=4, present=3, acting_user=unit_admin)
    services.campaign_close(campaign_id=campaign.pk, acting_user=unit_admin)
    services.campaign_count(campaign_id=campaign.pk, acting_user=unit_admin)
    services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)
    page.goto(f"/vote/receipts/{campaign.public_id}/")
    page.fill("input[name=receipt]", number.lower())
    page.get_by_test_id("receipt-search").get_by_role("button").click()
    expect(page.get_by_test_id("receipt-found")).to_be_visible()


def _enter_sheet(page, figures: list[str], counts: list[str]) -> None:
    """Type the sheet from the keyboard only: the first figure has the focus, Tab moves on."""
    expect(page.get_by_test_id("f-issued")).to_be_focused()
    for value in figures:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.get_by_test_id("n_1.1.1").focus()
    for value in counts:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_two_tellers_enter_a_paper_sheet(new_page, live_server, campaign, tellers, unit_admin):
    box = campaign.boxes.get()
    figures = ["40", "38", "38", "0"]
    first = logged_in_page(new_page, live_server, tellers[0])
    first.goto("/ballots/")
    first.get_by_role("link", name="Lấy phiếu tín nhiệm năm 2025").click()
    first.get_by_role("link", name="Hòm phiếu hội trường").click()
    _enter_sheet(first, figures, ["30", "6", "2", "20", "10", "8"])
    expect(first.locator(".message-success")).to_be_visible()

    second = logged_in_page(new_page, live_server, tellers[1])
    second.goto(f"/ballots/boxes/{box.pk}/")
    _enter_sheet(second, figures, ["30", "6", "2", "20", "8", "10"])  # two figures swapped
    differences = second.get_by_test_id("differences")
    expect(differences).to_contain_text("Đỗ Thị Ngân")
    expect(differences.locator("tbody tr")).to_have_count(2)

    second.get_by_test_id("n_2.1.2").fill("10")
    second.get_by_test_id("n_2.1.3").fill("8")
    second.get_by_test_id("sheet-save").click()
    expect(second.get_by_test_id("counted-sheet")).to_contain_text("38")


def test_an_officer_counts_and_publishes(new_page, live_server, campaign, tellers, unit_admin):
    _batch, raw = services.code_batch_issue(campaign_id=campaign.pk, size=3, acting_user=unit_admin)
    for code in raw:
        services.ballot_cast(campaign=campaign.public_id, typed_code=code, client="192.0.2.1", comments={},
                             choices={"1.1": ["high"], "2.1": ["low"]})
    for teller in tellers:
        services.paper_entry_submit(box_id=campaign.boxes.get().pk, acting_user=teller, sheet={
            "issued": 10, "returned": 9, "valid": 8, "invalid": 1, "invalid_reasons": {"names_added": 1},
            "counts": {"1.1.1": 8, "2.1.3": 6, "2.1.2": 2}})
    page = logged_in_page(new_page, live_server, unit_admin)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/ballots/{campaign.pk}/")
    page.get_by_test_id("electorate-edit").click()
    page.fill("input[name=summoned]", "15")
    page.fill("input[name=present]", "13")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_test_id("electorate")).to_contain_text("15 / 13")
    page.get_by_test_id("step-close").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text(re.compile("."))
    page.get_by_test_id("reconciliation-link").click()
    expect(page.get_by_test_id("adds-up")).to_be_visible()
    expect(page.get_by_test_id("total-returned")).to_have_text("12")
    page.go_back()
    page.get_by_test_id("step-count").click()
    expect(page.get_by_test_id("count-boxes")).to_have_text("1 / 1")
    page.get_by_test_id("count-confirm").click()
    page.get_by_test_id("results-link").click()
    results = page.get_by_test_id("results-table")
    expect(results).to_contain_text("Đỗ Thị Ngân")
    expect(results.locator("td.flag")).to_have_count(1)  # 9 low of 12 returned: at least two thirds
    with page.expect_download() as download:
        page.get_by_test_id("minutes-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.go_back()
    page.get_by_test_id("step-publish").click()
    public = new_page(**PHONE)
    public.goto(f"/vote/results/{campaign.public_id}/")
    expect(public.get_by_test_id("returned")).to_contain_text("12")


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE])
def test_the_codes_page_follows_the_job_until_the_slips_can_be_downloaded(new_page, live_server, campaign,
                                                                           unit_admin, settings, tmp_path, viewport):
    """Issuing shows the job waiting; the page polls its status every second under the
    Content-Security-Policy, and the download link appears once the job ran."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker: we run it
    settings.MEDIA_ROOT = tmp_path
    page = logged_in_page(new_page, live_server, unit_admin, **viewport)
    page.goto(f"/ballots/{campaign.pk}/codes/")
    page.get_by_label("Số lượng mã").fill("4")
    page.get_by_role("button", name="Phát và in").click()
    status = page.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(status.locator("progress")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    jobs.job_run(job_id=Job.objects.get().pk)
    expect(status).to_have_attribute("data-status", "done", timeout=5_000)  # polled, not reloaded
    with page.expect_download() as download:
        page.get_by_test_id("job-download").click()
    assert download.value.suggested_filename == f"slips-{campaign.pk}-1.html"
