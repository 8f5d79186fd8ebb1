"""Recording audit events. Every service calls ``record`` inside its own transaction."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def event_digest(event: AuditEvent) -> str:
    """The hash of an event's content together with the hash of the event before it."""
    content = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "unit_id": event.unit_id,
        "unit_path": event.unit_path,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "note": event.note,
        "prev_hash": event.prev_hash,
    }
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _unit_of(obj: Any) -> Any:
    from neuguong.orgs.models import Unit

    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "audit_unit", None)


def record(
    actor: Any,
    action: str,
    obj: Any = None,
    *,
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the writing transaction")
    unit = unit if unit is not None else _unit_of(obj)
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    is_user = isinstance(actor, get_user_model())
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "system"))[:200],
        action=action,
        unit=unit,
        unit_path=getattr(unit, "path", "") or "",
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
        prev_hash=head.last_hash,
    )
    # Round-trip through JSON so the digest sees exactly what the database will return.
    event.before = json.loads(json.dumps(event.before)) if event.before is not None else None
    event.after = json.loads(json.dumps(event.after)) if event.after is not None else None
    event.hash = event_digest(event)
    event.save(force_insert=True)
    AuditChainHead.objects.filter(id=1).update(last_seq=event.seq, last_hash=event.hash)
    return event


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a record as audit before/after values."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = getattr(obj, getattr(field, "attname", name))
    return _jsonable(values)
