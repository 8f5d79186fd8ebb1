"""``manage.py load_catalogues [--path DIR]``: load the catalogue data files (all or nothing).

Prints one summary line; ``-v2`` adds a line per catalogue naming the codes it changed."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from neuguong.catalogues import services
from neuguong.catalogues.loader import DATA_DIR, CatalogueFileError
from neuguong.core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Load the catalogues from the data files: create missing entries and update entries no administrator "
        "has edited. A file with a bad entry is rejected and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DATA_DIR, help=f"Folder of *.yaml files (default {DATA_DIR}).")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = services.catalogues_load(directory=path, acting_user=SYSTEM)
        except CatalogueFileError as error:
            raise CommandError("The catalogue files were rejected; nothing was written.\n" + str(error)) from error
        self.stdout.write(report.summary())
        if options["verbosity"] >= 2:
            self.stdout.write("\n".join(report.details()))
