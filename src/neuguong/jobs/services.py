"""Every write on jobs: start (audited, queued in the same transaction), run (by the worker),
download (owner only, audited), discard the results of a subject, purge expired files."""

import gzip
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core import crypto
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError

from .models import Job, JobStatus
from .progress import Progress
from .registry import Result, is_registered, job_kind
from .selectors import job_of_owner

logger = logging.getLogger(__name__)

FAILED = "job_failed"
DISCARDED = "job_discarded"
COMPRESS_FROM = 16 * 1024  # bytes; smaller files are kept as they are


@dataclass(frozen=True)
class Download:
    name: str
    content_type: str
    data: bytes


@transaction.atomic
def job_start(*, kind: str, acting_user: Any, unit: Any, params: dict[str, Any], subject: str = "") -> Job:
    """Record the job and queue its run; the queue's row commits or rolls back with the caller's write."""
    from . import tasks

    if not is_registered(kind):
        raise ServiceError("unknown_job", _("This kind of job does not exist."))
    if not getattr(acting_user, "pk", None):
        raise ServiceError("job_owner", _("Only a signed-in user can start a job."))
    job = Job.objects.create(kind=kind, owner=acting_user, unit=unit, subject=subject, params=params,
                             expires_at=timezone.now() + job_kind(kind).keep)
    audit.record(acting_user, "job.started", job, after={"kind": kind, "subject": subject})
    tasks.run_job.enqueue(job_id=job.pk)
    return job


def job_run(*, job_id: int) -> None:
    """Run a queued job once: claim it, run its kind's runner, keep the result or the failure."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING,
                                                                           started_at=timezone.now())
    if not claimed:
        return
    job = Job.objects.select_related("owner", "unit").get(pk=job_id)
    try:
        result = job_kind(job.kind).runner(job, Progress(job.pk))
    except ServiceError as error:
        _finish(job, JobStatus.FAILED, error_code=error.code, message=str(error.message))
        return
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error_code=FAILED)
        return
    stored = _store(result) if result is not None else {}
    if not _finish(job, JobStatus.DONE, **stored) and stored:
        default_storage.delete(stored["result_path"])  # discarded while it ran: keep nothing


def _store(result: Result) -> dict[str, Any]:
    data, compressed = result.data, False
    if len(data) >= COMPRESS_FROM and len(packed := gzip.compress(data, compresslevel=6)) < len(data):
        data, compressed = packed, True
    path = default_storage.save(f"jobs/{secrets.token_hex(16)}", ContentFile(crypto.encrypt_bytes(data)))
    return {"result_name": result.name[:200], "result_type": result.content_type, "result_path": path,
            "result_compressed": compressed}


def _finish(job: Job, status: str, **values: Any) -> bool:
    """End a running job; ``False`` when it was no longer running (its results were discarded)."""
    values.update(status=status, finished_at=timezone.now())
    if status == JobStatus.DONE:
        values["done"] = F("total")
    return bool(Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**values))


@transaction.atomic
def job_download(*, job_id: int, acting_user: Any) -> Download:
    """The result file of one of the user's own jobs; anyone else's answers 404, as missing."""
    job = job_of_owner(acting_user, job_id, downloadable=True)
    with default_storage.open(job.result_path, "rb") as stored:
        data = crypto.decrypt_bytes(stored.read())
    audit.record(acting_user, "job.downloaded", job, after={"kind": job.kind, "name": job.result_name})
    return Download(job.result_name, job.result_type, gzip.decompress(data) if job.result_compressed else data)


def _delete_files_on_commit(paths: list[str]) -> None:
    def delete() -> None:
        for path in paths:
            default_storage.delete(path)

    transaction.on_commit(delete)


@transaction.atomic
def job_results_discard(*, subject: str, acting_user: Any, reason: str) -> int:
    """Delete the result files of every job about ``subject`` (for example slips holding codes);
    its jobs still queued or running end as failed and keep nothing. Returns how many files."""
    Job.objects.filter(subject=subject, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED, error_code=DISCARDED, finished_at=timezone.now())
    jobs = list(Job.objects.select_for_update(no_key=True).filter(subject=subject).exclude(result_path=""))
    for job in jobs:
        audit.record(acting_user, "job.result_discarded", job, before={"name": job.result_name}, note=reason)
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(result_path="")
    _delete_files_on_commit([job.result_path for job in jobs])
    return len(jobs)


@transaction.atomic
def jobs_purge(*, now: Any = None) -> int:
    """Delete the result files of expired jobs (``manage.py purge_jobs``). Returns how many."""
    expired = (Job.objects.select_for_update(no_key=True).filter(expires_at__lte=now or timezone.now())
               .exclude(result_path=""))
    paths = list(expired.values_list("result_path", flat=True))
    if paths:
        expired.update(result_path="")
        audit.record(SYSTEM, "jobs.purged", after={"files": len(paths)})
        _delete_files_on_commit(paths)
    return len(paths)
