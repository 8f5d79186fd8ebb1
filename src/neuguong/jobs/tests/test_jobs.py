import datetime as dt
import io
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.jobs import services
from neuguong.jobs.models import Job, JobStatus
from neuguong.jobs.registry import Result, register_job

SEEN: list[tuple[str, int, int]] = []  # (status, done, total) as the runner saw its own row


def _count_to(job, progress):
    progress.min_interval = 0
    progress.start(job.params["n"])
    for _step in range(job.params["n"]):
        progress.advance()
        row = Job.objects.get(pk=job.pk)
        SEEN.append((row.status, row.done, row.total))
    return Result("count.txt", "text/plain", ("line\n" * job.params["lines"]).encode())


def _refuse(job, progress):
    raise ServiceError("slips_not_reprintable", "The campaign opened meanwhile.")


def _crash(job, progress):
    raise RuntimeError("Traceback (most recent call last): secret internals")


register_job("tests.count", "Counting", _count_to)
register_job("tests.refuse", "Refusing", _refuse)
register_job("tests.crash", "Crashing", _crash)


def _start(user, unit, kind="tests.count", n=500, lines=None, **kwargs):
    """A job of ``n`` steps whose file has ``lines`` lines (as many as steps unless told)."""
    return services.job_start(kind=kind, acting_user=user, unit=unit, params={"n": n, "lines": lines or n}, **kwargs)


def test_a_job_goes_from_queued_to_running_to_done_and_keeps_its_file_encrypted(unit_admin, commune, settings):
    SEEN.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _start(unit_admin, commune, lines=5000)  # 25 kB: stored compressed
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total == 500 and job.finished_at
    assert SEEN[0] == (JobStatus.RUNNING, 0, 500) and SEEN[4] == (JobStatus.RUNNING, 5, 500)
    assert SEEN[-1] == (JobStatus.RUNNING, 500, 500)
    stored = (Path(settings.MEDIA_ROOT) / job.result_path).read_bytes()
    assert b"line" not in stored and job.result_compressed
    assert services.job_download(job_id=job.pk, acting_user=unit_admin).data == b"line\n" * 5000
    assert AuditEvent.objects.filter(action="job.started", object_id=str(job.pk)).exists()


def test_progress_is_written_once_per_percent_not_once_per_step(unit_admin, commune):
    SEEN.clear()
    _start(unit_admin, commune, n=500)
    assert {done for _status, done, _total in SEEN} == set(range(0, 501, 5))  # 500 steps, 100 writes


def test_a_second_run_of_the_same_job_does_nothing(unit_admin, commune):
    job = Job.objects.get(pk=_start(unit_admin, commune, n=3).pk)
    assert not job.result_compressed  # 15 bytes are kept as they are
    finished = job.finished_at
    services.job_run(job_id=job.pk)
    assert Job.objects.get(pk=job.pk).finished_at == finished


def test_a_refused_job_shows_the_rule_and_a_crashed_one_a_plain_message(admin_client_a, unit_admin, commune):
    refused = _start(unit_admin, commune, kind="tests.refuse")
    crashed = _start(unit_admin, commune, kind="tests.crash")
    assert Job.objects.get(pk=refused.pk).status == Job.objects.get(pk=crashed.pk).status == JobStatus.FAILED
    assert "The campaign opened meanwhile." in admin_client_a.get(f"/jobs/{refused.pk}/").content.decode()
    page = admin_client_a.get(f"/jobs/{crashed.pk}/").content.decode()
    assert "could not be completed" in page and "Traceback" not in page and "secret" not in page


def test_the_failure_message_is_vietnamese(unit_admin, commune):
    from django.test import Client

    crashed = _start(unit_admin, commune, kind="tests.crash")
    client = Client()
    client.force_login(unit_admin)
    assert "Không hoàn thành được việc này" in client.get(f"/jobs/{crashed.pk}/").content.decode()


def test_the_status_fragment_polls_every_second_then_offers_the_download(admin_client_a, unit_admin, commune,
                                                                          settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _start(unit_admin, commune, n=3)
    fragment = admin_client_a.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment and "<html" not in fragment
    services.job_run(job_id=job.pk)
    fragment = admin_client_a.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and f"/jobs/{job.pk}/download/" in fragment
    response = admin_client_a.get(f"/jobs/{job.pk}/download/")
    assert response.content == b"line\n" * 3 and 'filename="count.txt"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="job.downloaded", object_id=str(job.pk), actor=unit_admin).exists()


def test_only_the_owner_sees_or_downloads_a_job(outsider_client, unit_admin, commune):
    job = _start(unit_admin, commune, n=3)
    events = AuditEvent.objects.count()
    assert outsider_client.get(f"/jobs/{job.pk}/").status_code == 404
    assert outsider_client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert outsider_client.get("/jobs/999999/download/").status_code == 404
    assert AuditEvent.objects.count() == events


def test_discarding_a_subject_deletes_its_files_and_stops_its_running_jobs(unit_admin, commune, settings,
                                                                          django_capture_on_commit_callbacks):
    done = _start(unit_admin, commune, n=3, subject="tests.thing:1")
    path = Path(settings.MEDIA_ROOT) / Job.objects.get(pk=done.pk).result_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    waiting = _start(unit_admin, commune, n=3, subject="tests.thing:1")
    other = _start(unit_admin, commune, n=3, subject="tests.thing:2")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.job_results_discard(subject="tests.thing:1", acting_user=unit_admin, reason="test") == 1
    assert not path.exists() and Job.objects.get(pk=done.pk).result_path == ""
    services.job_run(job_id=waiting.pk)
    assert Job.objects.get(pk=waiting.pk).status == JobStatus.FAILED
    assert Job.objects.get(pk=other.pk).status == JobStatus.QUEUED


def test_purge_jobs_removes_the_files_of_expired_jobs_only(unit_admin, commune, settings,
                                                          django_capture_on_commit_callbacks):
    old, fresh = _start(unit_admin, commune, n=3), _start(unit_admin, commune, n=3)
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    old_path = Path(settings.MEDIA_ROOT) / Job.objects.get(pk=old.pk).result_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_jobs", stdout=io.StringIO())
    assert not old_path.exists() and Job.objects.get(pk=old.pk).result_path == ""
    assert (Path(settings.MEDIA_ROOT) / Job.objects.get(pk=fresh.pk).result_path).exists()
    assert AuditEvent.objects.filter(action="jobs.purged").get().after == {"files": 1}
