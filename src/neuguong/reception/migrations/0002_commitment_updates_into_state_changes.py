"""Commitments run on the shared lifecycle engine: their follow-up history moves from
``CommitmentUpdate`` into ``core.StateChange`` (one history table), then ``CommitmentUpdate`` goes.

Each follow-up becomes the step the engine would have written: ``progress`` (the note), ``complete``
(the date done and the note) or ``cancel`` (the note as the reason), from the status the
commitment had before it ("open" for its first step) to the status it set. Going back rebuilds
``CommitmentUpdate`` from the commitments' state changes."""

from django.db import migrations

# The step that set each status, and the key of ``data`` that keeps its note.
STEP_OF = {"in_progress": "progress", "done": "complete", "cancelled": "cancel"}
NOTE_KEY = {"progress": "note", "complete": "note", "cancel": "reason"}


def _commitment_type(apps):
    content_types = apps.get_model("contenttypes", "ContentType")
    return content_types.objects.get_or_create(app_label="reception", model="commitment")[0]


def copy_updates_into_state_changes(apps, schema_editor):
    updates = apps.get_model("reception", "CommitmentUpdate")
    state_changes = apps.get_model("core", "StateChange")
    content_type = _commitment_type(apps)
    status_of: dict[int, str] = {}
    copies = []
    for update in (updates.objects.select_related("commitment", "actor")
                   .order_by("commitment_id", "at", "pk").iterator(chunk_size=2000)):
        step = STEP_OF[update.status]
        data = {NOTE_KEY[step]: update.note}
        if step == "complete" and update.commitment.done_on is not None:
            data["done_on"] = update.commitment.done_on.isoformat()
        copies.append(state_changes(
            content_type=content_type, object_id=update.commitment_id,
            from_state=status_of.get(update.commitment_id, "open"), to_state=update.status, transition=step,
            actor_id=update.actor_id, actor_label=(update.actor.username if update.actor else "system")[:150],
            data=data, at=update.at))
        status_of[update.commitment_id] = update.status
    state_changes.objects.bulk_create(copies, batch_size=2000)


def copy_state_changes_into_updates(apps, schema_editor):
    updates = apps.get_model("reception", "CommitmentUpdate")
    state_changes = apps.get_model("core", "StateChange")
    changes = state_changes.objects.filter(content_type=_commitment_type(apps)).order_by("at", "pk")
    updates.objects.bulk_create([
        updates(commitment_id=change.object_id, status=change.to_state, actor_id=change.actor_id, at=change.at,
                note=change.data.get(NOTE_KEY.get(change.transition, "note"), ""))
        for change in changes.iterator(chunk_size=2000)], batch_size=2000)
    changes.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_state_change_history"),
        ("reception", "0001_reception_sessions_petitions_dialogues"),
    ]

    operations = [
        migrations.RunPython(copy_updates_into_state_changes, copy_state_changes_into_updates),
        migrations.DeleteModel(name="CommitmentUpdate"),
    ]
