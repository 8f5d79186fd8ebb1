"""What an intruder with the database's credentials (and the source code, but not the key) does."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from neuguong.audit import services as audit_services
from neuguong.audit.models import AuditChainHead, AuditEvent


@contextmanager
def triggers_off() -> Iterator[None]:
    """Change the table behind the application's back: on PostgreSQL as a superuser who turns the
    append-only triggers off for the session."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def plain_sha256(event: AuditEvent) -> str:
    """The unkeyed hash the chain used before it was keyed, as anyone can recompute it."""
    return hashlib.sha256(audit_services._payload(event, keyed=False)).hexdigest()


def rehash_from(seq: int, digest, *, through: int | None = None) -> None:
    """Recompute the hash of every event from ``seq`` on (or ``through`` that one) with ``digest``;
    when the rewrite reaches the end of the chain, move the head too."""
    prev_hash = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    events = AuditEvent.objects.filter(seq__gte=seq, **({"seq__lte": through} if through else {}))
    with triggers_off():
        for event in events.order_by("seq"):
            event.prev_hash = prev_hash
            event.hash = digest(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                prev_hash=event.prev_hash, hash=event.hash, algorithm=event.algorithm, key_id=event.key_id)
            prev_hash = event.hash
        if through is None:
            AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)


def append_plain(unit=None, action: str = "test.forged") -> AuditEvent:
    """Append an event hashed the unkeyed way, correctly linked to the chain's head."""
    from django.utils import timezone

    head, _created = AuditChainHead.objects.get_or_create(id=1)
    event = AuditEvent(seq=head.last_seq + 1, created_at=timezone.now(), actor_label="system", action=action,
                       unit=unit, unit_path=unit.path if unit else "", prev_hash=head.last_hash,
                       algorithm="sha256", key_id="")
    event.hash = plain_sha256(event)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    return event
