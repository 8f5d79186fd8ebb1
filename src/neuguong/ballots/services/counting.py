"""The count (closed → counted) and publication (counted → published)."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError

from .. import rules
from ..models import BoxResult, Campaign, CampaignStatus, CandidateResult
from ..selectors import candidates_of, online_answers, questions_of, reconciliation_of, structure_of
from ..tally import Sheet, Tally, tally
from .campaigns import campaign_for_manage, ensure_status


def _sheets(campaign: Campaign) -> list[Sheet]:
    return [
        Sheet(issued=d["issued"], returned=d["returned"], valid=d["valid"], invalid=d["invalid"],
              invalid_reasons=d["invalid_reasons"], counts=d["counts"])
        for d in BoxResult.objects.filter(box__campaign=campaign).values_list("data", flat=True)
    ]


def compute_tally(campaign: Campaign, issued_online: int) -> Tally:
    return tally(
        structure_of(campaign),
        online_answers=online_answers(campaign),
        sheets=_sheets(campaign),
        issued_online=issued_online,
        summoned=campaign.summoned,
        present=campaign.present,
        quorum=rules.quorum_of(campaign.rules),
        thresholds=rules.thresholds_of(campaign.rules),
    )


def _totals(result: Tally, reconciliation: Any) -> dict[str, Any]:
    return {
        "summoned": result.summoned, "present": result.present, "quorum_met": result.quorum_met,
        "returned": result.returned, "online": reconciliation.online, "paper": reconciliation.paper,
        "total": reconciliation.total, "invalid_reasons": reconciliation.invalid_reasons,
    }


def _store_results(campaign: Campaign, result: Tally) -> None:
    questions = [q for q in questions_of(campaign) if q.options]
    rows = []
    for candidate, line in zip(candidates_of(campaign), result.candidates, strict=True):
        def by(key: str, line: dict = line) -> dict[str, dict[str, Any]]:
            return {str(q.position): {o["code"]: line["questions"][i]["options"][j][key]
                                      for j, o in enumerate(q.options)}
                    for i, q in enumerate(questions)}

        counts = by("total")
        shares = by("percent")
        rows.append(CandidateResult(
            campaign=campaign, candidate=candidate, person_id=candidate.person_id, period=campaign.period,
            returned=result.returned, counts=counts, channels={"online": by("online"), "paper": by("paper")},
            shares=shares, threshold=line["threshold"],
            low_share=Decimal(line["low_share"]).quantize(Decimal("0.0001")) if line["low_share"] else None,
            quorum_met=result.quorum_met,
        ))
    CandidateResult.objects.bulk_create(rows)


@transaction.atomic
def campaign_count(*, campaign_id: int, acting_user: Any) -> Campaign:
    """Count a closed campaign whose reconciliation adds up; store each candidate's result."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_status(campaign, CampaignStatus.CLOSED)
    reconciliation = reconciliation_of(campaign)
    if not reconciliation.adds_up:
        raise ServiceError("does_not_add_up", _("The count cannot start: %(problems)s")
                           % {"problems": " ".join(reconciliation.problems)})
    result = compute_tally(campaign, reconciliation.online["issued"])
    _store_results(campaign, result)
    campaign.totals = _totals(result, reconciliation)
    campaign.status = CampaignStatus.COUNTED
    campaign.counted_at = timezone.now()
    campaign.save(update_fields=["totals", "status", "counted_at"])
    audit.record(acting_user, "campaign.counted", campaign, after=campaign.totals)
    return campaign


@transaction.atomic
def campaign_publish(*, campaign_id: int, acting_user: Any) -> Campaign:
    """Make the results and the list of counted receipts public."""
    campaign = campaign_for_manage(acting_user, campaign_id)
    ensure_status(campaign, CampaignStatus.COUNTED)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["status", "published_at"])
    audit.record(acting_user, "campaign.published", campaign)
    return campaign
