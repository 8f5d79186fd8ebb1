"""A background job in a browser: issuing codes shows the job waiting, the page polls its status
every second under the Content-Security-Policy, and the download link appears once it ran."""

import pytest
from playwright.sync_api import expect

from neuguong.jobs import services as jobs
from neuguong.jobs.models import Job

from .test_ballots import PHONE, campaign, catalogue, logged_in_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE])
def test_the_codes_page_follows_the_job_until_the_slips_can_be_downloaded(new_page, live_server, campaign,
                                                                           unit_admin, settings, tmp_path, viewport):
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
