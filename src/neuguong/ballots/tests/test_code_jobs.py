"""Issuing codes as a background job: the slips arrive as a file, can be printed again until the
campaign opens, and asking for far more codes than people summoned needs a confirmation."""

import io
import re
from pathlib import Path

import pytest
from docx import Document

from neuguong.audit.models import AuditEvent
from neuguong.ballots import codes, services
from neuguong.ballots.models import BallotCode, CodeBatch
from neuguong.ballots.services.codes import CODES_PER_INSERT, CONFIRMATION_NEEDED, MAX_BATCH
from neuguong.core.errors import ServiceError
from neuguong.jobs import services as jobs
from neuguong.jobs.models import Job, JobStatus

VOTE_URL = "http://testserver/vote/"


@pytest.fixture(autouse=True)
def _jobs_run_at_once_into_a_scratch_folder(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path


def _issue(campaign, user, size, **kwargs):
    job = services.code_batch_issue_start(campaign_id=campaign.pk, size=size, acting_user=user, vote_url=VOTE_URL,
                                          **kwargs)
    return Job.objects.get(pk=job.pk)


def _printed_codes(data: bytes) -> list[str]:
    return re.findall(r'data-testid="slip-code">([0-9A-Z-]+)<', data.decode())


def test_a_batch_issues_as_a_job_and_its_word_slips_arrive_two_per_row(draft, unit_admin):
    job = _issue(draft, unit_admin, 5, slip_format="docx", label="Toàn xã")
    assert job.status == JobStatus.DONE and job.done == job.total == 5
    assert job.result_name == f"slips-{draft.pk}-1.docx"
    document = Document(io.BytesIO(jobs.job_download(job_id=job.pk, acting_user=unit_admin).data))
    assert len(document.inline_shapes) == 5
    rows = document.tables[0].rows
    assert len(rows) == 3 and rows[-1].cells[1].text == ""  # an odd count leaves the last row half full
    printed = {line for row in rows for cell in row.cells for line in cell.text.splitlines()
               if codes.is_well_formed(codes.normalize(line))}
    assert len(printed) == 5
    assert {codes.digest(codes.normalize(code)) for code in printed} == set(
        BallotCode.objects.filter(campaign=draft).values_list("digest", flat=True))


def test_a_batch_larger_than_one_insert_stores_every_code(draft, unit_admin):
    size = CODES_PER_INSERT + 1
    batch, raw = services.code_batch_issue(campaign_id=draft.pk, size=size, acting_user=unit_admin)
    assert len(set(raw)) == size and batch.size == size
    assert {codes.digest(code) for code in raw} == set(
        BallotCode.objects.filter(campaign=draft, batch=batch).values_list("digest", flat=True))
    assert BallotCode.objects.filter(campaign=draft).count() == size


def test_the_largest_batch_is_accepted_and_one_code_more_is_refused(draft, unit_admin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    job = _issue(draft, unit_admin, MAX_BATCH)
    assert job.status == JobStatus.QUEUED and job.params["size"] == MAX_BATCH
    with pytest.raises(ServiceError) as refused:
        _issue(draft, unit_admin, MAX_BATCH + 1)
    assert refused.value.code == "invalid" and "size" in refused.value.field_errors
    assert Job.objects.count() == 1 and not BallotCode.objects.exists()


def test_issuing_from_the_page_follows_the_job_and_downloads_the_slips_once_ready(admin_client_a, draft):
    response = admin_client_a.post(f"/ballots/{draft.pk}/codes/issue/", {"size": 3, "label": "Thôn Đông",
                                                                         "format": "html"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/ballots/{draft.pk}/codes/?job={job.pk}"
    page = admin_client_a.get(response.url).content.decode()
    assert f"/jobs/{job.pk}/download/" in page
    slips = admin_client_a.get(f"/jobs/{job.pk}/download/")
    printed = _printed_codes(slips.content)
    assert len(printed) == 3 and all(codes.is_well_formed(codes.normalize(code)) for code in printed)
    assert slips["Content-Disposition"].startswith(f'attachment; filename="slips-{draft.pk}-1.html"')
    assert VOTE_URL in slips.content.decode() and slips.content.decode().count("<svg") == 3
    assert not any(code in page for code in printed)


def test_the_slips_of_a_draft_batch_print_again_with_the_same_codes(draft, unit_admin):
    first = _printed_codes(jobs.job_download(job_id=_issue(draft, unit_admin, 4).pk, acting_user=unit_admin).data)
    batch = CodeBatch.objects.get(campaign=draft)
    assert batch.sealed_codes and not any(code.replace("-", "") in batch.sealed_codes for code in first)
    again = services.code_batch_reprint(batch_id=batch.pk, acting_user=unit_admin, vote_url=VOTE_URL)
    assert _printed_codes(jobs.job_download(job_id=again.pk, acting_user=unit_admin).data) == first
    assert AuditEvent.objects.filter(action="code_batch.reprinted", object_id=str(batch.pk)).exists()


def test_opening_the_campaign_destroys_the_sealed_codes_and_their_slips(draft, unit_admin, settings,
                                                                        django_capture_on_commit_callbacks):
    job = _issue(draft, unit_admin, 4)
    slips_file = Path(settings.MEDIA_ROOT) / job.result_path
    services.box_create(campaign_id=draft.pk, name="Hòm phiếu số 1", acting_user=unit_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_open(campaign_id=draft.pk, acting_user=unit_admin)
    batch = CodeBatch.objects.get(campaign=draft)
    assert batch.sealed_codes == "" and not slips_file.exists() and Job.objects.get(pk=job.pk).result_path == ""
    assert AuditEvent.objects.filter(action="code_batch.seal_destroyed", object_id=str(batch.pk)).exists()
    assert AuditEvent.objects.filter(action="job.result_discarded", object_id=str(job.pk)).exists()


def test_printing_again_is_refused_once_the_campaign_is_open_and_changes_nothing(admin_client_a, draft, unit_admin):
    _issue(draft, unit_admin, 4)
    services.box_create(campaign_id=draft.pk, name="Hòm phiếu số 1", acting_user=unit_admin)
    services.campaign_open(campaign_id=draft.pk, acting_user=unit_admin)
    batch = CodeBatch.objects.get(campaign=draft)
    events, job_count = AuditEvent.objects.count(), Job.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.code_batch_reprint(batch_id=batch.pk, acting_user=unit_admin, vote_url=VOTE_URL)
    assert refused.value.code == "slips_not_reprintable"
    response = admin_client_a.post(f"/ballots/{draft.pk}/codes/batches/{batch.pk}/reprint/", {"format": "html"},
                                   follow=True)
    assert "can no longer be printed" in response.content.decode()
    assert (AuditEvent.objects.count(), Job.objects.count()) == (events, job_count)


def test_a_batch_issued_while_open_keeps_no_sealed_codes(opened, unit_admin):
    assert _issue(opened, unit_admin, 2).status == JobStatus.DONE
    assert CodeBatch.objects.get(campaign=opened).sealed_codes == ""


def test_an_outsider_cannot_print_another_communes_batch_again(outsider, draft, unit_admin):
    _issue(draft, unit_admin, 2)
    batch = CodeBatch.objects.get(campaign=draft)
    events = AuditEvent.objects.count()
    with pytest.raises(Exception) as refused:
        services.code_batch_reprint(batch_id=batch.pk, acting_user=outsider, vote_url=VOTE_URL)
    assert getattr(refused.value, "status_code", 404) == 404 and type(refused.value).__name__ == "NotFound"
    assert AuditEvent.objects.count() == events and Job.objects.count() == 1


def test_more_codes_than_the_margin_over_those_summoned_need_a_confirmation(draft, unit_admin):
    services.campaign_set_electorate(campaign_id=draft.pk, summoned=10, present=None, acting_user=unit_admin)
    _issue(draft, unit_admin, 16)  # 110 % of 10 + 5 = 16: no question asked
    with pytest.raises(ServiceError) as refused:
        _issue(draft, unit_admin, 1)
    assert refused.value.code == CONFIRMATION_NEEDED and "17 codes for 10 people" in str(refused.value.message)
    assert BallotCode.objects.filter(campaign=draft).count() == 16 and Job.objects.count() == 1
    assert _issue(draft, unit_admin, 1, confirmed=True).status == JobStatus.DONE
    assert AuditEvent.objects.filter(action="code_batch.issued").latest("seq").after["confirmed"] is True


def test_the_page_asks_for_the_confirmation_with_a_checkbox(admin_client_a, draft, unit_admin):
    services.campaign_set_electorate(campaign_id=draft.pk, summoned=10, present=None, acting_user=unit_admin)
    response = admin_client_a.post(f"/ballots/{draft.pk}/codes/issue/", {"size": 40, "format": "html"})
    body = response.content.decode()
    assert response.status_code == 409 and 'type="checkbox" name="confirmed"' in body and "more than 16" in body
    assert not BallotCode.objects.exists()
    response = admin_client_a.post(f"/ballots/{draft.pk}/codes/issue/", {"size": 40, "format": "html",
                                                                          "confirmed": "on"})
    assert response.status_code == 302 and BallotCode.objects.filter(campaign=draft).count() == 40
