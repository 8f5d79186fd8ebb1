"""One-time codes: issue and print (the codes are shown once), revoke."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from neuguong.core.errors import ServiceError
from neuguong.web.permissions import require_permission

from .. import codes as code_format
from .. import selectors, services, slips
from ..forms import (
    IssueForm,
    RevokeForm,
)


@require_permission("ballots.manage")
def codes_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    batches = selectors.code_batches_of(campaign)
    return render(request, "ballots/codes.html", {
        "campaign": campaign, "batches": batches, "counts": selectors.code_counts(campaign),
        "issue_form": IssueForm(initial={"format": "html"}), "revoke_form": RevokeForm(batches=batches),
    })


@never_cache
@require_permission("ballots.manage")
@require_POST
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue codes and print them at once: they are shown in this response and never again."""
    campaign = selectors.campaign_get(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter how many codes to issue (1 to 5000)."))
        return redirect("ballots:codes", pk=campaign.pk)
    try:
        batch, raw = services.code_batch_issue(campaign_id=campaign.pk, size=form.cleaned_data["size"],
                                               label=form.cleaned_data["label"], acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
        return redirect("ballots:codes", pk=campaign.pk)
    vote_url = request.build_absolute_uri(reverse("vote:start"))
    if form.cleaned_data["format"] == "docx":
        response = HttpResponse(slips.slips_docx(title=campaign.title, vote_url=vote_url, raw_codes=raw),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="slips-{campaign.pk}-{batch.number}.docx"'
        return response
    slip_list = [{"code": code_format.grouped(code), "qr": slips.qr_svg(slips.slip_url(vote_url, code))}
                 for code in raw]
    return render(request, "ballots/slips.html", {"campaign": campaign, "batch": batch, "slips": slip_list,
                                                  "vote_url": vote_url})


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
