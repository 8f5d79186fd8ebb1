"""JSON API of the registrations to follow and the exemplary pledges. Thin doors: schemas in, a
service or selector, schemas out, scoped like the pages (out of scope answers 404 like missing)."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from neuguong.core.api import caller, paged
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import FollowLevel, FollowUpKind, PledgeStatus, RegistrationStatus

router = Router()


class RegistrationItemIn(Schema):
    content: str = Field(max_length=4000)
    expected_result: str = Field(max_length=4000)


class RegistrationIn(Schema):
    year: int = Field(ge=2000, le=2100)
    theme_id: int | None = None
    items: list[RegistrationItemIn] = Field(max_length=10)


class RegistrationEditIn(Schema):
    theme_id: int | None = None
    items: list[RegistrationItemIn] = Field(max_length=10)


class RegistrationItemOut(Schema):
    content: str
    expected_result: str


class QuarterReportOut(Schema):
    id: int
    quarter: int
    text: str
    reported_on: dt.date
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: Any) -> bool:
        return bool(obj.file)


class RegistrationListOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    cell_id: int
    year: int
    status: RegistrationStatus
    level: str
    item_count: int
    report_count: int


class RegistrationOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    cell_id: int
    year: int
    theme_id: int | None
    status: RegistrationStatus
    registered_on: dt.date | None
    level: str
    assessment: str
    assessed_on: dt.date | None
    items: list[RegistrationItemOut]
    reports: list[QuarterReportOut]
    allowed_actions: list[str] = Field(description="The steps the caller can take on the registration now")

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())

    @staticmethod
    def resolve_reports(obj: Any) -> list[Any]:
        return list(obj.reports.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class QuarterReportIn(Schema):
    quarter: int = Field(ge=1, le=4)
    text: str = Field(max_length=10000)


class AssessIn(Schema):
    level: FollowLevel
    comment: str = Field("", max_length=4000)


class PledgeIn(Schema):
    post_id: int
    year: int = Field(ge=2000, le=2100)
    items: list[Annotated[str, Field(max_length=4000)]] = Field(max_length=10)


class PledgeListOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    post_id: int
    unit_id: int
    year: int
    status: PledgeStatus
    published: bool
    level: str


class FollowUpOut(Schema):
    kind: FollowUpKind
    text: str
    noted_on: dt.date


class PledgeOut(PledgeListOut):
    items: list[str]
    follow_ups: list[FollowUpOut]
    assessment: str
    allowed_actions: list[str] = Field(description="The steps the caller can take on the pledge now")

    @staticmethod
    def resolve_items(obj: Any) -> list[str]:
        return [item.content for item in obj.items.all()]

    @staticmethod
    def resolve_follow_ups(obj: Any) -> list[Any]:
        return list(obj.follow_ups.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class PublishIn(Schema):
    published: bool


class FollowUpIn(Schema):
    kind: FollowUpKind
    text: str = Field(max_length=10000)


def _items(body: Any) -> list[dict[str, Any]]:
    return [item.dict() for item in body.items]


@router.get("/study-registrations", response=list[RegistrationListOut],
            summary="Registrations to follow of the caller's cells")
@paged
def list_registrations(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100),
                       unit_id: int | None = None, status: RegistrationStatus | None = None,
                       level: FollowLevel | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.registrations_visible_to(user, year=year, unit=unit, status=status or "", level=level or "")


@router.post("/study-registrations", response={201: RegistrationOut},
             summary="The caller (a party member) registers what they will do in a year, as a draft")
def create_registration(request: HttpRequest, body: RegistrationIn):
    user = caller(request)
    registration = services.registration_create(year=body.year, theme_id=body.theme_id, items=_items(body),
                                                acting_user=user)
    return 201, selectors.registration_get(user, registration.pk)


@router.get("/study-registrations/{registration_id}", response=RegistrationOut,
            summary="A registration with its items, quarterly reports and the steps the caller can take")
def get_registration(request: HttpRequest, registration_id: int):
    return selectors.registration_get(caller(request), registration_id)


@router.put("/study-registrations/{registration_id}", response=RegistrationOut,
            summary="Change one's own draft registration")
def update_registration(request: HttpRequest, registration_id: int, body: RegistrationEditIn):
    user = caller(request)
    services.registration_update(registration_id=registration_id, theme_id=body.theme_id, items=_items(body),
                                 acting_user=user)
    return selectors.registration_get(user, registration_id)


@router.post("/study-registrations/{registration_id}/register", response=RegistrationOut,
             summary="Register one's own draft")
def register_registration(request: HttpRequest, registration_id: int):
    user = caller(request)
    services.registration_register(registration_id=registration_id, acting_user=user)
    return selectors.registration_get(user, registration_id)


@router.post("/study-registrations/{registration_id}/reports", response={201: QuarterReportOut},
             summary="Report on a quarter that has begun (a file is added from the page)")
def create_quarter_report(request: HttpRequest, registration_id: int, body: QuarterReportIn):
    return 201, services.quarter_report_add(registration_id=registration_id, quarter=body.quarter, text=body.text,
                                            acting_user=caller(request))


@router.post("/study-registrations/{registration_id}/assess", response=RegistrationOut,
             summary="The cell's assessment of the year (study.approve on the cell)")
def assess_registration(request: HttpRequest, registration_id: int, body: AssessIn):
    user = caller(request)
    services.registration_assess(registration_id=registration_id, level=body.level, comment=body.comment,
                                 acting_user=user)
    return selectors.registration_get(user, registration_id)


@router.get("/study-pledges", response=list[PledgeListOut], summary="Exemplary pledges of the caller's units")
@paged
def list_pledges(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100), unit_id: int | None = None,
                 status: PledgeStatus | None = None, level: FollowLevel | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.pledges_visible_to(user, year=year, unit=unit, status=status or "", level=level or "")


@router.post("/study-pledges", response={201: PledgeOut}, summary="Write a draft pledge in a post held that year")
def create_pledge(request: HttpRequest, body: PledgeIn):
    user = caller(request)
    pledge = services.pledge_create(post_id=body.post_id, year=body.year, items=body.items, acting_user=user)
    return 201, selectors.pledge_get(user, pledge.pk)


@router.get("/study-pledges/{pledge_id}", response=PledgeOut, summary="A pledge, its items and follow-ups")
def get_pledge(request: HttpRequest, pledge_id: int):
    return selectors.pledge_get(caller(request), pledge_id)


@router.post("/study-pledges/{pledge_id}/pledge", response=PledgeOut, summary="Make a draft pledge")
def make_pledge(request: HttpRequest, pledge_id: int):
    user = caller(request)
    services.pledge_pledge(pledge_id=pledge_id, acting_user=user)
    return selectors.pledge_get(user, pledge_id)


@router.post("/study-pledges/{pledge_id}/publish", response=PledgeOut,
             summary="Show a pledge on its unit's page, or withdraw it")
def publish_pledge(request: HttpRequest, pledge_id: int, body: PublishIn):
    user = caller(request)
    services.pledge_publish(pledge_id=pledge_id, published=body.published, acting_user=user)
    return selectors.pledge_get(user, pledge_id)


@router.post("/study-pledges/{pledge_id}/follow-ups", response=PledgeOut,
             summary="The unit's mid-year or year-end note on a pledge")
def follow_up_pledge(request: HttpRequest, pledge_id: int, body: FollowUpIn):
    user = caller(request)
    services.pledge_follow_up(pledge_id=pledge_id, kind=body.kind, text=body.text, acting_user=user)
    return selectors.pledge_get(user, pledge_id)


@router.post("/study-pledges/{pledge_id}/assess", response=PledgeOut, summary="Assess a pledge for the year")
def assess_pledge(request: HttpRequest, pledge_id: int, body: AssessIn):
    user = caller(request)
    services.pledge_assess(pledge_id=pledge_id, level=body.level, comment=body.comment, acting_user=user)
    return selectors.pledge_get(user, pledge_id)
