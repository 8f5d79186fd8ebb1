"""The PostgreSQL roles that keep the audit trail out of the application's reach.

The schema owner runs the migrations and owns every table; the application role, the one the
web processes and workers log in with, may read and write the other tables but only read and
append audit events. It cannot change, delete or truncate events, nor alter the table or its
triggers: those need the owner. It may update the chain head, which must move on every append;
a rewritten head gains nothing, since ``audit_verify`` compares it with the chain and the anchors.
"""

import re

from django.db import connection

from .models import AuditChainHead, AuditEvent

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# ALTER ... OWNER TO per kind of relation (pg_class.relkind).
RELATION_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}

# Relations and functions of the schema not yet owned by the owner. Sequences of identity and
# serial columns follow their table, and members of extensions (pg_trgm) stay with the extension.
RELATIONS_TO_HAND_OVER = """
    SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND pg_get_userbyid(c.relowner) <> %s
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype IN ('a', 'i', 'e'))
    ORDER BY c.relname
"""
FUNCTIONS_TO_HAND_OVER = """
    SELECT p.oid::regprocedure::text
    FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace AND pg_get_userbyid(p.proowner) <> %s
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.deptype = 'e')
    ORDER BY 1
"""


class RoleSetupError(Exception):
    """The roles cannot be set up as asked; the message says why."""


def _create_role(role: str) -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} LOGIN; END IF; END $$")


def _check_names(owner: str, app: str) -> None:
    for role in (owner, app):
        if not ROLE_NAME.fullmatch(role):
            raise RoleSetupError(f"{role!r} is not a plain role name (lower-case letters, digits, _)")
    if owner == app:
        raise RoleSetupError("the owner and the application need two different roles")


def _check_roles(cursor, app: str) -> None:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        raise RoleSetupError("run this command with a PostgreSQL superuser's NEUGUONG_DATABASE_URL")
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app])
    if (cursor.fetchone() or [False])[0]:
        raise RoleSetupError(f"{app} is a superuser, whom no privilege binds: choose another application role")
    # Whatever a role it belongs to may do (the owner's rights, pg_write_all_data), it may do too.
    cursor.execute("SELECT string_agg(r.rolname, ', ') FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                   "JOIN pg_roles a ON a.oid = m.member WHERE a.rolname = %s", [app])
    if groups := cursor.fetchone()[0]:
        raise RoleSetupError(f"{app} is a member of {groups} and would have their rights too")


def role_statements(*, owner: str, app: str) -> list[str]:
    """The SQL that creates the two roles if missing and gives each exactly its rights. Running it
    again is harmless: after a migration it grants the application role the new tables."""
    _check_names(owner, app)
    if connection.vendor != "postgresql":
        raise RoleSetupError("database roles are for PostgreSQL; SQLite has none")
    events, head = AuditEvent._meta.db_table, AuditChainHead._meta.db_table
    with connection.cursor() as cursor:
        _check_roles(cursor, app)
        cursor.execute("SELECT quote_ident(current_database()), quote_ident(current_schema())")
        database, schema = cursor.fetchone()
        cursor.execute(RELATIONS_TO_HAND_OVER, [owner])
        relations = [f"ALTER {RELATION_KINDS[kind]} {name} OWNER TO {owner}" for kind, name in cursor.fetchall()]
        cursor.execute(FUNCTIONS_TO_HAND_OVER, [owner])
        functions = [f"ALTER FUNCTION {name} OWNER TO {owner}" for (name,) in cursor.fetchall()]
    return [
        _create_role(owner),
        _create_role(app),
        f"ALTER ROLE {app} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        # The owner: the database, the schema and everything in it (an owner may alter a table
        # and its triggers, so the application role must own nothing).
        f"ALTER DATABASE {database} OWNER TO {owner}",
        f"ALTER SCHEMA {schema} OWNER TO {owner}",
        *relations,
        *functions,
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        # The application: reads and writes, no TRUNCATE, no REFERENCES, no TRIGGER, no DDL.
        f"GRANT CONNECT ON DATABASE {database} TO {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # Audit events: read and append only. The head moves on every append.
        f"REVOKE ALL ON {events} FROM PUBLIC, {app}",
        f"GRANT SELECT, INSERT ON {events} TO {app}",
        f"REVOKE DELETE ON {head} FROM {app}",
        # Which migrations ran is the owner's business: a forged row would skip a migration.
        f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {app}",
        # Tables and sequences the owner's future migrations create.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
