import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_anchor, audit_anchor_problems, audit_chain_problems


def read_anchor(path: str) -> dict[str, Any]:
    try:
        anchor = json.loads(Path(path).read_text())
        valid = (isinstance(anchor["seq"], int) and anchor["seq"] >= 0 and isinstance(anchor["hash"], str)
                 and len(anchor["hash"]) == 64)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise CommandError(f"{path} is not an audit anchor: {error}") from error
    if not valid:
        raise CommandError(f"{path} is not an audit anchor")
    return anchor


class Command(BaseCommand):
    help = (
        "Verify the audit hash chain; exit non-zero if an event was edited, inserted or deleted, "
        "or the chain no longer matches an anchor saved earlier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="append", default=[], metavar="FILE",
                            help="also check that the chain still holds this saved anchor (repeatable)")
        parser.add_argument("--anchor-out", metavar="FILE",
                            help="when the chain is intact, save the anchor of its last event to FILE")

    def handle(self, *args, anchor: list[str], anchor_out: str | None, **options):
        saved = [read_anchor(path) for path in anchor]
        # Taken before the walk, so the walk covers the anchored event.
        current = audit_anchor()
        problems = audit_chain_problems()
        for each in saved:
            problems += audit_anchor_problems(each)
        if problems:
            for problem in problems:
                self.stderr.write(f"event {problem.seq}: {problem.problem}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit chain intact: {AuditEvent.objects.count()} events")
        if anchor_out:
            Path(anchor_out).write_text(json.dumps(current, indent=2) + "\n")
            self.stdout.write(f"anchor of event {current['seq']} written to {anchor_out}")
