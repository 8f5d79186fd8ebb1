"""The petition history moves to the lifecycle engine's table: every PetitionEvent becomes a
core.StateChange of its petition (the action is kept as the transition's name, the note joins the
details), so a petition has one history. 0003 then drops PetitionEvent."""

from django.db import migrations

BATCH = 2000


def events_to_state_changes(apps, schema_editor):
    PetitionEvent = apps.get_model("reception", "PetitionEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    petition_type, _created = ContentType.objects.get_or_create(app_label="reception", model="petition")
    batch = []
    for event in PetitionEvent.objects.order_by("pk").iterator(chunk_size=BATCH):
        data = dict(event.details or {})
        if event.note:
            data["note"] = event.note
        batch.append(StateChange(
            content_type=petition_type, object_id=event.petition_id, from_state=event.from_status,
            to_state=event.to_status, transition=event.action, actor_id=event.actor_id,
            actor_label=event.actor_label, data=data, at=event.at))
        if len(batch) >= BATCH:
            StateChange.objects.bulk_create(batch)
            batch = []
    StateChange.objects.bulk_create(batch)


def state_changes_to_events(apps, schema_editor):
    """Back to PetitionEvent (0003 reversed has recreated it empty)."""
    PetitionEvent = apps.get_model("reception", "PetitionEvent")
    StateChange = apps.get_model("core", "StateChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    petition_type = ContentType.objects.filter(app_label="reception", model="petition").first()
    if petition_type is None:
        return
    changes = StateChange.objects.filter(content_type=petition_type).order_by("pk")
    PetitionEvent.objects.bulk_create([
        PetitionEvent(
            petition_id=change.object_id, at=change.at, actor_id=change.actor_id, actor_label=change.actor_label,
            action=change.transition[:40], from_status=change.from_state[:12], to_status=change.to_state[:12],
            note=str((change.data or {}).get("note") or ""),
            details={key: value for key, value in (change.data or {}).items() if key != "note"})
        for change in changes.iterator(chunk_size=BATCH)
    ], batch_size=BATCH)
    changes.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_state_change_history"),
        ("reception", "0002_commitment_updates_into_state_changes"),
    ]

    operations = [
        migrations.RunPython(events_to_state_changes, state_changes_to_events),
    ]
