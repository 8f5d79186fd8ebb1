from dataclasses import dataclass

from django.db.models import QuerySet

from neuguong.accounts.scoping import access, scoped

from .models import AuditChainHead, AuditEvent
from .services import event_digest


def audit_events_for(user, *, action: str = "", object_type: str = "", unit=None) -> QuerySet[AuditEvent]:
    events = scoped(AuditEvent.objects.all(), user, "audit.view")
    if unit is not None:
        events = events.filter(unit_path__startswith=unit.path)
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


def audit_chain_problems(batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the whole chain and report edited, inserted or deleted events."""
    problems: list[ChainProblem] = []
    expected_seq = 1
    prev_hash = "0" * 64
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                problems.append(ChainProblem(event.seq, f"missing events {expected_seq}..{event.seq - 1}"))
            if event.prev_hash != prev_hash:
                problems.append(ChainProblem(event.seq, "does not follow the event before it"))
            if event_digest(event) != event.hash:
                problems.append(ChainProblem(event.seq, "content does not match its hash (edited)"))
            prev_hash = event.hash
            expected_seq = event.seq + 1
            last = event.seq
    head = AuditChainHead.objects.filter(id=1).first()
    if head and head.last_seq != last:
        problems.append(ChainProblem(head.last_seq, f"the chain ends at {last} but the head says {head.last_seq}"))
    if head and head.last_seq == last and head.last_hash != prev_hash:
        problems.append(ChainProblem(last, "the last event does not match the chain head"))
    return problems
