"""Anchors kept outside the database catch a chain that was rebuilt or cut short."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from neuguong.audit import services as audit
from neuguong.audit.models import AuditChainHead, AuditEvent
from neuguong.audit.selectors import audit_chain_problems

from .tampering import triggers_off


def record_events(unit, n: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [audit.record(None, "demo.loaded", unit, after={"n": number}) for number in range(n)]


@pytest.fixture
def anchored(cell, tmp_path):
    """A chain with an anchor saved to a file, as the daily job does."""
    record_events(cell, 3)
    path = tmp_path / "anchor.json"
    call_command("audit_verify", anchor_out=str(path))
    return path


def test_anchor_names_the_last_event_and_its_hash(anchored):
    anchor = json.loads(anchored.read_text())
    last = AuditEvent.objects.order_by("-seq").first()
    assert (anchor["seq"], anchor["hash"]) == (last.seq, last.hash)
    assert anchor["event_time"] == last.created_at.isoformat() and anchor["anchored_at"]


def test_chain_grown_since_the_anchor_verifies(anchored, cell, capsys):
    record_events(cell, 2)
    call_command("audit_verify", anchor=[str(anchored)])
    assert "audit chain intact" in capsys.readouterr().out


def test_truncated_and_rebuilt_chain_fails_the_anchor(anchored, cell, capsys):
    count = AuditEvent.objects.count()
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else
                       "DELETE FROM audit_auditevent")
    AuditChainHead.objects.filter(id=1).update(last_seq=0, last_hash="0" * 64)
    record_events(cell, count + 1)  # re-appended through the application, with the real key
    assert audit_chain_problems() == []  # the chain alone cannot tell
    with pytest.raises(CommandError):
        call_command("audit_verify", anchor=[str(anchored)])
    assert "rewritten" in capsys.readouterr().err


def test_chain_cut_short_fails_the_anchor(anchored, capsys):
    last = AuditEvent.objects.order_by("-seq").first()
    before = AuditEvent.objects.get(seq=last.seq - 1)
    with triggers_off():
        AuditEvent.objects.filter(seq=last.seq).delete()
    AuditChainHead.objects.filter(id=1).update(last_seq=before.seq, last_hash=before.hash)
    assert audit_chain_problems() == []
    with pytest.raises(CommandError):
        call_command("audit_verify", anchor=[str(anchored)])
    assert "shrunk" in capsys.readouterr().err


def test_no_anchor_is_written_for_a_broken_chain(cell, tmp_path):
    [event] = record_events(cell, 1)
    with triggers_off():
        AuditEvent.objects.filter(seq=event.seq).update(note="changed")
    path = tmp_path / "anchor.json"
    with pytest.raises(CommandError):
        call_command("audit_verify", anchor_out=str(path))
    assert not path.exists()


def test_a_file_that_is_not_an_anchor_is_refused(cell, tmp_path):
    record_events(cell, 1)
    path = tmp_path / "anchor.json"
    path.write_text('{"seq": "x"}')
    with pytest.raises(CommandError, match="not an audit anchor"):
        call_command("audit_verify", anchor=[str(path)])
