"""Petitions and every step of their workflow, their attachments and duplicates."""

from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import File, Query, Router
from ninja.files import UploadedFile

from neuguong.core.api import (
    LIST_MAX_LENGTH,
    QUERY_MAX_LENGTH,
    caller,
    paged,
)

from .. import selectors, services
from ..models import (
    Channel,
    PetitionStatus,
)
from .common import as_listed, petition_detail, unit_or_none
from .schemas import (
    AssignIn,
    AttachmentOut,
    ConditionsIn,
    DecideIn,
    EventOut,
    LinkOut,
    NoteIn,
    PetitionDetailOut,
    PetitionIn,
    PetitionOut,
    ReasonIn,
    ResolveIn,
    RouteIn,
    SplitIn,
    UnitRefIn,
    WithdrawIn,
)

router = Router()


@router.get("/petitions", response=list[PetitionOut], summary="List petitions")
@paged
def list_petitions(
    request: HttpRequest,
    q: str = Query("", description="A tracking code, a citizen ID, or words of the subject or the name",
                   max_length=QUERY_MAX_LENGTH),
    unit_id: int | None = None,
    status: PetitionStatus | None = None,
    kind: str = Query("", max_length=QUERY_MAX_LENGTH),
    channel: Channel | None = None,
    flag: Literal["open", "overdue", "due_soon", "long_standing", "over_level"] | None = None,
):
    return selectors.petitions_for(caller(request), unit=unit_or_none(request, unit_id), status=status or "",
                                   kind=kind, channel=channel or "", q=q, flag=flag or "")


@router.get("/petitions/overdue", response=list[PetitionOut], summary="Open petitions past their deadline")
@paged
def list_overdue(request: HttpRequest, unit_id: int | None = None):
    return selectors.petitions_overdue(caller(request), unit=unit_or_none(request, unit_id))


@router.get("/petitions/due-soon", response=list[PetitionOut], summary="Open petitions due in the next working days")
@paged
def list_due_soon(request: HttpRequest, unit_id: int | None = None):
    return selectors.petitions_due_soon(caller(request), unit=unit_or_none(request, unit_id))


@router.post("/petitions", response={201: list[PetitionOut]},
             summary="Record a petition received by post, forwarded, or raised at a session (one per kind)")
def create_petition(request: HttpRequest, body: PetitionIn):
    data = body.dict(exclude={"unit_id", "kinds", "channel", "received_on", "competent_unit_id", "visit_id"})
    created = services.petition_receive(
        unit_id=body.unit_id, kinds=body.kinds, channel=body.channel, data=data, received_on=body.received_on,
        competent_unit_id=body.competent_unit_id, visit_id=body.visit_id, acting_user=caller(request))
    return 201, as_listed(request, created)


@router.get("/petitions/{petition_id}", response=PetitionDetailOut, summary="Get a petition")
def get_petition(request: HttpRequest, petition_id: int):
    return petition_detail(request, petition_id)


@router.get("/petitions/{petition_id}/history", response=list[EventOut], summary="A petition's status history")
def petition_history(request: HttpRequest, petition_id: int):
    user = caller(request)
    return selectors.petition_history(selectors.petition_get(user, petition_id))


@router.get("/petitions/{petition_id}/duplicates", response=list[LinkOut], summary="Possible duplicates")
def petition_duplicates(request: HttpRequest, petition_id: int):
    user = caller(request)
    return selectors.petition_links(user, selectors.petition_get(user, petition_id))


@router.post("/petitions/{petition_id}/route", response=PetitionDetailOut, summary="Route to the competent unit")
def route_petition(request: HttpRequest, petition_id: int, body: RouteIn):
    services.petition_route(petition_id=petition_id, unit_id=body.unit_id, reason=body.reason,
                            acting_user=caller(request))
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/competent-unit", response=PetitionDetailOut,
             summary="Name the competent unit (over-level follows from it)")
def set_competent_unit(request: HttpRequest, petition_id: int, body: UnitRefIn):
    services.petition_set_competent_unit(petition_id=petition_id, unit_id=body.unit_id, acting_user=caller(request))
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/assign", response=PetitionDetailOut, summary="Assign to an officer")
def assign_petition(request: HttpRequest, petition_id: int, body: AssignIn):
    services.petition_assign(petition_id=petition_id, officer_id=body.officer_id, acting_user=caller(request))
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/decide", response=PetitionDetailOut,
             summary="Record the handling decision (accept, return and guide, forward, file, urge)")
def decide_petition(request: HttpRequest, petition_id: int, body: DecideIn):
    services.petition_decide(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/extend", response=PetitionDetailOut, summary="Extend the running deadline")
def extend_petition(request: HttpRequest, petition_id: int, body: ReasonIn):
    services.petition_extend(petition_id=petition_id, reason=body.reason, acting_user=caller(request))
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/conditions", response=PetitionDetailOut,
             summary="Mark the case complex or in a remote area (the deadline follows)")
def petition_conditions(request: HttpRequest, petition_id: int, body: ConditionsIn):
    services.petition_set_conditions(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/resolve", response=PetitionDetailOut, summary="Record the result")
def resolve_petition(request: HttpRequest, petition_id: int, body: ResolveIn):
    services.petition_resolve(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/withdraw", response=PetitionDetailOut, summary="Record a withdrawal")
def withdraw_petition(request: HttpRequest, petition_id: int, body: WithdrawIn):
    services.petition_withdraw(petition_id=petition_id, acting_user=caller(request), **body.dict())
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/split", response={201: list[PetitionOut]},
             summary="Record one petition for each other kind the petition raises")
def split_petition(request: HttpRequest, petition_id: int, body: SplitIn):
    created = services.petition_split(petition_id=petition_id, kinds=body.kinds, reason=body.reason,
                                      acting_user=caller(request))
    return 201, as_listed(request, created)


@router.post("/petitions/{petition_id}/notes", response=PetitionDetailOut, summary="Add an internal note")
def note_petition(request: HttpRequest, petition_id: int, body: NoteIn):
    services.petition_note(petition_id=petition_id, note=body.note, acting_user=caller(request))
    return petition_detail(request, petition_id)


@router.post("/petitions/{petition_id}/attachments", response={201: list[AttachmentOut]},
             summary="Attach scanned documents (PDF, JPEG, PNG, TIFF; checked by content)")
def attach_to_petition(request: HttpRequest, petition_id: int,
                       files: list[UploadedFile] = File(..., max_length=LIST_MAX_LENGTH)):  # noqa: B008
    return 201, services.attachment_add(petition_id=petition_id, attachments=files, acting_user=caller(request))


@router.get("/petition-attachments/{attachment_id}", response={200: None},
            summary="Download an attachment (always as a file download)")
def download_attachment(request: HttpRequest, attachment_id: int):
    attachment = selectors.attachment_get(caller(request), attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/petition-duplicates/{link_id}/confirm", response=LinkOut, summary="Confirm a duplicate")
def confirm_duplicate(request: HttpRequest, link_id: int):
    return services.link_confirm(link_id=link_id, acting_user=caller(request))


@router.post("/petition-duplicates/{link_id}/dismiss", response=LinkOut, summary="Mark as not a duplicate")
def dismiss_duplicate(request: HttpRequest, link_id: int):
    return services.link_dismiss(link_id=link_id, acting_user=caller(request))
