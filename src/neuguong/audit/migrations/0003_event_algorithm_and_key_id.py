"""Events name how they were hashed. The events written before this migration were hashed with
plain SHA-256; one keyed event (``audit.chain_sealed``) is appended after them, so that rewriting
them breaks the link to it, which only the key can recompute. Every later event is keyed too."""

from django.db import migrations, models
from django.utils import timezone


def seal_unkeyed_events(apps, schema_editor):
    # The hash format is the one audit_verify checks, so it comes from the code, not a copy.
    from neuguong.audit.services import HMAC_SHA256, audit_keys, keyed_digest

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    head = AuditChainHead.objects.select_for_update().filter(id=1).first()
    if head is None or head.last_seq == 0:
        return
    key_id, key = audit_keys()[0]
    event = AuditEvent(
        seq=head.last_seq + 1, created_at=timezone.now(), actor_label="system", action="audit.chain_sealed",
        after={"unkeyed_events": head.last_seq, "key_id": key_id}, prev_hash=head.last_hash,
        algorithm=HMAC_SHA256, key_id=key_id,
    )
    event.hash = keyed_digest(event, key)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="algorithm",
            field=models.CharField(default="sha256", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(seal_unkeyed_events, migrations.RunPython.noop),
    ]
