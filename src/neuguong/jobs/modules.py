"""On the home page: the user's long downloads still being prepared, and files ready in the last days."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.modules import ModuleEntry, Urgency, WorkItem, register_module

from . import selectors
from .models import JobStatus

LABEL = gettext_lazy("Background jobs")
RECENT = dt.timedelta(days=2)


def work_items(user: Any) -> list[WorkItem]:
    since = timezone.now() - RECENT
    recent = selectors.jobs_of_owner(user).filter(created_at__gte=since).exclude(status=JobStatus.FAILED)[:5]
    items = []
    for job in recent:
        if job.kept:
            title = _("File ready: %(name)s") % {"name": job.result_name}
        elif not job.finished:
            title = _("Being prepared: %(job)s") % {"job": job.label}
        else:
            continue
        items.append(WorkItem(title, reverse("jobs:status", args=[job.pk]), None, Urgency.NORMAL, LABEL))
    return items


register_module(ModuleEntry(app_label="jobs", label=LABEL, order=95, work_items=work_items))
