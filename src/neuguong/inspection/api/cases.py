"""JSON API of inspection and supervision cases and their recommendations. Thin doors: schemas in, a
service or selector, schemas out, scoped like the pages; reading a case's file is audited."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors
from neuguong.study.views.themes import file_download

from .. import selectors, services
from ..models import Case, CaseStatus, DocumentKind, Explanation, Programme, Recommendation, RecommendationStatus
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


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: DocumentKind
    title: str
    original_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class ExplanationOut(Schema):
    id: int
    case_id: int
    given_on: dt.date
    text: str
    original_name: str = Field(description="The file's name; empty when the explanation has no file")


class CaseOut(Schema):
    id: int
    unit_id: int
    programme_id: int | None = Field(description="The yearly programme the case belongs to, if any")
    petition_id: int | None = Field(description="The reception's denunciation petition that opened the case")
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
    documents: list[DocumentOut]
    explanations: list[ExplanationOut]
    allowed_actions: list[str] = Field(description="The steps the caller can take on the case now")

    @staticmethod
    def resolve_recommendations(obj: Any) -> list[Any]:
        return list(obj.recommendations.all())

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_explanations(obj: Any) -> list[Any]:
        return list(obj.explanations.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class CaseIn(Schema):
    unit_id: int = Field(description="The conducting body")
    type: str = Field(max_length=60, description="Catalogue code, e.g. inspection.compliance")
    method: str = Field("", max_length=60, description="For a supervision: supervision_method.direct or .indirect")
    subject_unit_id: int | None = None
    subject_person_id: int | None = None
    programme_id: int | None = Field(None, description="A yearly programme of the body or of a committee above it")
    title: str = sized(Case, "title")
    planned_start: Date
    planned_end: Date
    team: str = Field("", max_length=5000, description="The planned team, if known (the decision confirms it)")


class PetitionCaseIn(Schema):
    petition_id: int = Field(description="An open denunciation petition the caller reads in the reception")
    unit_id: int = Field(description="The conducting body")
    subject_unit_id: int | None = None
    subject_person_id: int | None = None
    programme_id: int | None = None
    title: str = sized(Case, "title")
    planned_start: Date
    planned_end: Date
    team: str = Field("", max_length=5000, description="The planned team, if known")


class ProgrammeOut(Schema):
    id: int
    unit_id: int
    year: int
    title: str
    case_count: int = Field(description="Cases planned in the programme")
    started_count: int = Field(description="Of them, started (in progress or concluded)")
    concluded_count: int = Field(description="Of them, concluded")


class ProgrammeIn(Schema):
    unit_id: int = Field(description="The committee or its inspection commission")
    year: int = Field(ge=2000, le=2100)
    title: str = sized(Programme, "title")


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


@router.get("/inspection-programmes", response=list[ProgrammeOut],
            summary="Yearly inspection and supervision programmes in the caller's subtrees, with their progress")
@paged
def list_programmes(request: HttpRequest, unit_id: int | None = None,
                    year: int | None = Query(None, ge=2000, le=2100)):
    user = inspector(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.programmes_visible_to(user, unit=unit, year=year)


@router.post("/inspection-programmes", response={201: ProgrammeOut},
             summary="Create the yearly programme of a committee or its inspection commission")
def create_programme(request: HttpRequest, body: ProgrammeIn):
    user = inspector(request)
    programme = services.programme_create(acting_user=user, **body.dict())
    return 201, selectors.programme_get(user, programme.pk)


@router.get("/inspection-programmes/{programme_id}", response=ProgrammeOut,
            summary="A programme and its progress against the plan (its cases: inspection-cases?programme_id=)")
def get_programme(request: HttpRequest, programme_id: int):
    return selectors.programme_get(inspector(request), programme_id)


@router.get("/inspection-cases", response=list[CaseOut],
            summary="Inspection and supervision cases in the caller's subtrees (inspection roles)")
@paged
def list_cases(request: HttpRequest, unit_id: int | None = None, kind: str = Query("", max_length=20),
               type: str = Query("", max_length=60), status: CaseStatus | None = None,
               subject: str = Query("", max_length=20), year: int | None = Query(None, ge=2000, le=2100),
               q: str = Query("", max_length=100), programme_id: int | None = None):
    user = inspector(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    programme = selectors.programme_get(user, programme_id) if programme_id is not None else None
    return selectors.cases_visible_to(user, unit=unit, kind=kind, type=type, status=status or "", subject=subject,
                                      year=year, q=q, programme=programme)


@router.post("/inspection-cases", response={201: CaseOut}, summary="Plan an inspection or supervision")
def create_case(request: HttpRequest, body: CaseIn):
    return 201, services.case_plan(acting_user=inspector(request), **body.dict())


@router.post("/inspection-cases/from-petition", response={201: CaseOut},
             summary="Open a case of settling denunciations from a reception denunciation petition")
def create_case_from_petition(request: HttpRequest, body: PetitionCaseIn):
    return 201, services.case_from_petition(acting_user=inspector(request), **body.dict())


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


@router.post("/inspection-cases/{case_id}/documents", response={201: DocumentOut},
             summary="Add a document or evidence to a started case (PDF, DOCX, JPEG or PNG, checked by content)")
def add_document(request: HttpRequest, case_id: int, title: str = Form(..., max_length=300),  # noqa: B008
                 kind: DocumentKind = Form(DocumentKind.DOCUMENT),  # noqa: B008
                 file: UploadedFile = File(...)):  # noqa: B008
    return 201, services.document_add(case_id=case_id, kind=kind, title=title, file=file,
                                      acting_user=inspector(request))


@router.get("/inspection-documents/{document_id}", response={200: None},
            summary="Download a case's document (each download is audited)")
def download_document(request: HttpRequest, document_id: int):
    document = services.document_open(document_id=document_id, acting_user=inspector(request))
    return file_download(document, document.original_name, document.content_type)


@router.post("/inspection-cases/{case_id}/explanations", response={201: ExplanationOut},
             summary="Record the subject's explanation on a case in progress (text, date, optional file)")
def add_explanation(request: HttpRequest, case_id: int, given_on: dt.date = Form(...),  # noqa: B008
                    text: str = Form(..., max_length=20000),  # noqa: B008
                    file: UploadedFile | None = File(None)):  # noqa: B008
    return 201, services.explanation_record(case_id=case_id, given_on=given_on, text=text, file=file,
                                            acting_user=inspector(request))


@router.get("/inspection-explanations/{explanation_id}", response={200: None},
            summary="Download the file of the subject's explanation (each download is audited)")
def download_explanation(request: HttpRequest, explanation_id: int):
    explanation: Explanation = services.explanation_file_open(explanation_id=explanation_id,
                                                              acting_user=inspector(request))
    return file_download(explanation, explanation.original_name, explanation.content_type)


class CaseRowOut(Schema):
    code: str
    label: str
    kind: str
    organisations: int
    members: int
    total: int
    concluded: int
    violations: int


class FormRowOut(Schema):
    code: str
    label: str
    subject: str
    decisions: int


class UnitRowOut(Schema):
    unit_id: int
    label: str
    own: bool = Field(description="The unit's own records (not its children's)")
    inspections: int
    supervisions: int
    total: int
    concluded: int
    decisions: int

    @staticmethod
    def resolve_unit_id(obj: Any) -> int:
        return obj.unit.pk


class StatisticsOut(Schema):
    first: dt.date
    last: dt.date
    label: str
    cases: list[CaseRowOut]
    forms: list[FormRowOut]
    units: list[UnitRowOut] = Field(description="Per child unit's subtree, with unit_id")

    @staticmethod
    def resolve_first(obj: Any) -> dt.date:
        return obj.period.first

    @staticmethod
    def resolve_last(obj: Any) -> dt.date:
        return obj.period.last

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return obj.period.label


@router.get("/inspection-statistics", response=StatisticsOut,
            summary="Inspection, supervision and discipline in lượt for a period, and per child unit with unit_id")
def get_statistics(request: HttpRequest, period: str = Query("year", max_length=10,
                                                             pattern="^(year|quarter|half|term|custom)$"),
                   year: int | None = Query(None, ge=2000, le=2100), number: int = Query(1, ge=1, le=4),
                   from_date: dt.date | None = None, to_date: dt.date | None = None, unit_id: int | None = None):
    user = inspector(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    chosen = selectors.period_of(period, year or dt.date.today().year, number, from_date, to_date)
    return selectors.statistics(user, period=chosen, unit=unit, by_child=unit is not None)
