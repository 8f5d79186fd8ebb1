"""The campaign's lifecycle on the shared engine (``core.lifecycle``):

    draft --open--> open --close--> closed --count--> counted --publish--> published
    draft | open | closed --cancel--> cancelled
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.lifecycle import Lifecycle, Transition

from .. import rules
from ..models import Ballot, BallotCode, Campaign, CampaignStatus
from ..selectors import reconciliation_of
from .codes import code_seals_destroy
from .counting import compute_tally, store_results, totals_of

S = CampaignStatus
PREPARED = frozenset({S.DRAFT, S.OPEN, S.CLOSED})


def _can_open(campaign: Campaign, user: Any, data: dict[str, Any]) -> str | None:
    if not campaign.candidates.exists():
        return _("Put at least one person on the ballot before opening it.")
    if campaign.closes_at is not None and campaign.closes_at <= timezone.now():
        return _("The closing time must be in the future.")
    return None


def _open(campaign: Campaign, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Freeze the ballot and the catalogue rules, and start accepting ballots."""
    campaign.rules = rules.snapshot(campaign.body)
    campaign.opened_at = timezone.now()
    code_seals_destroy(campaign=campaign, acting_user=user, reason="campaign.opened")
    return {"candidates": campaign.candidates.count(), "questions": campaign.questions.count(),
            "rules": campaign.rules}


def _close(campaign: Campaign, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Stop accepting ballots. Unspent codes expire with the campaign."""
    campaign.closed_at = timezone.now()
    code_seals_destroy(campaign=campaign, acting_user=user, reason="campaign.closed")
    return {"codes_spent": BallotCode.objects.filter(campaign=campaign, spent=True).count(),
            "online_ballots": Ballot.objects.filter(campaign=campaign).count()}


def _cancel(campaign: Campaign, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """No code of a cancelled campaign can be shown again."""
    code_seals_destroy(campaign=campaign, acting_user=user, reason="campaign.cancelled")
    return {}


def _adds_up(campaign: Campaign, user: Any, data: dict[str, Any]) -> str | None:
    reconciliation = reconciliation_of(campaign)
    if reconciliation.adds_up:
        return None
    return _("The count cannot start: %(problems)s") % {"problems": " ".join(reconciliation.problems)}


def _count(campaign: Campaign, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Count a closed campaign whose reconciliation adds up; store each candidate's result."""
    reconciliation = reconciliation_of(campaign)
    result = compute_tally(campaign, reconciliation.online["issued"])
    store_results(campaign, result)
    campaign.totals = totals_of(result, reconciliation)
    campaign.counted_at = timezone.now()
    return dict(campaign.totals)


def _publish(campaign: Campaign, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Make the results and the list of counted receipts public."""
    campaign.published_at = timezone.now()
    return {}


CAMPAIGN = Lifecycle(Campaign, "status", view="ballots.view", related=("unit",), transitions=[
    Transition("open", gettext_lazy("Open the campaign"), frozenset({S.DRAFT}), S.OPEN, "ballots.manage",
               "campaign.opened", guard=_can_open, apply=_open),
    Transition("close", gettext_lazy("Close voting"), frozenset({S.OPEN}), S.CLOSED, "ballots.manage",
               "campaign.closed", apply=_close),
    Transition("count", gettext_lazy("Count"), frozenset({S.CLOSED}), S.COUNTED, "ballots.manage",
               "campaign.counted", guard=_adds_up, apply=_count),
    Transition("publish", gettext_lazy("Publish"), frozenset({S.COUNTED}), S.PUBLISHED, "ballots.manage",
               "campaign.published", apply=_publish),
    Transition("cancel", gettext_lazy("Cancel the campaign"), PREPARED, S.CANCELLED, "ballots.manage",
               "campaign.cancelled", required=("reason",), apply=_cancel,
               messages={"reason": gettext_lazy("Say why the campaign is cancelled.")}),
])


def campaign_open(*, campaign_id: int, acting_user: Any) -> Campaign:
    return CAMPAIGN.transition(campaign_id, "open", acting_user=acting_user)


def campaign_close(*, campaign_id: int, acting_user: Any) -> Campaign:
    return CAMPAIGN.transition(campaign_id, "close", acting_user=acting_user)


def campaign_count(*, campaign_id: int, acting_user: Any) -> Campaign:
    return CAMPAIGN.transition(campaign_id, "count", acting_user=acting_user)


def campaign_publish(*, campaign_id: int, acting_user: Any) -> Campaign:
    return CAMPAIGN.transition(campaign_id, "publish", acting_user=acting_user)


def campaign_cancel(*, campaign_id: int, reason: str, acting_user: Any) -> Campaign:
    return CAMPAIGN.transition(campaign_id, "cancel", acting_user=acting_user, reason=reason)
