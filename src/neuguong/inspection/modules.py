"""Inspection and discipline in the navigation, the home page's work list, and the demo."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, WorkItem, register_module, urgency_of

from . import demo, rules, selectors
from .models import CaseStatus

LABEL = _("Inspection and discipline")
ITEMS_PER_KIND = 10
NOTICE_DAYS = 14
# A violation waits for its decision; its shortest limitation period (Khiển trách) is the deadline shown.
SHORTEST_LIMITATION_YEARS = 5


def _short(text: str, limit: int = 80) -> str:
    """``text`` cut at a word boundary, so that no word shows cut in half."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def has_person(user: Any) -> bool:
    """Discipline is about people: an account without a linked person has none to read."""
    return getattr(user, "person_id", None) is not None


def work_items(user: Any) -> list[WorkItem]:
    """For inspection staff: cases to start or conclude, recommendations to follow up, appeals waiting
    for their outcome and violations waiting for their decision;
    for a member: their own decisions while an appeal can still be filed."""
    today = timezone.localdate()
    until = today + dt.timedelta(days=NOTICE_DAYS)
    items: list[WorkItem] = []
    if has_permission(user, "inspection.manage"):
        for case in selectors.cases_due(user, until=until, limit=ITEMS_PER_KIND):
            planned = case.status == CaseStatus.PLANNED
            due_on = case.planned_start if planned else case.ends_on
            title = (gettext("Start the case on %(subject)s: %(title)s") if planned
                     else gettext("Conclude the case on %(subject)s: %(title)s"))
            items.append(WorkItem(title=title % {"subject": case.subject_name, "title": _short(case.title)},
                                  url=reverse("inspection:case_detail", args=[case.pk]), due_on=due_on,
                                  urgency=urgency_of(due_on, today=today, soon_until=until), module=LABEL))
        for recommendation in selectors.recommendations_due(user, until=until, limit=ITEMS_PER_KIND):
            items.append(WorkItem(
                title=gettext("Follow up the recommendation: %(text)s") % {"text": _short(recommendation.text)},
                url=reverse("inspection:case_detail", args=[recommendation.case_id]), due_on=recommendation.due_on,
                urgency=urgency_of(recommendation.due_on, today=today, soon_until=until), module=LABEL))
        for appeal in selectors.appeals_pending(user, limit=ITEMS_PER_KIND):
            items.append(WorkItem(
                title=gettext("Appeal against decision %(number)s waits for its outcome")
                % {"number": appeal.decision.number},
                url=reverse("inspection:violation_detail", args=[appeal.decision.violation_id]), due_on=None,
                urgency=urgency_of(None, today=today, soon_until=until), module=LABEL))
        for violation in selectors.violations_awaiting(user, limit=ITEMS_PER_KIND):
            last_day = rules.limitation_last_day(violation.occurred_on, SHORTEST_LIMITATION_YEARS)
            items.append(WorkItem(
                title=gettext("Violation of %(day)s waits for its decision (%(body)s)")
                % {"day": f"{violation.occurred_on:%d/%m/%Y}", "body": violation.unit.name},
                url=reverse("inspection:violation_detail", args=[violation.pk]), due_on=last_day,
                urgency=urgency_of(last_day, today=today, soon_until=until), module=LABEL))
    for decision in selectors.own_decisions(user)[:ITEMS_PER_KIND]:
        last_day = rules.appeal_last_day(decision.notified_on)
        if last_day >= today and not decision.appeals.all():
            items.append(WorkItem(
                title=gettext("Discipline decision %(number)s about you: an appeal can be filed")
                % {"number": decision.number},
                url=reverse("inspection:mine_detail", args=[decision.pk]), due_on=last_day,
                urgency=urgency_of(last_day, today=today, soon_until=until), module=LABEL))
    return items


register_module(ModuleEntry(
    app_label="inspection", label=LABEL, order=65,
    nav=[NavEntry(_("Inspection and discipline"), "inspection:index", ("inspection.view",), order=65),
         NavEntry(_("Discipline about me"), "inspection:mine", ("self.view",), order=95, shown_to=has_person)],
    work_items=work_items,
    demo=DemoStep(name="inspection", run=demo.run, depends_on=("orgs", "catalogues")),
))
