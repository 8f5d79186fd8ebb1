"""JSON API of inspection and supervision cases and their recommendations. Thin doors: schemas in, a
service or selector, schemas out, scoped like the pages; reading a case's file is audited."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import Case, CaseStatus, Recommendation, RecommendationStatus
from .discipline import inspector

router = Router()


class RecommendationOut(Schema):
    id: int
    case_id: int
    text: str
    due_on: dt.date
    status: RecommendationStatus
    follow_up: str
    done_on: dt.date | None


class CaseOut(Schema):
    id: int
    unit_id: int
    type: str = Field(description="Catalogue code of the type")
    method: str | None = Field(None, description="Catalogue code of the supervision method")
    subject_unit_id: int | None
    subject_person_id: int | None
    subject_name: str
    title: str
    planned_start: dt.date
    planned_end: dt.date
    status: CaseStatus
    decision_number: str
    decision_date: dt.date | None
    team: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    violation_found: bool | None
    rules_breached: str
    conclusion: str
    concluded_on: dt.date | None

    @staticmethod
    def resolve_type(obj: Any) -> str:
        return obj.type.code

    @staticmethod
    def resolve_method(obj: Any) -> str | None:
        return obj.method.code if obj.method_id else None


class CaseDetailOut(CaseOut):
    recommendations: list[RecommendationOut]
    allowed_actions: list[str] = Field(description="The steps the caller can take on the case now")

    @staticmethod
    def resolve_recommendations(obj: Any) -> list[Any]:
        return list(obj.recommendations.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class CaseIn(Schema):
    unit_id: int = Field(description="The conducting body")
    type: str = Field(max_length=60, description="Catalogue code, e.g. inspection.compliance")
    method: str = Field("", max_length=60, description="For a supervision: supervision_method.direct or .indirect")
    subject_unit_id: int | None = None
    subject_person_id: int | None = None
    title: str = sized(Case, "title")
    planned_start: Date
    planned_end: Date


class StartIn(Schema):
    decision_number: str = sized(Case, "decision_number")
    decision_date: Date
    team: str = sized(Case, "team")
    starts_on: Date
    ends_on: Date


class ConcludeIn(Schema):
    violation_found: bool
    rules_breached: str = sized(Case, "rules_breached", "")
    conclusion: str = sized(Case, "conclusion")
    concluded_on: Date | None = None


class RecommendationIn(Schema):
    text: str = sized(Recommendation, "text")
    due_on: Date


class FollowUpIn(Schema):
    follow_up: str = sized(Recommendation, "follow_up")
    done_on: Date | None = None


@router.get("/inspection-cases", response=list[CaseOut],
            summary="Inspection and supervision cases in the caller's subtrees (inspection roles)")
@paged
def list_cases(request: HttpRequest, unit_id: int | None = None, kind: str = Query("", max_length=20),
               type: str = Query("", max_length=60), status: CaseStatus | None = None,
               subject: str = Query("", max_length=20), year: int | None = Query(None, ge=2000, le=2100),
               q: str = Query("", max_length=100)):
    user = inspector(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.cases_visible_to(user, unit=unit, kind=kind, type=type, status=status or "", subject=subject,
                                      year=year, q=q)


@router.post("/inspection-cases", response={201: CaseOut}, summary="Plan an inspection or supervision")
def create_case(request: HttpRequest, body: CaseIn):
    return 201, services.case_plan(acting_user=inspector(request), **body.dict())


@router.get("/inspection-cases/{case_id}", response=CaseDetailOut,
            summary="A case's file with its recommendations (each read is audited)")
def get_case(request: HttpRequest, case_id: int):
    return services.case_open(case_id=case_id, acting_user=inspector(request))


@router.post("/inspection-cases/{case_id}/start", response=CaseOut, summary="The decision to inspect or supervise")
def start_case(request: HttpRequest, case_id: int, body: StartIn):
    return services.case_start(case_id=case_id, acting_user=inspector(request), **body.dict())


@router.post("/inspection-cases/{case_id}/conclude", response=CaseOut,
             summary="Findings and conclusion (refused without a conclusion)")
def conclude_case(request: HttpRequest, case_id: int, body: ConcludeIn):
    return services.case_conclude(case_id=case_id, acting_user=inspector(request), **body.dict())


@router.post("/inspection-cases/{case_id}/recommendations", response={201: RecommendationOut},
             summary="Add a recommendation to a concluded case")
def add_recommendation(request: HttpRequest, case_id: int, body: RecommendationIn):
    return 201, services.recommendation_add(case_id=case_id, acting_user=inspector(request), **body.dict())


@router.post("/inspection-recommendations/{recommendation_id}/complete", response=RecommendationOut,
             summary="Record how a recommendation was carried out")
def complete_recommendation(request: HttpRequest, recommendation_id: int, body: FollowUpIn):
    return services.recommendation_complete(recommendation_id=recommendation_id, acting_user=inspector(request),
                                            **body.dict())
