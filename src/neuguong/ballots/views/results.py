"""Reconciliation, results after the count, and the minutes as Word and Excel files."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import has_permission

from .. import minutes, rules, selectors
from ..models import Campaign
from .common import staff_page


@staff_page
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    rec = selectors.reconciliation_of(campaign)
    reasons = {r["code"]: rules.label(r) for r in campaign.rules.get("invalid_reasons", [])}
    return render(request, "ballots/reconciliation.html", {
        "campaign": campaign, "rec": rec, "can_manage": selectors.can_manage(request.user, campaign),
        "reasons": [(reasons.get(code, code), n) for code, n in rec.invalid_reasons.items()],
    })


def _counted_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(request.user, pk)
    if not has_permission(request.user, "ballots.view", campaign.unit.path) or campaign.counted_at is None:
        raise PermissionDenied(_("Results are shown to authorised roles after the count."))
    return campaign


@staff_page
def results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    return render(request, "ballots/results.html", {
        "campaign": campaign, **minutes.results_context(minutes.minutes_data(campaign)),
        "can_manage": selectors.can_manage(request.user, campaign),
        "comments": selectors.comments_of(campaign),
    })


@staff_page
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    response = HttpResponse(minutes.minutes_docx(minutes.minutes_data(campaign)),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{campaign.pk}.docx"'
    return response


@staff_page
def minutes_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    response = HttpResponse(minutes.minutes_xlsx(minutes.minutes_data(campaign)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{campaign.pk}.xlsx"'
    return response
