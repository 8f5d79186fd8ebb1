"""The caller's own background jobs: their progress and their files."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from neuguong.core import exports
from neuguong.core.api import caller, paged

from . import selectors, services
from .models import Job

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    done: int
    total: int
    percent: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    file_name: str
    file_kept_until: dt.datetime | None
    failure: str

    @staticmethod
    def resolve_file_name(job: Job) -> str:
        return job.result_name if job.kept else ""

    @staticmethod
    def resolve_file_kept_until(job: Job) -> dt.datetime | None:
        return job.expires_at if job.kept else None

    @staticmethod
    def resolve_failure(job: Job) -> str:
        return selectors.job_failure(job) if job.status == "failed" else ""


@router.get("/jobs", response=list[JobOut], summary="List the caller's background jobs, newest first")
@paged
def list_jobs(request: HttpRequest):
    return selectors.jobs_of_owner(caller(request))


@router.get("/jobs/{job_id}", response=JobOut, summary="Get one of the caller's background jobs")
def get_job(request: HttpRequest, job_id: int):
    return selectors.job_of_owner(caller(request), job_id)


@router.get("/jobs/{job_id}/file", summary="Download the file of a finished job while it is kept")
def download_job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    download = services.job_download(job_id=job_id, acting_user=caller(request))
    return exports.attachment(download.data, download.content_type, download.name)
