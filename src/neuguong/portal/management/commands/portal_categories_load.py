"""Add the portal's usual news categories that are missing (a second run adds nothing)."""

from typing import Any

from django.core.management.base import BaseCommand

from neuguong.core.actors import SYSTEM
from neuguong.portal.services import categories_load


class Command(BaseCommand):
    help = "Add the portal's usual news categories that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        added = categories_load(acting_user=SYSTEM)
        self.stdout.write(f"{len(added)} categories added")
