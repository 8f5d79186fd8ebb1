"""Ballots in the navigation, the home page's work list and figures, and the demo."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, Figure, ModuleEntry, NavEntry, WorkItem, register_module, urgency_of

from . import demo, selectors
from .models import Campaign, CampaignStatus

LABEL = _("Ballots")
ITEMS_PER_KIND = 10
SOON_DAYS = 3
STEP_TITLES = {
    CampaignStatus.DRAFT: _("Open the ballot: %(title)s"),
    CampaignStatus.OPEN: _("Close the ballot: %(title)s"),
    CampaignStatus.CLOSED: _("Count the ballot: %(title)s"),
    CampaignStatus.COUNTED: _("Publish the results: %(title)s"),
}


def _due(campaign: Campaign) -> dt.date | None:
    if campaign.closes_at is not None:
        return timezone.localdate(campaign.closes_at)
    return campaign.held_on


def _item(campaign: Campaign, title: str, url: str, today: dt.date) -> WorkItem:
    due_on = _due(campaign)
    return WorkItem(title=title, url=url, due_on=due_on, module=LABEL,
                    urgency=urgency_of(due_on, today=today, soon_until=today + dt.timedelta(days=SOON_DAYS)))


def work_items(user: Any) -> list[WorkItem]:
    """Campaigns the user counts as a teller, campaigns of the user's units waiting for their next
    step, and open online ballots of the user's own unit to vote in."""
    today = timezone.localdate()
    items = []
    if has_permission(user, "ballots.count"):
        items += [_item(c, gettext("Enter the paper ballots: %(title)s") % {"title": c.title},
                        reverse("ballots:detail", args=[c.pk]), today)
                  for c in selectors.campaigns_to_count(user, limit=ITEMS_PER_KIND)]
    if has_permission(user, "ballots.manage"):
        items += [_item(c, str(STEP_TITLES[CampaignStatus(c.status)]) % {"title": c.title},
                        reverse("ballots:detail", args=[c.pk]), today)
                  for c in selectors.campaigns_to_advance(user, limit=ITEMS_PER_KIND)]
    items += [_item(c, gettext("Vote with your one-time code: %(title)s") % {"title": c.title},
                    reverse("vote:start"), today)
              for c in selectors.campaigns_to_vote_in(user, limit=ITEMS_PER_KIND)]
    return items


def figures(user: Any, unit: Any) -> list[Figure]:
    if unit is None or not has_permission(user, "ballots.view", unit.path):
        return []
    counts = selectors.campaign_figures(user, unit)
    campaigns = reverse("ballots:list")
    return [
        Figure(_("Ballots under way"), counts["under_way"], campaigns, key="ballots-under-way"),
        Figure(_("Ballots published"), counts["published"], f"{campaigns}?status=published",
               key="ballots-published"),
    ]


register_module(ModuleEntry(
    app_label="ballots", label=LABEL, order=80,
    # tellers reach the campaigns they count through the same list
    nav=[NavEntry(_("Ballots"), "ballots:list", ("ballots.view", "ballots.count"), order=80)],
    work_items=work_items, figures=figures,
    demo=DemoStep(name="ballots", run=demo.run, depends_on=("catalogues", "orgs")),
))
