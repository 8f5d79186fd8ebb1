"""The user's jobs, one job's status (an HTMX fragment polling every second until the job ends)
and its download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from neuguong.core import exports
from neuguong.web.lists import ListPage

from . import selectors, services


@never_cache
@login_required
def job_list(request: HttpRequest) -> HttpResponseBase:
    """What the user started: long downloads and slips, how far each has got, their files."""
    listing = ListPage(request, selectors.jobs_of_owner(request.user), name="job",
                       empty=_("You have not started a long download yet. Downloads of more than a few "
                               "thousand rows are prepared here."))
    return listing.response("jobs/jobs.html", "jobs/_job_table.html",
                            {"polling": selectors.has_unfinished_jobs(request.user)})


@never_cache
@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_of_owner(request.user, pk)
    context = {"job": job, "label": job.label,
               "failure": selectors.job_failure(job) if job.status == "failed" else ""}
    template = "jobs/_status.html" if getattr(request, "htmx", False) else "jobs/job.html"
    return render(request, template, context)


@never_cache
@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    download = services.job_download(job_id=pk, acting_user=request.user)
    return exports.attachment(download.data, download.content_type, download.name)
