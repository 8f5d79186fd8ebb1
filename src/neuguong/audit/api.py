"""Read access to the audit trail of the caller's subtrees."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from neuguong.core.api import QUERY_MAX_LENGTH, caller, paged
from neuguong.orgs import selectors as org_selectors

from . import registry, selectors

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    seq: int
    created_at: dt.datetime
    actor_id: int | None
    actor_label: str
    action: str
    action_label: str
    unit_id: int | None
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str

    @staticmethod
    def resolve_action_label(event: Any) -> str:
        """The action's name in the request's language (the code for a retired action)."""
        return registry.action_label(event.action)


@router.get("/audit/events", response=list[AuditEventOut], summary="List audit events, newest first")
@paged
def list_events(
    request: HttpRequest,
    module: str = Query("", description="Only the actions this module registered, e.g. `reception`",
                        max_length=QUERY_MAX_LENGTH),
    action: str = Query("", description="Action prefix, e.g. `unit.` or `person.updated`", max_length=QUERY_MAX_LENGTH),
    object_type: str = Query("", description="Model label, e.g. `orgs.person`", max_length=QUERY_MAX_LENGTH),
    unit: int | None = Query(None, description="Only events of this unit's subtree"),
):
    scope = org_selectors.unit_get(caller(request), unit) if unit is not None else None
    return selectors.audit_events_for(caller(request), module=module, action=action, object_type=object_type,
                                      unit=scope)


@router.get("/audit/events/{event_id}", response=AuditEventOut, summary="Get one audit event")
def get_event(request: HttpRequest, event_id: int):
    return selectors.audit_event_get(caller(request), event_id)
