"""The migration that moves commitments' follow-up history into the shared ``core.StateChange``
table: every step is copied with its transition, the status before and after, its actor and its
note, then the old table goes; going back rebuilds it."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from neuguong.core.lifecycle import allowed_names, history_of
from neuguong.reception.models import Commitment

BEFORE = [("reception", "0001_reception_sessions_petitions_dialogues")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_history(transactional_db, commune, unit_admin):
    """Two commitments followed up with the code of before the lifecycle engine."""
    old = migrate(BEFORE)
    try:
        dialogue = old.get_model("reception", "Dialogue").objects.create(
            unit_id=commune.pk, topic="Nước sạch", held_on=dt.date(2026, 3, 2), leaders="Bí thư", issues="Thiếu nước")
        commitments, updates = old.get_model("reception", "Commitment"), old.get_model("reception", "CommitmentUpdate")
        done = commitments.objects.create(dialogue=dialogue, text="Khoan giếng", owner_name="UBND xã",
                                          due_on=dt.date(2026, 4, 1), status="done", done_on=dt.date(2026, 3, 20))
        cancelled = commitments.objects.create(dialogue=dialogue, text="Lắp bể lọc", owner_name="UBND xã",
                                               due_on=dt.date(2026, 4, 1), status="cancelled")
        at = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 0))
        updates.objects.create(commitment=done, status="in_progress", note="Đã khảo sát", actor_id=unit_admin.pk,
                               at=at)
        updates.objects.create(commitment=done, status="done", note="", actor_id=unit_admin.pk,
                               at=at + dt.timedelta(days=10))
        updates.objects.create(commitment=cancelled, status="cancelled", note="Trùng dự án tỉnh", actor=None, at=at)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return Commitment.objects.get(pk=done.pk), Commitment.objects.get(pk=cancelled.pk)


def test_every_follow_up_is_copied_into_the_commitments_history(old_history, unit_admin):
    done, cancelled = old_history
    at = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 0))
    assert [(c.transition, c.from_state, c.to_state, c.actor, c.actor_label, c.data, c.at)
            for c in history_of(done)] == [
        ("progress", "open", "in_progress", unit_admin, unit_admin.username, {"note": "Đã khảo sát"}, at),
        ("complete", "in_progress", "done", unit_admin, unit_admin.username, {"note": "", "done_on": "2026-03-20"},
         at + dt.timedelta(days=10)),
    ]
    assert [(c.transition, c.from_state, c.to_state, c.actor, c.actor_label, c.data)
            for c in history_of(cancelled)] == [
        ("cancel", "open", "cancelled", None, "system", {"reason": "Trùng dự án tỉnh"})]
    assert allowed_names(done, unit_admin) == []


def test_going_back_rebuilds_the_old_follow_ups(old_history):
    done, _cancelled = old_history
    try:
        old = migrate(BEFORE)
        updates = old.get_model("reception", "CommitmentUpdate").objects.filter(commitment_id=done.pk)
        assert list(updates.order_by("at").values_list("status", "note")) == [("in_progress", "Đã khảo sát"),
                                                                              ("done", "")]
        assert not history_of(done).exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
