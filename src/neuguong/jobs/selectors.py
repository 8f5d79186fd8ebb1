"""Every read on jobs: a job is seen by its owner only."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound

from .models import DISCARDED, FAILED, Job, JobStatus


def jobs_of_owner(user: Any) -> QuerySet[Job]:
    """The user's own jobs, newest first."""
    return Job.objects.filter(owner_id=getattr(user, "pk", None)).order_by("-created_at", "-id")


def has_unfinished_jobs(user: Any) -> bool:
    return jobs_of_owner(user).filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists()


def job_of_owner(user: Any, job_id: int, *, downloadable: bool = False) -> Job:
    """One of the user's own jobs; another's, or a missing one, is ``NotFound`` alike. With
    ``downloadable``, only a finished job whose file is still kept."""
    jobs = Job.objects.filter(owner_id=getattr(user, "pk", None))
    if downloadable:
        jobs = jobs.filter(status=JobStatus.DONE, expires_at__gt=timezone.now()).exclude(result_path="")
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise NotFound
    return job


def job_failure(job: Job) -> str:
    """What a failed job tells its owner: the rule that refused it, never a traceback."""
    if job.error_code == DISCARDED:
        return _("The job was stopped: what it was preparing may no longer be kept.")
    if job.error_code == FAILED or not job.message:
        return _("The job could not be completed. Try again; if it fails again, tell the system administrator.")
    return job.message
