"""Daily upkeep, for cron or a systemd timer: forget the API's idempotency keys past their lifetime."""

from typing import Any

from django.core.management.base import BaseCommand

from neuguong.core.idempotency import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete the Idempotency-Key records older than NEUGUONG_IDEMPOTENCY_KEY_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {idempotency_keys_purge()} expired idempotency keys.")
