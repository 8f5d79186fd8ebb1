"""A job's status (an HTMX fragment polling every second until the job ends) and its download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import selectors, services


@never_cache
@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_of_owner(request.user, pk)
    context = {"job": job, "label": selectors.job_label(job),
               "failure": selectors.job_failure(job) if job.status == "failed" else ""}
    template = "jobs/_status.html" if getattr(request, "htmx", False) else "jobs/job.html"
    return render(request, template, context)


@never_cache
@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    download = services.job_download(job_id=pk, acting_user=request.user)
    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.name}"'
    return response
