"""Study in the navigation, the home page's work list and figures, and the demo."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, Urgency, WorkItem, register_module, urgency_of

from . import demo, selectors
from .years import assessment_opens, quarter_ends

LABEL = _("Study and following")
ITEMS_PER_KIND = 10
ITEM_NOTICE_DAYS = 14


def work_items(user: Any) -> list[WorkItem]:
    """Plan items of the user's units overdue or due within two weeks (plans not yet closed)."""
    if not has_permission(user, "study.view"):
        return []
    today = timezone.localdate()
    until = today + dt.timedelta(days=ITEM_NOTICE_DAYS)
    return [
        WorkItem(title=gettext("Study plan of %(unit)s: %(content)s") % {"unit": item.plan.unit.name,
                                                                        "content": item.content[:80]},
                 url=reverse("study:plan_detail", args=[item.plan_id]), due_on=item.due_on,
                 urgency=urgency_of(item.due_on, today=today, soon_until=until), module=LABEL)
        for item in selectors.items_due(user, until=until, limit=ITEMS_PER_KIND)
    ]


def follow_work_items(user: Any) -> list[WorkItem]:
    """The member's quarterly reports still to make, and the registrations and pledges the user's cells
    and units have to assess once the year's assessment has opened (from 01/12)."""
    if not has_permission(user, "study.view"):
        return []
    today = timezone.localdate()
    found = [
        WorkItem(title=gettext("Report on quarter %(q)d of your registration to follow (%(year)d)")
                 % {"q": quarters[0], "year": registration.year},
                 url=reverse("study:quarter_report_create", args=[registration.pk]),
                 due_on=quarter_ends(registration.year, quarters[0]),
                 urgency=urgency_of(quarter_ends(registration.year, quarters[0]), today=today,
                                    soon_until=today + dt.timedelta(days=ITEM_NOTICE_DAYS)), module=LABEL)
        for registration, quarters in selectors.reports_due(user, today)
    ]
    if today >= assessment_opens(today.year) and has_permission(user, "study.approve"):
        pending = selectors.registrations_to_assess_count(user, year=today.year)
        if pending:
            found.append(WorkItem(
                title=gettext("%(n)d registrations to follow to assess for %(year)d") % {"n": pending,
                                                                                         "year": today.year},
                url=reverse("study:registrations") + f"?year={today.year}&status=registered", due_on=None,
                urgency=Urgency.SOON, module=LABEL))
        pledges = selectors.pledges_to_assess_count(user, year=today.year)
        if pledges:
            found.append(WorkItem(
                title=gettext("%(n)d exemplary pledges to assess for %(year)d") % {"n": pledges, "year": today.year},
                url=reverse("study:pledges") + f"?year={today.year}&status=pledged", due_on=None,
                urgency=Urgency.SOON, module=LABEL))
    return found


def meeting_items(user: Any) -> list[WorkItem]:
    """Meetings of the user's own cells coming within ``STUDY_MEETING_NOTICE_DAYS``, and held
    meetings whose minutes are not approved ``STUDY_MINUTES_DUE_DAYS`` after them (for those who approve)."""
    if not has_permission(user, "study.view"):
        return []
    today = timezone.localdate()
    until = today + dt.timedelta(days=selectors.notice_days())
    items = [
        WorkItem(title=gettext("Cell meeting of %(cell)s at %(place)s") % {"cell": meeting.cell.name,
                                                                         "place": meeting.place},
                 url=reverse("study:meeting_detail", args=[meeting.pk]), due_on=timezone.localdate(meeting.starts_at),
                 urgency=urgency_of(timezone.localdate(meeting.starts_at), today=today, soon_until=until),
                 module=LABEL)
        for meeting in selectors.meetings_upcoming(user, until=until, limit=ITEMS_PER_KIND)
    ]
    if has_permission(user, "study.approve"):
        due_days = selectors.minutes_due_days()
        for meeting in selectors.minutes_overdue(user, due_days=due_days, limit=ITEMS_PER_KIND):
            day = timezone.localdate(meeting.starts_at)
            items.append(WorkItem(
                title=gettext("Minutes of the %(cell)s meeting of %(day)s not yet approved") % {
                    "cell": meeting.cell.name, "day": day.strftime("%d/%m/%Y")},
                url=reverse("study:meeting_detail", args=[meeting.pk]), due_on=day + dt.timedelta(days=due_days),
                urgency=urgency_of(day + dt.timedelta(days=due_days), today=today, soon_until=today), module=LABEL))
    return items


def all_work_items(user: Any) -> list[WorkItem]:
    return [*work_items(user), *follow_work_items(user), *meeting_items(user)]


register_module(ModuleEntry(
    app_label="study", label=LABEL, order=60,
    nav=[NavEntry(_("Study and following"), "study:index", ("study.view",), order=60)],
    work_items=all_work_items,
    demo=DemoStep(name="study", run=demo.run, depends_on=("orgs", "catalogues")),
))
