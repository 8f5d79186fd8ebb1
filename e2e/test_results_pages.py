"""The results of a count with one online ballot among thirty paper ones, on a desktop and on a
phone: the staff and public pages show the combined counts and say why the split per channel is
withheld. Screenshots land in the test's temporary folder; the Content-Security-Policy check of
the ``new_page`` fixture applies, and the admin and the API documentation are opened under it too.
"""

import pytest
from django.test import Client
from playwright.sync_api import expect

from neuguong.ballots import services
from neuguong.ballots.tests.helpers import counted_campaign
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)


@pytest.fixture
def published(commune, unit_admin):
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    campaign = counted_campaign(commune, unit_admin, names=("Hồ Văn Lâm", "Đỗ Thị Ngân"), online=1, paper=30,
                                title="Lấy phiếu tín nhiệm năm 2025")
    return services.campaign_publish(campaign_id=campaign.pk, acting_user=unit_admin)


def _signed_in(new_page, live_server, user, width: int):
    client = Client()
    client.force_login(user)
    page = new_page(width=width, height=900)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_results_pages_withhold_the_split_of_a_lone_online_ballot(new_page, live_server, published, unit_admin,
                                                                   width, tmp_path):
    staff = _signed_in(new_page, live_server, unit_admin, width)
    staff.goto(f"/ballots/{published.pk}/results/")
    public = new_page(width=width, height=900)
    public.goto(f"/vote/results/{published.public_id}/")
    for name, page in (("staff", staff), ("public", public)):
        expect(page.get_by_test_id("results-table")).to_contain_text("Đỗ Thị Ngân")
        expect(page.get_by_test_id("channels-withheld")).to_be_visible()
        expect(page.get_by_test_id("channels-table")).to_have_count(0)
        expect(page.get_by_test_id("returned")).to_contain_text("31")
        page.screenshot(path=tmp_path / f"results-{name}-{width}.png", full_page=True)
        assert _fits_the_screen(page), name


def test_the_admin_and_the_api_documentation_run_under_the_policy(new_page, live_server, system_admin):
    system_admin.is_staff = system_admin.is_superuser = True  # the admin site asks for both flags
    system_admin.save(update_fields=["is_staff", "is_superuser"])
    page = _signed_in(new_page, live_server, system_admin, 1366)
    page.goto("/admin/catalogues/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui")).to_be_visible()
    # Swagger fetches the schema after the page shows: wait for it, so no request of this test is
    # still reading the database when the live server's database is torn down.
    # The schema of every module's routes takes a while to build on a busy machine.
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
