"""A download of a long list is prepared as a background job the user follows and downloads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from neuguong.accounts.models import RoleGrant
from neuguong.audit.models import AuditEvent
from neuguong.jobs.models import Job, JobStatus
from neuguong.jobs.services import job_run
from neuguong.orgs.tests.factories import PersonFactory
from neuguong.reception.tests.conftest import catalogues, client_for, officer, receive  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_INLINE_ROWS = 3


@pytest.fixture
def villagers(commune, sibling):
    """Five Hoàngs in commune A, one elsewhere in A, one Hoàng in commune B (out of A's scope)."""
    names = [f"Hoàng Văn Làng {n}" for n in range(5)]
    for name in names:
        PersonFactory(full_name=name, unit=commune)
    PersonFactory(full_name="Lý Thị Khác", unit=commune)
    PersonFactory(full_name="Hoàng Văn Ngoài", unit=sibling)
    return names


def test_a_long_people_download_becomes_a_job_whose_file_holds_the_filtered_list(admin_client_a, unit_admin,
                                                                                  villagers):
    response = admin_client_a.get(reverse("orgs:people"), {"q": "hoang van", "export": "csv"})
    job = Job.objects.get(owner=unit_admin)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:status", args=[job.pk])
    assert job.status == JobStatus.DONE and job.total == 5 and job.done == 5
    assert job.params["query"] == "q=hoang+van"
    download = admin_client_a.get(reverse("jobs:download", args=[job.pk]))
    text = download.content.decode("utf-8-sig")
    assert all(name in text for name in villagers)
    assert "Lý Thị Khác" not in text and "Hoàng Văn Ngoài" not in text  # filtered, and scoped to A
    assert download["Content-Disposition"].startswith("attachment; filename=") and ".csv" in download[
        "Content-Disposition"]
    assert AuditEvent.objects.filter(action="job.started", object_id=str(job.pk)).exists()


def test_the_job_file_keeps_the_sort_and_the_language_the_user_asked_in(admin_client_a, unit_admin, villagers):
    admin_client_a.get(reverse("orgs:people"), {"q": "hoang", "sort": "newest", "export": "csv"},
                       HTTP_ACCEPT_LANGUAGE="vi")
    job = Job.objects.get(owner=unit_admin)
    lines = admin_client_a.get(reverse("jobs:download", args=[job.pk])).content.decode("utf-8-sig").splitlines()
    assert "Họ và tên" in lines[0] or "Họ tên" in lines[0]
    names = [line for line in lines[1:] if "Hoàng Văn Làng" in line]
    assert [name.split("Hoàng Văn Làng ")[1][0] for name in names] == ["4", "3", "2", "1", "0"]


def test_a_short_download_still_comes_at_once(admin_client_a, unit_admin, villagers, settings):
    settings.EXPORT_INLINE_ROWS = 100
    response = admin_client_a.get(reverse("orgs:people"), {"q": "hoang van", "export": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not Job.objects.exists()


def test_a_long_petition_download_becomes_a_job_too(catalogues, officer, commune, settings):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # reminders wait
    for number in range(4):
        receive(officer, commune, subject=f"Đường làng hỏng {number}")
    response = client_for(officer).get(reverse("reception:petitions"), {"export": "xlsx"})
    job = Job.objects.get(owner=officer)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == JobStatus.DONE and job.total == 4
    assert job.result_name.endswith(".xlsx")


def test_a_role_revoked_before_the_job_runs_downloads_nothing(admin_client_a, unit_admin, villagers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    job = Job.objects.get(owner=unit_admin)
    RoleGrant.objects.filter(user=unit_admin).update(revoked_at=timezone.now())
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_code == "export_not_allowed" and not job.result_path


def test_the_jobs_page_lists_only_the_users_own_jobs_with_their_files(admin_client_a, outsider_client,
                                                                      unit_admin, villagers):
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    page = admin_client_a.get(reverse("jobs:list"))
    body = page.content.decode()
    assert page.status_code == 200 and body.count('data-testid="job-row"') == 1
    assert "Download of the list “People”" in body and 'data-testid="job-download"' in body
    assert "hx-trigger" not in body  # nothing left running: the table does not poll
    others = outsider_client.get(reverse("jobs:list")).content.decode()
    assert 'data-testid="job-row"' not in others and 'data-testid="job-empty"' in others


def test_the_jobs_page_polls_while_a_job_is_unfinished(admin_client_a, unit_admin, villagers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    body = admin_client_a.get(reverse("jobs:list")).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'data-status="queued"' in body


def test_the_jobs_page_reads_a_fixed_number_of_queries_however_many_jobs(admin_client_a, unit_admin, villagers):
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    with CaptureQueriesContext(connection) as one:
        admin_client_a.get(reverse("jobs:list"))
    for _again in range(4):
        admin_client_a.get(reverse("orgs:people"), {"export": "xlsx"})
    with CaptureQueriesContext(connection) as five:
        admin_client_a.get(reverse("jobs:list"))
    assert Job.objects.filter(owner=unit_admin).count() == 5
    assert len(five) == len(one)


def test_a_ready_file_waits_on_the_home_page(admin_client_a, unit_admin, villagers):
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    job = Job.objects.get(owner=unit_admin)
    home = admin_client_a.get(reverse("web:home")).content.decode()
    assert f"File ready: {job.result_name}" in home and reverse("jobs:status", args=[job.pk]) in home


def test_the_api_lists_and_downloads_only_the_callers_jobs(admin_client_a, outsider_client, unit_admin, villagers):
    admin_client_a.get(reverse("orgs:people"), {"export": "csv"})
    job = Job.objects.get(owner=unit_admin)
    listed = admin_client_a.get("/api/v1/jobs").json()["items"]
    assert [item["id"] for item in listed] == [job.pk] and listed[0]["status"] == "done"
    assert listed[0]["file_name"] == job.result_name and listed[0]["label"] == "Download of the list “People”"
    file = admin_client_a.get(f"/api/v1/jobs/{job.pk}/file")
    assert file.status_code == 200 and "Hoàng Văn Làng 0" in file.content.decode("utf-8-sig")
    assert outsider_client.get("/api/v1/jobs").json()["items"] == []
    assert outsider_client.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert outsider_client.get(f"/api/v1/jobs/{job.pk}/file").status_code == 404
    assert AuditEvent.objects.filter(action="job.downloaded").count() == 1  # the owner's download only
