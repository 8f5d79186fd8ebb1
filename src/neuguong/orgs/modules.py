"""Units and people in the navigation, the home page's work list and figures, and the demo."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, Figure, ModuleEntry, NavEntry, Urgency, WorkItem, register_module

from . import demo, selectors

LABEL = _("Units and people")
ITEMS_PER_KIND = 10
PROBATION_NOTICE_DAYS = 30


def work_items(user: Any) -> list[WorkItem]:
    """Probationary members whose twelve months are over or end within a month."""
    today = timezone.localdate()
    items = []
    for membership in selectors.probations_ending(user, until=today + dt.timedelta(days=PROBATION_NOTICE_DAYS))[
            :ITEMS_PER_KIND]:
        ends_on = membership.joined_on + dt.timedelta(days=selectors.PROBATION_DAYS)
        items.append(WorkItem(
            title=gettext("Probation ends: %(name)s") % {"name": membership.person.full_name},
            url=reverse("orgs:person_detail", args=[membership.person_id]), due_on=ends_on,
            urgency=Urgency.OVERDUE if ends_on < today else Urgency.SOON, module=LABEL,
        ))
    return items


def figures(user: Any, unit: Any) -> list[Figure]:
    if unit is None or not has_permission(user, "reports.view", unit.path):
        return []
    counts = selectors.subtree_counts(user, unit)
    people = reverse("orgs:people")
    return [
        Figure(_("Active units"), counts["units"], reverse("orgs:unit_detail", args=[unit.pk]), key="units"),
        Figure(_("People"), counts["people"], people, key="people"),
        Figure(_("Party members"), counts["members"], people, key="members"),
        Figure(_("Probationary members"), counts["members_probationary"], people, key="members-probationary"),
        Figure(_("Current posts"), counts["posts"], key="posts"),
    ]


register_module(ModuleEntry(
    app_label="orgs", label=LABEL, order=10,
    nav=[
        NavEntry(_("Units"), "orgs:unit_tree", ("units.view",), order=10),
        NavEntry(_("People"), "orgs:people", ("people.view",), order=20),
    ],
    work_items=work_items, figures=figures,
    demo=DemoStep(name="orgs", run=demo.run),
))
