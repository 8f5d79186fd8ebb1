"""Split a PostgreSQL database between the schema owner and the application role, so that the
application's own credentials cannot rewrite the audit trail (see docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from neuguong.audit.db_roles import RoleSetupError, role_statements
from neuguong.audit.services import db_roles_configure
from neuguong.core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Create the schema owner and the application role if missing; the owner owns every table, "
        "the application may only read and append audit events. Run it as a PostgreSQL superuser, "
        "again after every migrate."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--owner", required=True, help="role that owns the schema and runs the migrations")
        parser.add_argument("--app", required=True, help="role the web processes and workers log in with")
        parser.add_argument("--print", action="store_true", help="print the SQL instead of running it")

    def handle(self, *args: Any, owner: str, app: str, **options: Any) -> None:
        try:
            if options["print"]:
                for statement in role_statements(owner=owner, app=app):
                    self.stdout.write(f"{statement};")
                return
            statements = db_roles_configure(owner=owner, app=app, acting_user=SYSTEM)
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(statements)} statements run: {owner} owns the schema, {app} may only read and "
                          "append audit events. Set their passwords with psql's \\password.")
