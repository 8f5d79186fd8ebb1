"""JSON API of the study year's events: list, enter, change, hold or cancel, and their documents."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import EventKind, EventStatus, StudyEvent
from ..views.themes import file_download

router = Router()
REQUIRED_FILE = File(...)


class EventDocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int


class EventOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    kind: EventKind
    title: str
    held_on: dt.date
    place: str
    participants: str
    participant_count: int
    outcomes: str
    status: EventStatus
    cancel_reason: str
    allowed_actions: list[str] = Field(description="The steps the caller can take on the event now")

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class EventLinkOut(Schema):
    id: int = Field(alias="pk")
    kind: str = Field(description="article or round")
    title: str
    url: str = Field(description="The article's staff or public page, the round's page")


class EventDetailOut(EventOut):
    documents: list[EventDocumentOut]
    links: list[EventLinkOut] = Field(description="The news articles and nomination rounds the caller may follow")

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_links(obj: Any, context: dict[str, Any]) -> list[Any]:
        return selectors.event_links(caller(context["request"]), obj)


class EventLinkIn(Schema):
    article_id: int | None = Field(None, description="A portal article the caller reads")
    round_id: int | None = Field(None, description="An honours nomination round the caller reads")


class EventLinkCreatedOut(Schema):
    id: int
    event_id: int
    article_id: int | None
    round_id: int | None


class EventEditIn(Schema):
    kind: EventKind
    title: str = sized(StudyEvent, "title")
    held_on: Date
    place: str = sized(StudyEvent, "place")
    participants: str = sized(StudyEvent, "participants", "")
    participant_count: int = Field(0, ge=0, le=1_000_000)


class EventIn(EventEditIn):
    unit_id: int


class HoldIn(Schema):
    outcomes: str = Field(max_length=20_000)
    participant_count: int | None = Field(None, ge=0, le=1_000_000)


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


@router.get("/study-events", response=list[EventOut], summary="Events of the caller's units")
@paged
def list_events(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100), unit_id: int | None = None,
                kind: EventKind | None = None, status: EventStatus | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.events_visible_to(user, year=year, unit=unit, kind=kind or "", status=status or "")


@router.post("/study-events", response={201: EventOut}, summary="Enter a planned event")
def create_event(request: HttpRequest, body: EventIn):
    return 201, services.event_create(acting_user=caller(request), **body.dict())


@router.get("/study-events/{study_event_id}", response=EventDetailOut, summary="An event and its documents")
def get_event(request: HttpRequest, study_event_id: int):
    return selectors.event_get(caller(request), study_event_id)


@router.put("/study-events/{study_event_id}", response=EventOut, summary="Change a planned event")
def update_event(request: HttpRequest, study_event_id: int, body: EventEditIn):
    return services.event_update(event_id=study_event_id, acting_user=caller(request), **body.dict())


@router.post("/study-events/{study_event_id}/hold", response=EventOut,
             summary="Record the event as held, with its outcomes")
def hold_event(request: HttpRequest, study_event_id: int, body: HoldIn):
    return services.event_hold(event_id=study_event_id, acting_user=caller(request), **body.dict())


@router.post("/study-events/{study_event_id}/cancel", response=EventOut, summary="Cancel a planned event")
def cancel_event(request: HttpRequest, study_event_id: int, body: ReasonIn):
    return services.event_cancel(event_id=study_event_id, reason=body.reason, acting_user=caller(request))


@router.post("/study-events/{study_event_id}/documents", response={201: EventDocumentOut},
             summary="Add a document to the event (PDF or DOCX, multipart)")
def create_event_document(request: HttpRequest, study_event_id: int, file: UploadedFile = REQUIRED_FILE,
                          title: str = Form(..., max_length=300)):
    return 201, services.event_document_add(event_id=study_event_id, title=title, upload=file,
                                            acting_user=caller(request))


@router.get("/study-event-documents/{event_document_id}", response={200: None},
            summary="Download an event's document (always as a file download)")
def download_event_document(request: HttpRequest, event_document_id: int):
    document = selectors.event_document_get(caller(request), event_document_id)
    return file_download(document, document.original_name, document.content_type)


@router.post("/study-events/{study_event_id}/links", response={201: EventLinkCreatedOut},
             summary="Link the event to a news article or a nomination round (study.manage)")
def create_event_link(request: HttpRequest, study_event_id: int, body: EventLinkIn):
    return 201, services.event_link_add(event_id=study_event_id, acting_user=caller(request), **body.dict())


@router.delete("/study-events/{study_event_id}/links/{event_link_id}", response={204: None},
               summary="Remove a link of the event (study.manage)")
def delete_event_link(request: HttpRequest, study_event_id: int, event_link_id: int):
    user = caller(request)
    link = selectors.event_link_get(user, study_event_id, event_link_id)
    services.event_link_remove(link_id=link.pk, acting_user=user)
    return 204, None
