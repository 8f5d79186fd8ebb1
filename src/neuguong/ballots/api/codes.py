"""One-time codes: issue (returned once), revoke, count."""

from django.http import HttpRequest
from ninja import Router

from neuguong.core.api import caller

from .. import codes as code_format
from .. import selectors, services
from .schemas import CodeCountsOut, IssuedOut, IssueIn, RevokedOut, RevokeIn

router = Router()


@router.get("/ballots/campaigns/{campaign_id}/codes", response=CodeCountsOut, summary="Codes issued, spent, revoked")
def code_counts(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(caller(request), campaign_id)
    return {**selectors.code_counts(campaign), "batches": selectors.code_batches_of(campaign)}


@router.post("/ballots/campaigns/{campaign_id}/codes", response={201: IssuedOut},
             summary="Issue one-time codes (returned once, never stored)")
def code_issue(request: HttpRequest, campaign_id: int, body: IssueIn):
    batch, raw = services.code_batch_issue(campaign_id=campaign_id, size=body.size, label=body.label,
                                           confirmed=body.confirmed, acting_user=caller(request))
    return 201, {"batch_id": batch.pk, "number": batch.number, "codes": [code_format.grouped(c) for c in raw]}


@router.post("/ballots/campaigns/{campaign_id}/codes/revoke", response=RevokedOut, summary="Revoke unused codes")
def code_revoke(request: HttpRequest, campaign_id: int, body: RevokeIn):
    revoked = services.codes_revoke(campaign_id=campaign_id, batch_id=body.batch_id, typed_codes=body.codes,
                                    acting_user=caller(request))
    return {"revoked": revoked}
