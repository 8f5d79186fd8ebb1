"""What several parts of the reception API share: reading a petition as the caller may see it."""

from typing import Any, Protocol, cast

from django.http import HttpRequest

from neuguong.core.api import (
    caller,
)
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors
from ..models import (
    Attachment,
)


def unit_or_none(request: HttpRequest, unit_id: int | None):
    return org_selectors.unit_get(caller(request), unit_id) if unit_id is not None else None


class _Shown(Protocol):
    """The attributes ``petition_detail`` sets on a petition for ``PetitionDetailOut`` to read."""

    shown_identity: selectors.Identity | None
    shown_attachments: list[Attachment]
    shown_actions: list[str]


def petition_detail(request: HttpRequest, petition_id: int) -> Any:
    """The petition with what the caller may see of its petitioner and attachments, and the steps
    the caller can take on it."""
    user = caller(request)
    petition = selectors.petition_get(user, petition_id)
    shown = cast(_Shown, petition)  # the same object: plain attributes, not model fields
    shown.shown_identity = selectors.petition_identity(user, petition)
    shown.shown_attachments = selectors.petition_attachments(user, petition)
    shown.shown_actions = allowed_names(petition, user)
    return petition


def as_listed(request: HttpRequest, petitions: list[Any]) -> Any:
    """Petitions just written, read back the way lists give them."""
    found = selectors.petitions_for(caller(request)).filter(pk__in=[p.pk for p in petitions])
    return found.order_by("pk")


def visit_out(user: Any, visit: Any) -> dict[str, Any]:
    shown = selectors.visit_identity_visible(user, visit)
    return {"id": visit.pk, "session_id": visit.session_id, "number": visit.number,
            "full_name": visit.full_name if shown else None, "group_size": visit.group_size,
            "refused": visit.refused, "refusal_reason": visit.refusal_reason.code if visit.refusal_reason else None,
            "petition_ids": [p.pk for p in visit.petitions.all()]}
