"""The petition reports and the caller's reminders."""

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from neuguong.core.api import (
    Date,
    caller,
    paged,
)
from neuguong.orgs import selectors as org_selectors

from .. import reports, selectors, services
from .schemas import PetitionOut, ReminderOut, ReportOut

router = Router()


@router.get("/petition-reports/summary", response=ReportOut,
            summary="Counts by kind, status, channel and unit subtree; on-time rate")
def report_summary(request: HttpRequest, unit_id: int, date_from: Date | None = None,
                   date_to: Date | None = None):
    unit = org_selectors.unit_get(caller(request), unit_id)
    found = reports.petition_report(caller(request), unit, date_from=date_from, date_to=date_to,
                                    today=timezone.localdate())
    return {
        **{name: getattr(found, name) for name in ("total", "open", "overdue", "closed", "on_time", "on_time_rate",
                                                   "over_level", "long_standing", "date_from", "date_to")},
        "unit_id": unit.pk,
        "by_kind": [{"label": label, "count": n} for label, n in found.by_kind],
        "by_status": [{"label": str(label), "count": n} for label, n in found.by_status],
        "by_channel": [{"label": str(label), "count": n} for label, n in found.by_channel],
        "by_unit": [{"unit_id": u.pk, "unit_name": u.name, "count": n} for u, n in found.by_unit],
    }


@router.get("/petition-reports/{which}", response=list[PetitionOut],
            summary="Backlog, long-standing or over-level petitions of a unit's subtree")
@paged
def report_petitions(request: HttpRequest, which: Literal["backlog", "long_standing", "over_level"], unit_id: int):
    unit = org_selectors.unit_get(caller(request), unit_id)
    return reports.report_list(caller(request), unit, which, today=timezone.localdate())


@router.get("/reception-reminders", response=list[ReminderOut], summary="My unread reminders")
def list_reminders(request: HttpRequest):
    return selectors.reminders_for(caller(request))


@router.post("/reception-reminders/{reminder_id}/read", response=ReminderOut, summary="Mark a reminder read")
def read_reminder(request: HttpRequest, reminder_id: int):
    return services.reminder_mark_read(reminder_id=reminder_id, acting_user=caller(request))
