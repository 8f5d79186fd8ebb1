"""The portal in the navigation and the home page's work list: articles waiting for review and
feedback waiting for moderation."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission, scoped
from neuguong.core.modules import DemoStep, ModuleEntry, NavEntry, WorkItem, register_module, urgency_of

from . import demo, selectors
from .models import Article, ArticleStatus

LABEL = _("Public portal")
ITEMS_PER_KIND = 10


def work_items(user: Any) -> list[WorkItem]:
    """For publishers: articles submitted for review, and the number of feedback waiting."""
    if not has_permission(user, "portal.publish"):
        return []
    today = timezone.localdate()
    items = []
    waiting = (scoped(Article.objects.all(), user, "portal.publish").filter(status=ArticleStatus.REVIEW)
               .only("id", "title").order_by("updated_at", "pk")[:ITEMS_PER_KIND])
    for article in waiting:
        items.append(WorkItem(title=gettext("Review the article: %(title)s") % {"title": article.title},
                              url=reverse("portal:article_detail", args=[article.pk]), due_on=None,
                              urgency=urgency_of(None, today=today, soon_until=today), module=LABEL))
    pending = selectors.feedback_queue(user).count()
    if pending:
        items.append(WorkItem(title=gettext("Moderate the readers' feedback (%(n)d waiting)") % {"n": pending},
                              url=reverse("portal:feedback"), due_on=None,
                              urgency=urgency_of(None, today=today, soon_until=today), module=LABEL))
    return items


register_module(ModuleEntry(
    app_label="portal", label=LABEL, order=75,
    nav=[NavEntry(_("Public portal"), "portal:index", ("portal.write",), order=75)],
    work_items=work_items,
    demo=DemoStep(name="portal", run=demo.run, depends_on=("orgs",)),
))
