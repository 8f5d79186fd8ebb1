"""The chain is keyed with NEUGUONG_AUDIT_KEY: whoever holds only the database cannot recompute it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import transaction

import neuguong
from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.selectors import audit_chain_problems

from .tampering import append_plain, plain_sha256, rehash_from, triggers_off


def record_events(unit, n: int) -> list[AuditEvent]:
    with transaction.atomic():
        return [audit.record(None, "test.happened", unit, after={"n": number}) for number in range(n)]


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


def test_events_hashed_before_the_key_still_verify_once_a_keyed_event_follows(db):
    with transaction.atomic():
        append_plain(action="test.before_upgrade")
        append_plain(action="test.before_upgrade")
        audit.record(None, "test.after_upgrade")
    assert audit_chain_problems() == []


def test_edited_event_hashed_before_the_key_is_detected(db):
    with transaction.atomic():
        first = append_plain(action="test.before_upgrade")
        append_plain(action="test.before_upgrade")
        audit.record(None, "test.after_upgrade")
    with triggers_off():
        AuditEvent.objects.filter(seq=first.seq).update(note="changed")
    rehash_from(first.seq, plain_sha256)
    # Recomputing the unkeyed prefix breaks the link to the first keyed event, which needs the key.
    assert audit_chain_problems()


def test_chain_ending_with_unkeyed_events_is_not_accepted(db):
    with transaction.atomic():
        event = append_plain(action="test.before_upgrade")
    problems = audit_chain_problems()
    assert [(p.seq, "current key" in p.problem) for p in problems] == [(event.seq, True)]


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
