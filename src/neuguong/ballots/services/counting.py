"""The count (closed → counted) and publication (counted → published)."""

from decimal import Decimal
from typing import Any

from .. import rules
from ..models import BoxResult, Campaign, CandidateResult
from ..selectors import candidates_of, online_answers, questions_of, structure_of
from ..tally import Sheet, Tally, tally


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


def totals_of(result: Tally, reconciliation: Any) -> dict[str, Any]:
    return {
        "summoned": result.summoned, "present": result.present, "quorum_met": result.quorum_met,
        "returned": result.returned, "online": reconciliation.online, "paper": reconciliation.paper,
        "total": reconciliation.total, "invalid_reasons": reconciliation.invalid_reasons,
    }


def store_results(campaign: Campaign, result: Tally) -> None:
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
