"""Daily upkeep, for cron or a systemd timer: delete the result files of expired background jobs."""

from typing import Any

from django.core.management.base import BaseCommand

from neuguong.jobs.services import jobs_purge


class Command(BaseCommand):
    help = "Delete the result files of background jobs past their expiry."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {jobs_purge()} expired job files.")
