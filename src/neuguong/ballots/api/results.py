"""Reconciliation, results after the count, and published results."""

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from neuguong.core.api import caller
from neuguong.core.errors import ServiceError

from .. import selectors
from .common import box_out
from .schemas import ReconciliationOut, ResultsOut

router = Router()


@router.get("/ballots/campaigns/{campaign_id}/reconciliation", response=ReconciliationOut)
def reconciliation(request: HttpRequest, campaign_id: int):
    rec = selectors.reconciliation_of(selectors.campaign_get(caller(request), campaign_id))
    return {"boxes": [box_out(line) for line in rec.boxes], "codes": rec.codes, "online": rec.online,
            "paper": rec.paper, "total": rec.total, "invalid_reasons": rec.invalid_reasons,
            "problems": rec.problems, "adds_up": rec.adds_up}


def _results(campaign: Any) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "totals": campaign.totals or {},
        "candidates": [
            {"candidate_id": r.candidate_id, "person_id": r.person_id, "full_name": r.candidate.full_name,
             "period": r.period, "returned": r.returned, "counts": r.counts, "shares": r.shares,
             "low_share": float(r.low_share) if r.low_share is not None else None, "threshold": r.threshold,
             "quorum_met": r.quorum_met}
            for r in selectors.results_of(campaign)
        ],
    }


@router.get("/ballots/campaigns/{campaign_id}/results", response=ResultsOut, summary="Results after the count")
def results(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(caller(request), campaign_id)
    if campaign.counted_at is None:
        raise ServiceError("not_counted", _("This campaign has not been counted yet."))
    return _results(campaign)


@router.get("/ballots/published/{public_id}/results", auth=None, response=ResultsOut,
            summary="Results of a published campaign")
def published_results(request: HttpRequest, public_id: uuid.UUID):
    return _results(selectors.published_campaign(public_id))
