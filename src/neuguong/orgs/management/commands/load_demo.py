"""``manage.py load_demo``: the fictional demo province (``neuguong.orgs.demo``) and every other
app's demo data (``neuguong.core.demo``)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from neuguong.core import demo as runner
from neuguong.orgs import demo


class Command(BaseCommand):
    help = ("Create a fictional demo province with people, party members, posts and one account per role, "
            "and every module's demo records (reception, ballots, ...).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any unit exists.")
        parser.add_argument("--people", type=int, default=demo.DEFAULT_PEOPLE,
                            help=f"Number of people (default {demo.DEFAULT_PEOPLE}, at least {demo.MIN_PEOPLE}).")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                            help=f"Random seed: the same seed gives the same province (default {demo.DEFAULT_SEED}).")
        parser.add_argument("--accounts-file", type=Path, default=None,
                            help="Where to write the demo accounts (default var/demo-accounts.json).")

    def handle(self, *args, **options) -> None:
        if demo.is_loaded():
            if options["if_empty"]:
                self.stdout.write("The database already has units: demo data not loaded.")
                return
            raise CommandError("The database already has units. Load the demo into an empty database.")
        if options["people"] < demo.MIN_PEOPLE:
            raise CommandError(f"--people must be at least {demo.MIN_PEOPLE}.")
        started = time.monotonic()
        result = runner.load_demo(people=options["people"], seed=options["seed"],
                                accounts_file=options["accounts_file"])
        summary = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in result.counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Demo province loaded in {time.monotonic() - started:.1f} s: {summary}."
        ))
        self.stdout.write(f"Demo accounts written to {result.accounts_file}")
