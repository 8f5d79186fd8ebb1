"""Citizen reception in the navigation, the home page's work list and figures, and the demo."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import (
    DemoStep,
    Figure,
    ModuleEntry,
    NavEntry,
    Urgency,
    WorkItem,
    register_module,
    urgency_of,
)

from . import demo, selectors

LABEL = _("Citizen reception")
ITEMS_PER_KIND = 10
SESSION_NOTICE_DAYS = 14
COMMITMENT_NOTICE_DAYS = 14


def _petitions(user: Any, today: dt.date) -> list[WorkItem]:
    return [
        WorkItem(title=gettext("Petition %(code)s: %(subject)s") % {"code": p.tracking_code, "subject": p.subject},
                 url=reverse("reception:petition_detail", args=[p.pk]), due_on=p.due_on,
                 urgency=Urgency.OVERDUE if p.due_on and p.due_on < today else Urgency.SOON, module=LABEL)
        for p in selectors.petitions_waiting_on(user, limit=ITEMS_PER_KIND)
    ]


def _sessions(user: Any, today: dt.date) -> list[WorkItem]:
    until = today + dt.timedelta(days=SESSION_NOTICE_DAYS)
    return [
        WorkItem(title=gettext("Reception session: %(title)s") % {"title": s.title},
                 url=reverse("reception:session_detail", args=[s.pk]), due_on=s.held_on,
                 urgency=urgency_of(s.held_on, today=today, soon_until=today + dt.timedelta(days=2)), module=LABEL)
        for s in selectors.sessions_coming(user, until=until, limit=ITEMS_PER_KIND)
    ]


def _commitments(user: Any, today: dt.date) -> list[WorkItem]:
    until = today + dt.timedelta(days=COMMITMENT_NOTICE_DAYS)
    return [
        WorkItem(title=gettext("Commitment of %(owner)s: %(text)s") % {"owner": c.owner_name, "text": c.text[:80]},
                 url=reverse("reception:dialogue_detail", args=[c.dialogue_id]), due_on=c.due_on,
                 urgency=urgency_of(c.due_on, today=today, soon_until=until), module=LABEL)
        for c in selectors.commitments_due(user, until=until, limit=ITEMS_PER_KIND)
    ]


def work_items(user: Any) -> list[WorkItem]:
    """Petitions the user handles that are overdue or due soon, sessions coming in the user's units
    and commitments of those units that are overdue or due within two weeks."""
    if not has_permission(user, "reception.view"):
        return []
    today = timezone.localdate()
    return [*_petitions(user, today), *_sessions(user, today), *_commitments(user, today)]


def figures(user: Any, unit: Any) -> list[Figure]:
    if unit is None or not has_permission(user, "reception.view", unit.path):
        return []
    counts = selectors.petition_figures(user, unit)
    petitions = reverse("reception:petitions")
    return [
        Figure(_("Petitions being handled"), counts["open"], f"{petitions}?flag=open", key="petitions-open"),
        Figure(_("Petitions overdue"), counts["overdue"], f"{petitions}?flag=overdue", key="petitions-overdue"),
        Figure(_("Petitions due soon"), counts["due_soon"], f"{petitions}?flag=due_soon", key="petitions-due-soon"),
    ]


register_module(ModuleEntry(
    app_label="reception", label=LABEL, order=70,
    nav=[NavEntry(_("Citizen reception"), "reception:index", ("reception.view",), order=70)],
    work_items=work_items, figures=figures,
    demo=DemoStep(name="reception", run=demo.run, depends_on=("catalogues", "orgs")),
))
