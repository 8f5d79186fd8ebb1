"""Reminders of deadlines, sessions and commitments, delivered in the app to the officer concerned.

Each time a deadline is set or moved, a background task is queued, in the same transaction, to run
a few working days before it; a daily sweep (``manage.py reception_daily``) queues the same tasks for everything due
soon or overdue, so a lost task is made up the next day. A task writes at most one reminder per
officer, topic, record and day (a constraint), so the two paths never remind twice.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from neuguong.accounts.models import User
from neuguong.accounts.scoping import NotFound
from neuguong.audit import services as audit
from neuguong.catalogues import calendar
from neuguong.core.actors import SYSTEM

from .. import tasks
from ..models import (
    COMMITMENT_OPEN,
    OPEN_STATUSES,
    Commitment,
    Petition,
    ReceptionSession,
    Reminder,
    ReminderTopic,
    SessionStatus,
)

REMIND_HOUR = 7


def petition_notice_days() -> int:
    """Working days before a petition's deadline when its officer is reminded."""
    return int(getattr(settings, "RECEPTION_REMIND_WORKING_DAYS", 2))


def commitment_notice_days() -> int:
    return int(getattr(settings, "RECEPTION_COMMITMENT_REMIND_DAYS", 3))


def _morning(day: dt.date) -> dt.datetime:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(REMIND_HOUR)))
    return max(moment, timezone.now())


def _enqueue(task: Any, day: dt.date, **ids: int) -> None:
    """Queue the task inside the caller's transaction: the database queue's row commits or rolls
    back with the write it belongs to, so a crash between commit and an on_commit hook cannot lose it."""
    task.using(run_after=_morning(day)).enqueue(**ids)


def schedule_petition_reminder(petition: Petition) -> None:
    if petition.status in OPEN_STATUSES and petition.due_on:
        _enqueue(tasks.remind_petition, calendar.add_working_days(petition.due_on, -petition_notice_days()),
                 petition_id=petition.pk)


def schedule_session_reminder(session: ReceptionSession) -> None:
    _enqueue(tasks.remind_session, session.held_on - dt.timedelta(days=1), session_id=session.pk)


def schedule_commitment_reminder(commitment: Commitment) -> None:
    _enqueue(tasks.remind_commitment, commitment.due_on - dt.timedelta(days=commitment_notice_days()),
             commitment_id=commitment.pk)


def _recipient(*users: Any) -> User | None:
    return next((user for user in users if isinstance(user, User) and user.is_active), None)


def _remind(recipient: User | None, obj: Any, topic: str, label: str, unit: Any) -> Reminder | None:
    if recipient is None:
        return None
    today = timezone.localdate()
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(recipient=recipient, unit=unit, topic=topic, object_id=obj.pk,
                                               label=label[:255], for_date=today)
            audit.record(SYSTEM, "reminder.sent", reminder, after={"topic": topic, "object_id": obj.pk,
                                                                   "recipient": recipient.pk})
    except IntegrityError:
        return None  # already reminded today
    return reminder


def petition_remind(*, petition_id: int) -> Reminder | None:
    """Remind the petition's officer when its deadline is near or past; nothing once it is closed
    or when the deadline moved further away."""
    petition = Petition.objects.select_related("unit", "assigned_to", "created_by").filter(pk=petition_id).first()
    if petition is None or petition.status not in OPEN_STATUSES:
        return None
    # An open petition always has a due date (the petition_open_has_deadline constraint).
    due_on = petition.due_on
    assert due_on is not None, f"open petition {petition.pk} has no due date"
    today = timezone.localdate()
    if calendar.working_days_between(today, due_on) > petition_notice_days():
        return None
    topic = ReminderTopic.PETITION_OVERDUE if due_on < today else ReminderTopic.PETITION_DUE
    return _remind(_recipient(petition.assigned_to, petition.created_by), petition, topic,
                   f"{petition.tracking_code} · {petition.subject}", petition.unit)


def session_remind(*, session_id: int) -> Reminder | None:
    session = (ReceptionSession.objects.select_related("unit", "created_by", "schedule__created_by")
               .filter(pk=session_id).first())
    if session is None or session.status != SessionStatus.SCHEDULED or session.held_on < timezone.localdate():
        return None
    planner = session.schedule.created_by if session.schedule else None  # sessions the daily task scheduled
    return _remind(_recipient(session.created_by, planner), session, ReminderTopic.SESSION, str(session),
                   session.unit)


def commitment_remind(*, commitment_id: int) -> Reminder | None:
    commitment = (Commitment.objects.select_related("dialogue__unit", "dialogue__created_by")
                  .filter(pk=commitment_id).first())
    if commitment is None or commitment.status not in COMMITMENT_OPEN:
        return None
    if (commitment.due_on - timezone.localdate()).days > commitment_notice_days():
        return None
    return _remind(_recipient(commitment.dialogue.created_by), commitment, ReminderTopic.COMMITMENT,
                   str(commitment), commitment.dialogue.unit)


def reminders_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Queue reminder tasks for every open petition due within the notice or overdue, every
    session tomorrow and every open commitment due soon. Returns how many of each were queued."""
    today = today or timezone.localdate()
    horizon = calendar.add_working_days(today, petition_notice_days())
    petitions = Petition.objects.filter(status__in=OPEN_STATUSES, due_on__lte=horizon).values_list("pk", flat=True)
    sessions = ReceptionSession.objects.filter(status=SessionStatus.SCHEDULED,
                                               held_on=today + dt.timedelta(days=1)).values_list("pk", flat=True)
    commitments = Commitment.objects.filter(
        status__in=COMMITMENT_OPEN, due_on__lte=today + dt.timedelta(days=commitment_notice_days()),
    ).values_list("pk", flat=True)
    counts = {"petitions": 0, "sessions": 0, "commitments": 0}
    for pk in petitions.iterator():
        tasks.remind_petition.enqueue(petition_id=pk)
        counts["petitions"] += 1
    for pk in sessions:
        tasks.remind_session.enqueue(session_id=pk)
        counts["sessions"] += 1
    for pk in commitments:
        tasks.remind_commitment.enqueue(commitment_id=pk)
        counts["commitments"] += 1
    return counts


@transaction.atomic
def reminder_mark_read(*, reminder_id: int, acting_user: Any) -> Reminder:
    """Only the recipient marks a reminder read; anyone else gets 404."""
    if not isinstance(acting_user, User):
        raise NotFound()
    reminder = Reminder.objects.select_for_update(no_key=True).filter(pk=reminder_id, recipient=acting_user).first()
    if reminder is None:
        raise NotFound()
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder
