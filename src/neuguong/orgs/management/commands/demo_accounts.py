"""``manage.py demo_accounts``: print the demo accounts written by ``load_demo`` as a table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from neuguong.core import demo

COLUMNS = [("username", "Username"), ("password", "Password"), ("role", "Role"), ("unit", "Unit")]


def format_table(accounts: list[dict[str, str]]) -> str:
    widths = [max(len(title), *(len(str(a.get(key, ""))) for a in accounts)) for key, title in COLUMNS]
    lines = ["  ".join(title.ljust(width) for (_key, title), width in zip(COLUMNS, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for account in accounts:
        cells = [str(account.get(key, "")).ljust(width) for (key, _title), width in zip(COLUMNS, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the demo accounts (username, password, role, unit) written by load_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--accounts-file", type=Path, default=None,
                            help="The file load_demo wrote (default var/demo-accounts.json).")

    def handle(self, *args, **options) -> None:
        path = options["accounts_file"] or demo.accounts_path()
        accounts = demo.read_accounts(path)
        if not accounts:
            self.stdout.write(f"No demo accounts: {path} does not exist (run manage.py load_demo).")
            return
        self.stdout.write("Demo accounts (fictional data, for trying the product only):")
        self.stdout.write(format_table(accounts))
        self.stdout.write("Open http://127.0.0.1:8000 and log in with one of them.")
