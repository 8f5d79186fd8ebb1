"""One-time codes: issue and print (a background job; the slips of a draft's batches can be
printed again until the campaign opens), revoke."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import ServiceError
from neuguong.jobs import selectors as jobs
from neuguong.web.permissions import require_permission

from .. import selectors, services
from ..forms import IssueForm, ReprintForm, RevokeForm
from ..services.codes import CONFIRMATION_NEEDED


def _page(request: HttpRequest, campaign: Any, issue_form: IssueForm | None = None, status: int = 200) -> HttpResponse:
    batches = selectors.code_batches_of(campaign)
    job_id = request.GET.get("job", "")
    job = jobs.job_of_owner(request.user, int(job_id)) if job_id.isdigit() else None
    return render(request, "ballots/codes.html", {
        "campaign": campaign, "batches": batches, "counts": selectors.code_counts(campaign),
        "issue_form": issue_form or IssueForm(initial={"format": "html"}), "revoke_form": RevokeForm(batches=batches),
        "reprint_form": ReprintForm(), "job": job, "label": job.label if job else "",
        "failure": jobs.job_failure(job) if job and job.status == "failed" else "",
    }, status=status)


@require_permission("ballots.manage")
def codes_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.campaign_get(request.user, pk))


def _with_job(campaign_pk: int, job: Any) -> HttpResponse:
    return redirect(f"{reverse('ballots:codes', args=[campaign_pk])}?job={job.pk}")


@require_permission("ballots.manage")
@require_POST
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Start issuing the codes and printing their slips; the codes page then follows the job."""
    campaign = selectors.campaign_get(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter how many codes to issue (1 to 5000)."))
        return redirect("ballots:codes", pk=campaign.pk)
    try:
        job = services.code_batch_issue_start(
            campaign_id=campaign.pk, size=form.cleaned_data["size"], label=form.cleaned_data["label"],
            slip_format=form.cleaned_data["format"], confirmed=form.cleaned_data["confirmed"],
            vote_url=request.build_absolute_uri(reverse("vote:start")), acting_user=request.user)
    except ServiceError as error:
        if error.code != CONFIRMATION_NEEDED:
            messages.error(request, str(error.message))
            return redirect("ballots:codes", pk=campaign.pk)
        form.ask_confirmation(str(error.message))
        return _page(request, campaign, form, status=409)
    return _with_job(campaign.pk, job)


@require_permission("ballots.manage")
@require_POST
def batch_reprint(request: HttpRequest, pk: int, batch_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = ReprintForm(request.POST)
    slip_format = form.cleaned_data["format"] if form.is_valid() else "html"
    try:
        job = services.code_batch_reprint(batch_id=batch_id, slip_format=slip_format, acting_user=request.user,
                                          vote_url=request.build_absolute_uri(reverse("vote:start")))
    except ServiceError as error:
        messages.error(request, str(error.message))
        return redirect("ballots:codes", pk=campaign.pk)
    return _with_job(campaign.pk, job)


@require_permission("ballots.manage")
@require_POST
def codes_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = RevokeForm(request.POST, batches=selectors.code_batches_of(campaign))
    if not form.is_valid():
        messages.error(request, _("Choose a batch or list the codes to revoke."))
        return redirect("ballots:codes", pk=campaign.pk)
    try:
        revoked = services.codes_revoke(campaign_id=campaign.pk, batch_id=form.cleaned_data["batch"],
                                        typed_codes=form.cleaned_data["codes"].splitlines(), acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(n)d unused codes were revoked.") % {"n": revoked})
    return redirect("ballots:codes", pk=campaign.pk)
