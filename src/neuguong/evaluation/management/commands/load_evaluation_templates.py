"""Store the review templates of ``evaluation/data/evaluation_rules.yaml``; a changed template becomes
its next version, an unchanged one is left alone."""

from typing import Any

from django.core.management.base import BaseCommand

from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services


class Command(BaseCommand):
    help = "Load the review templates (a changed template is stored as its next version)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.templates_load(acting_user=SYSTEM)
        for template in created:
            self.stdout.write(f"{template.code} v{template.version}")
        self.stdout.write(f"{len(created)} template version(s) stored.")
