"""The application's own database role can read and append audit events, never change them.

``manage.py audit_db_roles`` splits the database between a schema owner (migrations) and the
application role. Roles are cluster-wide in PostgreSQL: each test makes its own and drops them.
"""

import uuid
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_chain_problems
from neuguong.orgs.models import Unit
from neuguong.orgs.tests.factories import make_unit

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL only")


def _role_names() -> tuple[str, str]:
    run = uuid.uuid4().hex[:8]
    return f"ng_test_owner_{run}", f"ng_test_app_{run}"


def _drop_roles(*roles: str) -> None:
    with connection.cursor() as cursor:
        for role in roles:
            cursor.execute(f"REASSIGN OWNED BY {role} TO CURRENT_USER")
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")


@pytest.fixture
def roles(transactional_db, cell):
    owner, app = _role_names()
    call_command("audit_db_roles", owner=owner, app=app)
    yield owner, app
    _drop_roles(owner, app)


def _connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, dbname=db["NAME"], user=role,
                           autocommit=True)


@contextmanager
def _django_connected_as(role: str):
    """Run the application's own code logged in as ``role``."""
    original = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = original


def _events() -> list[tuple]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", "actor_label", "note", "hash"))


@on_postgresql
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET actor_label = 'intruder'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_event_no_update_delete ON audit_auditevent",
    "DROP TABLE audit_auditevent",
    "SET session_replication_role = replica",
])
def test_application_role_cannot_change_an_event(roles, statement):
    _owner, app = roles
    before = _events()
    with _connect_as(app) as intruder, pytest.raises(psycopg.errors.InsufficientPrivilege):
        intruder.execute(statement)
    assert _events() == before
    assert audit_chain_problems() == []


@on_postgresql
def test_application_role_writes_and_audits_through_the_services(roles, commune):
    _owner, app = roles
    with _django_connected_as(app):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (app,)
        unit = make_unit("Chi bộ thôn Mới", parent=commune)
        with transaction.atomic():
            audit.record(None, "demo.loaded", unit)
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert AuditEvent.objects.filter(action="demo.loaded", object_id=str(unit.pk)).exists()
    assert audit_chain_problems() == []


@on_postgresql
def test_the_owner_and_not_the_application_owns_every_table(roles):
    owner, app = roles
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()")
        assert cursor.fetchall() == [(owner,)]
        cursor.execute("SELECT count(*) FROM pg_class WHERE relowner = %s::regrole", [app])
        assert cursor.fetchone() == (0,)


@on_postgresql
def test_a_head_rewritten_by_the_application_role_is_detected(roles):
    _owner, app = roles
    with _connect_as(app) as intruder:
        intruder.execute("UPDATE audit_auditchainhead SET last_hash = repeat('0', 64)")
    assert any("head" in problem.problem for problem in audit_chain_problems())


@on_postgresql
def test_running_it_again_keeps_the_same_rights(roles):
    owner, app = roles
    call_command("audit_db_roles", owner=owner, app=app)
    with _connect_as(app) as intruder, pytest.raises(psycopg.errors.InsufficientPrivilege):
        intruder.execute("DELETE FROM audit_auditevent")


@on_postgresql
def test_print_shows_the_sql_without_running_it(db, capsys):
    owner, app = _role_names()
    call_command("audit_db_roles", owner=owner, app=app, print=True)
    sql = capsys.readouterr().out
    assert f"GRANT SELECT, INSERT ON audit_auditevent TO {app}" in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)", [owner, app])
        assert cursor.fetchone() == (0,)


@on_postgresql
def test_a_superuser_is_refused_as_the_application_role(db):
    owner, _app = _role_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        [superuser] = cursor.fetchone()
    with pytest.raises(CommandError, match="superuser"):
        call_command("audit_db_roles", owner=owner, app=superuser)


def test_a_role_name_that_is_not_a_plain_identifier_is_refused(db):
    with pytest.raises(CommandError, match="role name"):
        call_command("audit_db_roles", owner="neuguong_owner", app='app"; DROP TABLE audit_auditevent; --')


@pytest.mark.skipif(connection.vendor == "postgresql", reason="this is the SQLite answer")
def test_roles_need_postgresql(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("audit_db_roles", owner="neuguong_owner", app="neuguong_app")


def test_only_a_management_command_may_change_the_roles(unit_admin):
    from neuguong.core.errors import PermissionDeniedError

    owner, app = _role_names()
    events = _events()
    with pytest.raises(PermissionDeniedError):
        audit.db_roles_configure(owner=owner, app=app, acting_user=unit_admin)
    assert _events() == events


@on_postgresql
def test_the_role_that_owned_the_tables_can_become_the_application_role(transactional_db, cell):
    owner, app = _role_names()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {app} LOGIN")
        cursor.execute(f"ALTER TABLE audit_auditevent OWNER TO {app}")
    try:
        call_command("audit_db_roles", owner=owner, app=app)
        before = _events()
        with _connect_as(app) as intruder, pytest.raises(psycopg.errors.InsufficientPrivilege):
            intruder.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        assert _events() == before
    finally:
        _drop_roles(owner, app)
