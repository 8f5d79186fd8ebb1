"""Emulation and commendation in the navigation, the home page's work list, and the demo."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, WorkItem, register_module, urgency_of

from . import demo, selectors
from .models import NominationStatus

LABEL = _("Emulation and commendation")
ITEMS_PER_KIND = 10


def work_items(user: Any) -> list[WorkItem]:
    """For the competent body: nominations the council passed, to approve or refuse (one query);
    for the staff who nominate: proposals waiting for the council's vote (one query)."""
    today = timezone.localdate()
    items: list[WorkItem] = []
    if has_permission(user, "honours.approve"):
        for nomination in selectors.nominations_waiting(user, permission="honours.approve",
                                                        status=NominationStatus.PASSED, limit=ITEMS_PER_KIND):
            items.append(WorkItem(
                title=gettext("Decide on the nomination of %(name)s") % {"name": nomination.subject_name},
                url=reverse("honours:nomination_detail", args=[nomination.pk]), due_on=None,
                urgency=urgency_of(None, today=today, soon_until=today), module=LABEL))
    if has_permission(user, "honours.manage"):
        for nomination in selectors.nominations_waiting(user, permission="honours.manage",
                                                        status=NominationStatus.PROPOSED, limit=ITEMS_PER_KIND):
            due_on = nomination.round.closes_on
            items.append(WorkItem(
                title=gettext("Record the council's vote on %(name)s") % {"name": nomination.subject_name},
                url=reverse("honours:nomination_detail", args=[nomination.pk]), due_on=due_on,
                urgency=urgency_of(due_on, today=today, soon_until=today), module=LABEL))
    return items


register_module(ModuleEntry(
    app_label="honours", label=LABEL, order=78,
    nav=[NavEntry(_("Emulation and commendation"), "honours:index", ("honours.view",), order=78)],
    work_items=work_items,
    demo=DemoStep(name="honours", run=demo.run, depends_on=("orgs", "portal")),
))
