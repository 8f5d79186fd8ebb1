"""One-time codes: issued in batches (the raw codes are returned once, for printing, and never
stored), revoked in bulk when slips are lost."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces

from .. import codes
from ..models import BallotCode, CampaignStatus, CodeBatch
from .campaigns import campaign_for_manage, ensure_status, invalid

MAX_BATCH = 5000


@transaction.atomic
def code_batch_issue(*, campaign_id: int, size: int, acting_user: Any, label: str = "") -> tuple[CodeBatch, list[str]]:
    """Issue ``size`` new codes. Returns the batch and the raw codes, which exist nowhere else."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    if not campaign.online:
        raise ServiceError("not_online", _("This campaign has no online ballots."))
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN)
    if not isinstance(size, int) or not 1 <= size <= MAX_BATCH:
        raise invalid("size", _("Issue between 1 and %(n)d codes at a time.") % {"n": MAX_BATCH})
    number = (CodeBatch.objects.filter(campaign=campaign).aggregate(m=Max("number"))["m"] or 0) + 1
    batch = CodeBatch.objects.create(campaign=campaign, number=number, size=size,
                                     label=normalize_spaces(label or "")[:120])
    raw = [codes.new_code() for _i in range(size)]
    BallotCode.objects.bulk_create(
        [BallotCode(digest=codes.digest(code), campaign=campaign, batch=batch) for code in raw], batch_size=1000
    )
    audit.record(acting_user, "code_batch.issued", batch, after={"number": number, "size": size, "label": batch.label})
    return batch, raw


@transaction.atomic
def codes_revoke(*, campaign_id: int, acting_user: Any, batch_id: int | None = None,
                 typed_codes: list[str] | None = None) -> int:
    """Revoke the unused codes of a batch, or the listed codes (slips handed back or lost).
    Spent codes stay spent: their ballots count. Returns how many codes were revoked."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN)
    unused = BallotCode.objects.filter(campaign=campaign, spent=False, revoked=False)
    detail: dict[str, Any] = {}
    if batch_id is not None:
        batch = CodeBatch.objects.filter(campaign=campaign, pk=batch_id).first()
        if batch is None:
            raise invalid("batch_id", _("Choose a batch of this campaign."))
        unused = unused.filter(batch=batch)
        detail["batch"] = batch.number
    elif typed_codes:
        normalized = [codes.normalize(code) for code in typed_codes if codes.normalize(code)]
        malformed = [code for code in normalized if not codes.is_well_formed(code)]
        if malformed:
            raise invalid("codes", _("%(n)d of the codes are mistyped; check them and try again.")
                          % {"n": len(malformed)})
        unused = unused.filter(digest__in=[codes.digest(code) for code in normalized])
        detail["listed"] = len(normalized)
    else:
        raise invalid("batch_id", _("Choose a batch or list the codes to revoke."))
    revoked = unused.update(revoked=True)
    audit.record(acting_user, "codes.revoked", campaign, after={**detail, "revoked": revoked})
    return revoked
