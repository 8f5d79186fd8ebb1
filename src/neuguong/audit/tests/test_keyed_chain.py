"""The chain is keyed with NEUGUONG_AUDIT_KEY: whoever holds only the database cannot recompute it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import neuguong
from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_chain_problems

from .tampering import append_plain, plain_sha256, rehash_from, triggers_off


def record_events(unit, n: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [audit.record(None, "demo.loaded", unit, after={"n": number}) for number in range(n)]


@pytest.fixture
def three_events(cell):
    return record_events(cell, 3)


def test_new_events_are_hashed_with_the_key(three_events):
    event = AuditEvent.objects.get(seq=three_events[0].seq)
    assert event.algorithm == "hmac-sha256"
    assert event.key_id == audit.audit_keys()[0][0]
    assert event.hash != plain_sha256(event)
    assert audit_chain_problems() == []


def test_rewritten_actor_with_every_hash_recomputed_without_the_key_is_detected(three_events, outsider):
    first = three_events[1].seq
    with triggers_off():
        AuditEvent.objects.filter(seq=first).update(actor=outsider, actor_label=outsider.username)
        AuditEvent.objects.filter(seq__gte=first).update(algorithm="sha256", key_id="")
    rehash_from(first, plain_sha256)
    assert audit_chain_problems()
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_rewritten_actor_rehashed_with_a_guessed_key_is_detected(three_events, outsider):
    first = three_events[1].seq
    with triggers_off():
        AuditEvent.objects.filter(seq=first).update(actor=outsider, actor_label=outsider.username)
    rehash_from(first, lambda event: audit.keyed_digest(event, b"guessed key"))
    rehashed = list(AuditEvent.objects.filter(seq__gte=first).order_by("seq").values_list("seq", flat=True))
    assert [(p.seq, "edited" in p.problem) for p in audit_chain_problems()] == [(seq, True) for seq in rehashed]


def test_unkeyed_event_after_a_keyed_event_is_refused(three_events, cell):
    with transaction.atomic():
        forged = append_plain(cell)
    problems = audit_chain_problems()
    assert any(p.seq == forged.seq and "downgrade" in p.problem for p in problems)


@pytest.fixture
def upgraded_chain(transactional_db):
    """Two events written by the code of before the key, then the upgrade migration."""
    before_key = [("audit", "0002_append_only_trigger")]
    executor = MigrationExecutor(connection)
    executor.migrate(before_key)
    try:
        old = executor.loader.project_state(before_key).apps
        prev_hash = "0" * 64
        with transaction.atomic():
            for seq in (1, 2):
                event = old.get_model("audit", "AuditEvent")(
                    seq=seq, created_at=timezone.now(), actor_label="system", action="test.before_upgrade",
                    prev_hash=prev_hash)
                event.hash = prev_hash = plain_sha256(event)
                event.save(force_insert=True)
            old.get_model("audit", "AuditChainHead").objects.create(id=1, last_seq=2, last_hash=prev_hash)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_upgrade_seals_the_events_hashed_before_the_key(upgraded_chain):
    events = list(AuditEvent.objects.order_by("seq").values_list("algorithm", "action"))
    assert events == [("sha256", "test.before_upgrade"), ("sha256", "test.before_upgrade"),
                      ("hmac-sha256", "audit.chain_sealed")]
    assert audit_chain_problems() == []
    with transaction.atomic():
        audit.record(None, "demo.loaded")
    assert audit_chain_problems() == []


def test_edited_event_hashed_before_the_key_is_detected(upgraded_chain):
    with triggers_off():
        AuditEvent.objects.filter(seq=1).update(note="changed")
    rehash_from(1, plain_sha256, through=2)
    # The sealing event still names the old hash of event 2; changing it would need the key.
    assert [(p.seq, "does not follow" in p.problem) for p in audit_chain_problems()] == [(3, True)]


def test_chain_ending_with_unkeyed_events_is_not_accepted(db):
    with transaction.atomic():
        event = append_plain(action="test.forged")
    problems = audit_chain_problems()
    assert [(p.seq, "does not end" in p.problem) for p in problems] == [(event.seq, True)]


def test_the_application_does_not_extend_an_unkeyed_tail(three_events, cell):
    with transaction.atomic():
        append_plain(cell)
    count = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="not hashed with the key"), transaction.atomic():
        audit.record(None, "demo.loaded", cell)
    assert AuditEvent.objects.count() == count


def test_events_of_a_previous_key_verify_after_rotation(settings, three_events, cell):
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = "new-key", [settings.AUDIT_KEY]
    record_events(cell, 1)
    assert audit_chain_problems() == []
    settings.AUDIT_PREVIOUS_KEYS = []
    unknown = {p.seq for p in audit_chain_problems() if "unknown key" in p.problem}
    assert {event.seq for event in three_events} <= unknown


def test_event_under_a_retired_key_after_the_new_key_is_detected(settings, three_events, cell):
    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = "new-key", [old_key]
    record_events(cell, 1)
    # Someone who kept the retired key appends with it.
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = old_key, []
    [forged] = record_events(cell, 1)
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = "new-key", [old_key]
    problems = audit_chain_problems()
    assert any(p.seq == forged.seq and "older key" in p.problem for p in problems)


def test_production_refuses_to_start_without_the_audit_key():
    env = {**os.environ, "NEUGUONG_ENV": "production", "NEUGUONG_SECRET_KEY": "s" * 50,
           "NEUGUONG_FIELD_KEY": "f" * 50}
    env.pop("NEUGUONG_AUDIT_KEY", None)
    env["PYTHONPATH"] = str(Path(neuguong.__file__).parent.parent)  # this checkout's code
    command = [sys.executable, "-c", "import neuguong.settings"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode != 0 and "NEUGUONG_AUDIT_KEY" in result.stderr
    env["NEUGUONG_AUDIT_KEY"] = "a" * 50
    assert subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0  # noqa: S603


def test_the_audit_key_is_not_stored_in_the_database(three_events):
    stored = " ".join(str(value) for value in AuditEvent.objects.values_list("hash", "key_id", "note"))
    assert django_settings.AUDIT_KEY not in stored

