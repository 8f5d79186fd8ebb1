"""Daily upkeep of the reception, for cron or a systemd timer: schedule the coming sessions of
every active schedule and queue the reminders of everything due soon or overdue."""

from typing import Any

from django.core.management.base import BaseCommand

from neuguong.reception import tasks
from neuguong.reception.models import SessionSchedule
from neuguong.reception.services import reminders_sweep


class Command(BaseCommand):
    help = "Schedule the coming reception sessions and queue the deadline, session and commitment reminders."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--months", type=int, default=3, help="Months of sessions to keep scheduled ahead.")

    def handle(self, *args: Any, **options: Any) -> None:
        schedules = list(SessionSchedule.objects.filter(active=True).values_list("pk", flat=True))
        for schedule_id in schedules:
            tasks.generate_sessions.enqueue(schedule_id=schedule_id, months=options["months"])
        counts = reminders_sweep()
        self.stdout.write(
            f"Queued: {len(schedules)} schedules, {counts['petitions']} petition, {counts['sessions']} session "
            f"and {counts['commitments']} commitment reminders."
        )
