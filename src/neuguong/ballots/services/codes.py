"""One-time codes: issued in batches as a background job that prints their slips, revoked in bulk
when slips are lost.

The codes themselves are stored only as SHA-256. While the campaign is a draft the batch also
keeps them sealed (encrypted with ``core.crypto``) so that its slips can be printed again; the
seals and every slips file are destroyed when the campaign opens, closes or is cancelled.
"""

import math
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import access
from neuguong.audit import services as audit
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces
from neuguong.jobs import services as jobs
from neuguong.jobs.models import Job
from neuguong.jobs.progress import Progress
from neuguong.jobs.registry import Result

from .. import codes, rules, slips
from ..models import BallotCode, Campaign, CampaignStatus, CodeBatch
from .campaigns import campaign_for_manage, ensure_status, invalid

MAX_BATCH = 5000
CODES_PER_INSERT = 1000  # rows per INSERT statement when a batch is stored
ISSUE_JOB = "ballots.code_issue"
SLIPS_JOB = "ballots.code_slips"
SLIP_FORMATS = ("html", "docx")
CONFIRMATION_NEEDED = "codes_confirmation_needed"


def job_subject(campaign_id: int) -> str:
    return f"ballots.campaign:{campaign_id}"


def codes_limit(campaign: Campaign) -> int | None:
    """Codes a campaign may hold without a confirmation; ``None`` while the number summoned is unknown."""
    if campaign.summoned is None:
        return None
    factor, extra = rules.codes_margin()
    return math.floor(factor * campaign.summoned) + extra


def _check_issue(campaign: Campaign, size: Any, confirmed: bool) -> None:
    if not campaign.online:
        raise ServiceError("not_online", _("This campaign has no online ballots."))
    ensure_status(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN)
    if not isinstance(size, int) or not 1 <= size <= MAX_BATCH:
        raise invalid("size", _("Issue between 1 and %(n)d codes at a time.") % {"n": MAX_BATCH})
    limit = codes_limit(campaign)
    if limit is None or confirmed:
        return
    held = BallotCode.objects.filter(campaign=campaign, revoked=False).count()
    if held + size > limit:
        raise ServiceError(CONFIRMATION_NEEDED, _(
            "With these %(size)d codes the campaign would hold %(total)d codes for %(summoned)d people "
            "summoned, more than %(limit)d. Confirm that you mean to issue them.") % {
            "size": size, "total": held + size, "summoned": campaign.summoned, "limit": limit})


@transaction.atomic
def code_batch_issue(*, campaign_id: int, size: int, acting_user: Any, label: str = "",
                     confirmed: bool = False) -> tuple[CodeBatch, list[str]]:
    """Issue ``size`` new codes. Returns the batch and the raw codes, sealed on the batch while the
    campaign is a draft and kept nowhere else."""
    campaign = campaign_for_manage(acting_user, campaign_id)  # locked: batches are numbered and counted
    _check_issue(campaign, size, confirmed)
    number = (CodeBatch.objects.filter(campaign=campaign).aggregate(m=Max("number"))["m"] or 0) + 1
    raw = [codes.new_code() for _i in range(size)]
    sealed = crypto.encrypt("\n".join(raw)) if campaign.status == CampaignStatus.DRAFT else ""
    batch = CodeBatch.objects.create(campaign=campaign, number=number, size=size, sealed_codes=sealed,
                                     label=normalize_spaces(label or "")[:120])
    BallotCode.objects.bulk_create(
        [BallotCode(digest=codes.digest(code), campaign=campaign, batch=batch) for code in raw],
        batch_size=CODES_PER_INSERT,
    )
    audit.record(acting_user, "code_batch.issued", batch, after={
        "number": number, "size": size, "label": batch.label, "sealed": bool(sealed), "confirmed": confirmed})
    return batch, raw


def _check_format(slip_format: str) -> None:
    if slip_format not in SLIP_FORMATS:
        raise invalid("format", _("Choose how to print the slips."))


@transaction.atomic
def code_batch_issue_start(*, campaign_id: int, size: int, acting_user: Any, vote_url: str, label: str = "",
                           slip_format: str = "html", confirmed: bool = False) -> Job:
    """Check the request now (so that the form can answer at once) and issue the codes and print
    their slips as a background job."""
    campaign = campaign_for_manage(acting_user, campaign_id, lock=False)
    _check_issue(campaign, size, confirmed)
    _check_format(slip_format)
    return jobs.job_start(kind=ISSUE_JOB, acting_user=acting_user, unit=campaign.unit,
                          subject=job_subject(campaign.pk),
                          params={"campaign_id": campaign.pk, "size": size, "label": label, "format": slip_format,
                                  "vote_url": vote_url, "confirmed": confirmed})


def _ensure_reprintable(campaign: Campaign, batch: CodeBatch) -> None:
    if campaign.status != CampaignStatus.DRAFT or not batch.sealed_codes:
        raise ServiceError("slips_not_reprintable", _(
            "The slips of batch %(number)d can no longer be printed: its codes were destroyed when the "
            "campaign opened. Revoke the batch and issue a new one if slips are missing.") % {"number": batch.number})


@transaction.atomic
def code_batch_reprint(*, batch_id: int, acting_user: Any, vote_url: str, slip_format: str = "html") -> Job:
    """Print the slips of a batch again, from its sealed codes, while the campaign is a draft."""
    batch = access(CodeBatch.objects.all(), acting_user, batch_id, view="ballots.view", action="ballots.manage")
    campaign = campaign_for_manage(acting_user, batch.campaign_id)  # locked: opening waits for us
    _check_format(slip_format)
    _ensure_reprintable(campaign, batch)
    audit.record(acting_user, "code_batch.reprinted", batch, after={"number": batch.number, "format": slip_format})
    return jobs.job_start(kind=SLIPS_JOB, acting_user=acting_user, unit=campaign.unit,
                          subject=job_subject(campaign.pk),
                          params={"batch_id": batch.pk, "format": slip_format, "vote_url": vote_url})


def code_seals_destroy(*, campaign: Campaign, acting_user: Any, reason: str) -> None:
    """Destroy the sealed codes of every batch and the slips files of the campaign (on opening,
    closing or cancelling it): from then on no code can be shown again. Runs in the caller's
    transaction."""
    sealed = list(CodeBatch.objects.filter(campaign=campaign).exclude(sealed_codes="").only("pk", "number",
                                                                                           "campaign"))
    for batch in sealed:
        batch.campaign = campaign
        audit.record(acting_user, "code_batch.seal_destroyed", batch, after={"number": batch.number}, note=reason)
    CodeBatch.objects.filter(pk__in=[batch.pk for batch in sealed]).update(sealed_codes="")
    jobs.job_results_discard(subject=job_subject(campaign.pk), acting_user=acting_user, reason=reason)


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


# --- Runners of the background jobs (neuguong.jobs) ---------------------------------------------


def _slips_result(campaign: Campaign, batch: CodeBatch, raw: list[str], params: dict[str, Any],
                  progress: Progress) -> Result:
    progress.start(len(raw))
    name = f"slips-{campaign.pk}-{batch.number}"
    if params["format"] == "docx":
        data = slips.slips_docx(title=campaign.title, vote_url=params["vote_url"], raw_codes=raw,
                                on_slip=progress.advance)
        return Result(f"{name}.docx", slips.DOCX, data)
    heading = _("%(title)s: batch %(number)d, %(size)d codes") % {
        "title": campaign.title, "number": batch.number, "size": batch.size}
    data = slips.slips_html(title=campaign.title, heading=heading, vote_url=params["vote_url"], raw_codes=raw,
                            on_slip=progress.advance)
    return Result(f"{name}.html", slips.HTML, data)


def run_issue(job: Job, progress: Progress) -> Result:
    params = job.params
    batch, raw = code_batch_issue(campaign_id=params["campaign_id"], size=params["size"], label=params["label"],
                                  confirmed=params["confirmed"], acting_user=job.owner)
    return _slips_result(batch.campaign, batch, raw, params, progress)


def run_reprint(job: Job, progress: Progress) -> Result:
    batch = CodeBatch.objects.select_related("campaign").get(pk=job.params["batch_id"])
    _ensure_reprintable(batch.campaign, batch)
    return _slips_result(batch.campaign, batch, crypto.decrypt(batch.sealed_codes).split("\n"), job.params,
                         progress)
