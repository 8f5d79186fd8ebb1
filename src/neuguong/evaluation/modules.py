"""Evaluation in the navigation and the home page's work list: a member's self-assessment to fill in before
the period closes, for a secretary the collective reviews to hold, for the Standing Committee member who
follows a unit the reviews of its cadres to comment on, for the person their classification once
notified (with the last day to appeal, while it lasts), and for the staff who run a period the reminder,
``NOTICE_DAYS`` before it closes, of its reviews not yet at the superior's assessment."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, WorkItem, register_module, urgency_of

from . import demo, rules, selectors
from .models import PeriodStatus, ReviewStatus

LABEL = _("Evaluation and the yearly review")
ITEMS_PER_KIND = 10
NOTICE_DAYS = 14
VIEW = "evaluation.view"


def work_items(user: Any) -> list[WorkItem]:
    today = timezone.localdate()
    until = today + dt.timedelta(days=NOTICE_DAYS)
    items: list[WorkItem] = []
    own = (selectors.own_reviews(user).filter(status=ReviewStatus.OPEN, period__status=PeriodStatus.OPEN)
           [:ITEMS_PER_KIND])
    for review in own:
        items.append(WorkItem(
            title=gettext("Fill in your self-assessment: %(period)s") % {"period": review.period.title},
            url=reverse("evaluation:self_assess", args=[review.pk]), due_on=review.period.closes_on,
            urgency=urgency_of(review.period.closes_on, today=today, soon_until=until), module=LABEL))
    levels = None
    notified = (selectors.own_reviews(user).filter(status=ReviewStatus.NOTIFIED,
                                                   notified_on__gte=today - dt.timedelta(days=rules.MAX_APPEAL_DAYS))
                .order_by("-notified_on", "pk")[:ITEMS_PER_KIND])
    for review in notified:
        last_day = rules.appeal_last_day(review.notified_on, review.period.appeal_days)  # type: ignore[arg-type]
        if last_day < today:
            continue
        levels = levels or selectors.level_names()
        items.append(WorkItem(
            title=gettext("Your classification for %(period)s: “%(level)s”. You may appeal until %(day)s.")
            % {"period": review.period.title, "level": levels.get(review.level, review.level),
               "day": last_day.strftime("%d/%m/%Y")},
            url=reverse("evaluation:review_detail", args=[review.pk]), due_on=last_day,
            urgency=urgency_of(last_day, today=today, soon_until=until), module=LABEL))
    for review in selectors.collective_reviews_to_hold(user, limit=ITEMS_PER_KIND):
        items.append(WorkItem(
            title=gettext("Hold the collective review of %(subject)s") % {"subject": review.subject_name},
            url=reverse("evaluation:collective_review", args=[review.pk]), due_on=review.period.closes_on,
            urgency=urgency_of(review.period.closes_on, today=today, soon_until=until), module=LABEL))
    if has_permission(user, VIEW):  # a follower holds a role that reads reviews (the leader's)
        for review in selectors.followed_reviews(user, limit=ITEMS_PER_KIND):
            items.append(WorkItem(
                title=gettext("Comment, as the unit's follower, on the review of %(subject)s")
                % {"subject": review.subject_name},
                url=reverse("evaluation:follower_comment", args=[review.pk]), due_on=review.period.closes_on,
                urgency=urgency_of(review.period.closes_on, today=today, soon_until=until), module=LABEL))
    if has_permission(user, "evaluation.manage"):
        for period in selectors.periods_closing(user, until=until, limit=ITEMS_PER_KIND):
            unfinished = period.unfinished  # type: ignore[attr-defined]
            items.append(WorkItem(
                title=ngettext("%(period)s closes on %(day)s: %(n)d review not yet assessed by the superior",
                               "%(period)s closes on %(day)s: %(n)d reviews not yet assessed by the superior",
                               unfinished) % {"period": period.title, "n": unfinished,
                                              "day": period.closes_on.strftime("%d/%m/%Y")},
                url=reverse("evaluation:period_detail", args=[period.pk]), due_on=period.closes_on,
                urgency=urgency_of(period.closes_on, today=today, soon_until=until), module=LABEL))
    return items


register_module(ModuleEntry(
    app_label="evaluation", label=LABEL, order=70,
    nav=[NavEntry(_("Evaluation"), "evaluation:index", ("evaluation.view",), order=70),
         NavEntry(_("My reviews"), "evaluation:mine", ("self.view",), order=96)],
    work_items=work_items,
    demo=DemoStep(name="evaluation", run=demo.run, depends_on=("orgs", "catalogues", "inspection", "study")),
))
