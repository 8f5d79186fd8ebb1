import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_chain_problems, audit_events_for

from .tampering import triggers_off


def _tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as an intruder with database access would."""
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def three_events(cell):
    with transaction.atomic():
        for n in range(3):
            audit.record(None, "demo.loaded", cell, after={"n": n})
    return list(AuditEvent.objects.order_by("seq"))


def test_intact_chain_verifies(three_events, capsys):
    call_command("audit_verify")
    assert "audit chain intact" in capsys.readouterr().out


def test_edited_event_is_detected(three_events):
    _tamper("UPDATE audit_auditevent SET note = %s WHERE seq = %s", ["changed", three_events[-2].seq])
    problems = audit_chain_problems()
    assert [(p.seq, "edited" in p.problem) for p in problems] == [(three_events[-2].seq, True)]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_deleted_event_is_detected(three_events):
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [three_events[-2].seq])
    assert any("missing" in p.problem for p in audit_chain_problems())


def test_deleted_last_event_is_detected(three_events):
    _tamper("DELETE FROM audit_auditevent WHERE seq = %s", [three_events[-1].seq])
    assert audit_chain_problems()


def test_recording_outside_a_transaction_is_refused(transactional_db, cell):
    with pytest.raises(RuntimeError):
        audit.record(None, "demo.loaded", cell)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger is PostgreSQL only")
def test_database_refuses_to_update_an_event(three_events):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=three_events[0].seq).update(note="changed")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_database_refuses_to_truncate_the_event_table(three_events):
    from django.db import DatabaseError

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert list(AuditEvent.objects.order_by("seq")) == three_events


def test_admin_reads_only_events_of_their_subtree(unit_admin, outsider, cell, sibling):
    with transaction.atomic():
        mine = audit.record(None, "demo.loaded", cell)
        theirs = audit.record(None, "demo.loaded", sibling)
    visible = set(audit_events_for(unit_admin).values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible


def test_member_reads_no_audit_events(member, three_events):
    assert not audit_events_for(member).exists()
