"""The petition history moved from reception.PetitionEvent to the lifecycle engine's table: the data
migration copies every entry into core.StateChange, so the history shown before stays readable."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from neuguong.core.lifecycle import history_of
from neuguong.core.models import StateChange
from neuguong.reception.models import Petition

from .conftest import receive

WITH_EVENTS = [("reception", "0001_reception_sessions_petitions_dialogues")]
COPIED = [("reception", "0003_petition_history_to_state_changes")]


@pytest.fixture
def petition_with_old_history(transactional_db, officer, commune):
    """A petition whose history is in PetitionEvent, as before the move: its receipt (taken back
    from StateChange by the migration's reverse) and an acceptance written by the code of before."""
    petition = receive(officer, commune)[0]
    executor = MigrationExecutor(connection)
    executor.migrate(WITH_EVENTS)
    old = executor.loader.project_state(WITH_EVENTS).apps
    with transaction.atomic():
        old.get_model("reception", "PetitionEvent").objects.create(
            petition_id=petition.pk, at=timezone.now() + dt.timedelta(minutes=5), actor_id=officer.pk,
            actor_label="officer_a", action="decided_accept", from_status="received", to_status="accepted",
            note="Đủ điều kiện thụ lý", details={"outcome": "accept", "rule": "kn_resolve"})
    yield petition, old
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_petition_event_becomes_a_state_change_of_its_petition(petition_with_old_history, officer):
    petition, old = petition_with_old_history
    events = list(old.get_model("reception", "PetitionEvent").objects.order_by("pk").values())
    assert not StateChange.objects.exists()  # the reverse took the receipt back into PetitionEvent
    MigrationExecutor(connection).migrate(COPIED)
    changes = list(history_of(petition))
    assert [(c.transition, c.from_state, c.to_state, c.actor, c.actor_label) for c in changes] == [
        ("received", "", "received", officer, "officer_a"),
        ("decided_accept", "received", "accepted", officer, "officer_a"),
    ]
    assert changes[0].data == {"channel": "post", "kind": "complaint"}
    assert changes[1].data == {"outcome": "accept", "rule": "kn_resolve", "note": "Đủ điều kiện thụ lý"}
    assert [c.at for c in changes] == [event["at"] for event in events]
    assert {c.content_type for c in changes} == {ContentType.objects.get_for_model(Petition)}
