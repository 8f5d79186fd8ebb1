"""Reception sessions, their visitors and registers, and standing schedules."""

from django.http import HttpRequest
from ninja import Router

from neuguong.core.api import (
    caller,
    paged,
)

from .. import register, selectors, services
from ..models import (
    SessionStatus,
)
from .common import as_listed, unit_or_none, visit_out
from .schemas import (
    ActiveIn,
    GenerateIn,
    MatterIn,
    PetitionOut,
    ReasonIn,
    RefusalIn,
    RegisterOut,
    ScheduleIn,
    ScheduleOut,
    SessionIn,
    SessionOut,
    SessionRecordIn,
    VisitIn,
    VisitOut,
)

router = Router()


@router.get("/reception-sessions", response=list[SessionOut], summary="List reception sessions")
@paged
def list_sessions(request: HttpRequest, unit_id: int | None = None, status: SessionStatus | None = None,
                  upcoming: bool | None = None):
    sessions = selectors.sessions_for(caller(request), unit=unit_or_none(request, unit_id), status=status or "",
                                      upcoming=upcoming)
    return sessions


@router.post("/reception-sessions", response={201: SessionOut}, summary="Schedule a reception session")
def create_session(request: HttpRequest, body: SessionIn):
    return 201, services.session_create(acting_user=caller(request), **body.dict())


@router.get("/reception-sessions/{session_id}", response=SessionOut, summary="Get a reception session")
def get_session(request: HttpRequest, session_id: int):
    return selectors.session_get(caller(request), session_id)


@router.post("/reception-sessions/{session_id}/record", response=SessionOut,
             summary="Record the session as held, with the 3-in-1 attendance")
def record_session(request: HttpRequest, session_id: int, body: SessionRecordIn):
    return services.session_record(session_id=session_id, acting_user=caller(request), **body.dict())


@router.post("/reception-sessions/{session_id}/cancel", response=SessionOut, summary="Cancel a scheduled session")
def cancel_session(request: HttpRequest, session_id: int, body: ReasonIn):
    return services.session_cancel(session_id=session_id, reason=body.reason, acting_user=caller(request))


@router.get("/reception-sessions/{session_id}/visits", response=list[VisitOut], summary="Visitors of a session")
def list_visits(request: HttpRequest, session_id: int):
    user = caller(request)
    session = selectors.session_get(user, session_id)
    return [visit_out(user, visit) for visit in selectors.session_visits(user, session)]


@router.post("/reception-sessions/{session_id}/visits", response={201: list[PetitionOut]},
             summary="Receive a visitor and the matter raised (one petition per kind)")
def create_visit(request: HttpRequest, session_id: int, body: VisitIn):
    _visit, created = services.visit_record(session_id=session_id, visitor=body.visitor.dict(),
                                            kinds=body.matter.kinds, matter=body.matter.dict(exclude={"kinds"}),
                                            acting_user=caller(request))
    return 201, as_listed(request, created)


@router.post("/reception-sessions/{session_id}/refusals", response={201: VisitOut}, summary="Refuse reception")
def refuse_visit(request: HttpRequest, session_id: int, body: RefusalIn):
    visit = services.visit_refuse(session_id=session_id, visitor=body.visitor.dict(), reason=body.reason,
                                  note=body.note, acting_user=caller(request))
    return 201, visit_out(caller(request), visit)


@router.post("/reception-visits/{visit_id}/matters", response={201: list[PetitionOut]},
             summary="Another matter raised by a recorded visitor")
def add_matter(request: HttpRequest, visit_id: int, body: MatterIn):
    created = services.visit_matter_add(visit_id=visit_id, kinds=body.kinds, matter=body.dict(exclude={"kinds"}),
                                        acting_user=caller(request))
    return 201, as_listed(request, created)


@router.get("/reception-sessions/{session_id}/register", response=RegisterOut,
            summary="The session's register (Mẫu 03): headings and rows")
def session_register(request: HttpRequest, session_id: int):
    session = selectors.session_get(caller(request), session_id)
    book = register.session_register(caller(request), session)
    return {"session_id": session.pk, "headings": book.headings, "codes": book.codes, "rows": book.rows}


@router.get("/reception-schedules", response=list[ScheduleOut], summary="Standing reception schedules")
def list_schedules(request: HttpRequest, unit_id: int | None = None):
    return selectors.schedules_for(caller(request), unit=unit_or_none(request, unit_id))


@router.post("/reception-schedules", response={201: ScheduleOut}, summary="Create a schedule (a day each month)")
def create_schedule(request: HttpRequest, body: ScheduleIn):
    return 201, services.schedule_create(acting_user=caller(request), **body.dict())


@router.post("/reception-schedules/{schedule_id}/generate", response={201: list[SessionOut]},
             summary="Schedule the coming months' sessions")
def generate_sessions(request: HttpRequest, schedule_id: int, body: GenerateIn):
    return 201, services.schedule_generate(schedule_id=schedule_id, months=body.months, acting_user=caller(request))


@router.post("/reception-schedules/{schedule_id}/active", response=ScheduleOut, summary="Pause or resume")
def set_schedule_active(request: HttpRequest, schedule_id: int, body: ActiveIn):
    return services.schedule_set_active(schedule_id=schedule_id, active=body.active, acting_user=caller(request))
