from django.core.management.base import BaseCommand, CommandError

from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_chain_problems


class Command(BaseCommand):
    help = "Verify the audit hash chain; exit non-zero if an event was edited, inserted or deleted."

    def handle(self, *args, **options):
        problems = audit_chain_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"event {problem.seq}: {problem.problem}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit chain intact: {AuditEvent.objects.count()} events")
