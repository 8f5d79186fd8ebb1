"""Reads of the study year's events, scoped by the organising unit like every record."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from neuguong.accounts.scoping import access, scoped
from neuguong.orgs.models import Unit

from ..models import EventDocument, StudyEvent


def events_visible_to(user: Any, *, year: int | None = None, unit: Unit | None = None, kind: str = "",
                      status: str = "") -> QuerySet[StudyEvent]:
    events = scoped(StudyEvent.objects.all(), user, "study.view")
    if year:
        events = events.filter(held_on__year=year)
    if unit is not None:
        events = events.filter(unit__path__startswith=unit.path)
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    return events.select_related("unit").annotate(document_count=Count("documents")).order_by("-held_on", "-pk")


def event_get(user: Any, event_id: Any) -> StudyEvent:
    documents = EventDocument.objects.order_by("uploaded_at", "pk")
    return access(StudyEvent.objects.select_related("unit").prefetch_related(Prefetch("documents", documents)),
                  user, event_id, view="study.view")


def event_document_get(user: Any, document_id: Any) -> EventDocument:
    return access(EventDocument.objects.select_related("event__unit"), user, document_id, view="study.view")
