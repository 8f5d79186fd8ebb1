from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from neuguong.accounts.scoping import access, scoped

from . import registry
from .models import AuditChainHead, AuditEvent
from .services import HMAC_SHA256, LEGACY_SHA256, audit_keys, keyed_digest, legacy_digest


def audit_events_for(user, *, module: str = "", action: str = "", object_type: str = "", unit=None
                     ) -> QuerySet[AuditEvent]:
    """The events of the user's units, newest first. ``module``: only the actions it registered;
    ``action``: a code or the start of one."""
    events = scoped(AuditEvent.objects.all(), user, "audit.view")
    if unit is not None:
        events = events.filter(unit_path__startswith=unit.path)
    if module:
        events = events.filter(action__in=list(registry.actions(module)))
    if action:
        events = events.filter(action__startswith=action)
    if object_type:
        events = events.filter(object_type=object_type)
    return events.select_related("actor").order_by("-seq")


def audit_event_get(user, event_id) -> AuditEvent:
    return access(AuditEvent.objects.select_related("actor"), user, event_id, view="audit.view")


@dataclass
class ChainProblem:
    seq: int
    problem: str


EDITED = "content does not match its hash (edited)"


class _Keys:
    """The known audit keys by key id, ranked: 0 is the current key, higher ranks are older."""

    def __init__(self) -> None:
        self.by_id = {key_id: (rank, key) for rank, (key_id, key) in enumerate(audit_keys())}
        self.newest_rank: int | None = None  # the newest key seen so far along the chain

    def problem(self, event: AuditEvent) -> str:
        """What is wrong with the hash of this event, given the events before it ("" if nothing)."""
        if event.algorithm == LEGACY_SHA256:
            if self.newest_rank is not None:
                return "hashed without the key after keyed events (downgrade)"
            return "" if legacy_digest(event) == event.hash else EDITED
        if event.algorithm != HMAC_SHA256:
            return f"unknown hash algorithm {event.algorithm!r}"
        if event.key_id not in self.by_id:
            return f"hashed with an unknown key {event.key_id!r} (see NEUGUONG_AUDIT_PREVIOUS_KEYS)"
        rank, key = self.by_id[event.key_id]
        if self.newest_rank is not None and rank > self.newest_rank:
            return "hashed with an older key than the event before it"
        self.newest_rank = rank
        return "" if keyed_digest(event, key) == event.hash else EDITED


def audit_chain_problems(batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the whole chain and report edited, inserted or deleted events and downgraded hashes."""
    problems: list[ChainProblem] = []
    keys = _Keys()
    expected_seq = 1
    prev_hash = "0" * 64
    last: AuditEvent | None = None
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last.seq if last else 0).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                problems.append(ChainProblem(event.seq, f"missing events {expected_seq}..{event.seq - 1}"))
            if event.prev_hash != prev_hash:
                problems.append(ChainProblem(event.seq, "does not follow the event before it"))
            if problem := keys.problem(event):
                problems.append(ChainProblem(event.seq, problem))
            prev_hash = event.hash
            expected_seq = event.seq + 1
            last = event
    # Only the key can write a valid last event: without this, a chain rewritten entirely with
    # unkeyed hashes would verify.
    if last and last.algorithm != HMAC_SHA256:
        problems.append(ChainProblem(last.seq, "the chain does not end with an event hashed with the key"))
    last_seq = last.seq if last else 0
    head = AuditChainHead.objects.filter(id=1).first()
    if head and head.last_seq != last_seq:
        problems.append(ChainProblem(head.last_seq, f"the chain ends at {last_seq} but the head says {head.last_seq}"))
    if head and head.last_seq == last_seq and head.last_hash != prev_hash:
        problems.append(ChainProblem(last_seq, "the last event does not match the chain head"))
    return problems


def audit_anchor() -> dict[str, Any]:
    """Where the chain ends now. Kept outside the database, it later proves that the chain up to
    that event was neither rewritten nor cut short."""
    last = AuditEvent.objects.order_by("-seq").first()
    return {
        "seq": last.seq if last else 0,
        "hash": last.hash if last else "0" * 64,
        "event_time": last.created_at.isoformat() if last else None,
        "anchored_at": timezone.now().isoformat(),
    }


def audit_anchor_problems(anchor: dict[str, Any]) -> list[ChainProblem]:
    """Compare the chain with an anchor saved earlier; ``audit_chain_problems`` checks the links."""
    seq, anchored_at = anchor["seq"], anchor.get("anchored_at", "an unknown time")
    if seq == 0:
        return []
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        return [ChainProblem(seq, f"the chain has shrunk: this event, anchored at {anchored_at}, is gone")]
    if event.hash != anchor["hash"]:
        return [ChainProblem(seq, f"the hash anchored at {anchored_at} no longer matches "
                                  "(the chain was rewritten)")]
    return []
