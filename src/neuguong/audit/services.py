"""Recording audit events. Every service calls ``record`` inside its own transaction."""

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.errors import PermissionDeniedError

from .db_roles import role_statements
from .models import AuditChainHead, AuditEvent
from .registry import check_action


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


# The events written before the chain was keyed were hashed with plain SHA-256; verification
# accepts them only before the first keyed event.
LEGACY_SHA256 = "sha256"
HMAC_SHA256 = "hmac-sha256"


def _derived(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose, hashlib.sha256).digest()


def audit_keys() -> list[tuple[str, bytes]]:
    """(key id, chain key) for the current audit key, then the previous ones, newest first.

    The key id is a keyed fingerprint: it names the key in each event without revealing it."""
    secrets = [settings.AUDIT_KEY, *settings.AUDIT_PREVIOUS_KEYS]
    return [(_derived(secret, b"neuguong.audit-key-id").hex()[:16], _derived(secret, b"neuguong.audit-chain"))
            for secret in secrets]


def _payload(event: AuditEvent, *, keyed: bool) -> bytes:
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
    if keyed:
        content.update(algorithm=event.algorithm, key_id=event.key_id)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def legacy_digest(event: AuditEvent) -> str:
    """The unkeyed hash of an event written before the chain was keyed."""
    return hashlib.sha256(_payload(event, keyed=False)).hexdigest()


def keyed_digest(event: AuditEvent, key: bytes) -> str:
    """The HMAC of an event's content, its hash algorithm and key id, and the hash before it."""
    return hmac.new(key, _payload(event, keyed=True), hashlib.sha256).hexdigest()


def _unit_of(obj: Any) -> Any:
    from neuguong.orgs.models import Unit

    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "audit_unit", None)


def _refuse_unkeyed_tail(head: AuditChainHead) -> None:
    """Extending a chain that ends with an unkeyed event would vouch for it with the key: whoever
    rewrote the whole chain with plain SHA-256 would only have to wait for the next event. The
    upgrade migration seals the events written before the key; an unkeyed tail now is forged."""
    if not head.last_seq:
        return
    last = AuditEvent.objects.filter(seq=head.last_seq).values_list("algorithm", flat=True).first()
    if last != HMAC_SHA256:
        raise RuntimeError("the last audit event is missing or not hashed with the key: run manage.py audit_verify")


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
    """Append one event to the chain. Must run inside the caller's transaction.

    ``action`` must be registered (``audit.registry``): ``UnregisteredCodeError`` otherwise."""
    check_action(action)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the writing transaction")
    unit = unit if unit is not None else _unit_of(obj)
    head, _created = AuditChainHead.objects.select_for_update(no_key=True).get_or_create(id=1)
    _refuse_unkeyed_tail(head)
    key_id, key = audit_keys()[0]
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
        algorithm=HMAC_SHA256,
        key_id=key_id,
    )
    # Round-trip through JSON so the digest sees exactly what the database will return.
    event.before = json.loads(json.dumps(event.before)) if event.before is not None else None
    event.after = json.loads(json.dumps(event.after)) if event.after is not None else None
    event.hash = keyed_digest(event, key)
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


def _ensure_system(acting_user: Any) -> None:
    if not getattr(acting_user, "is_system", False):
        raise PermissionDeniedError(_("Only a management command may do this."))


def db_roles_configure(*, owner: str, app: str, acting_user: Any) -> list[str]:
    """Give the schema owner and the application role their rights on PostgreSQL (see db_roles)."""
    _ensure_system(acting_user)
    with transaction.atomic():
        statements = role_statements(owner=owner, app=app)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        record(acting_user, "audit.db_roles_configured", after={"owner": owner, "application": app})
    return statements
