"""JSON API of the study module: themes, plans, their items and steps, progress reports and the
roll-up. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages (a record
out of the caller's scope answers 404 like a missing one)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import ItemStatus, Plan, PlanItem, PlanStatus, ProgressReport, Theme, ThemeLevel
from ..views.themes import file_download

router = Router()


class ThemeOut(Schema):
    id: int
    unit_id: int
    year: int
    level: ThemeLevel
    title: str
    summary: str


class ThemeIn(Schema):
    unit_id: int
    year: int = Field(ge=2000, le=2100)
    level: ThemeLevel
    title: str = sized(Theme, "title")
    summary: str = sized(Theme, "summary", "")


class ThemeEditIn(Schema):
    year: int = Field(ge=2000, le=2100)
    level: ThemeLevel
    title: str = sized(Theme, "title")
    summary: str = sized(Theme, "summary", "")


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int


class ThemeDetailOut(ThemeOut):
    documents: list[DocumentOut]

    @staticmethod
    def resolve_documents(obj: Any) -> list[Any]:
        return list(obj.documents.all())


class PlanOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    theme_id: int
    year: int
    title: str
    notes: str
    status: PlanStatus
    approved_on: dt.date | None
    allowed_actions: list[str] = Field(description="The steps the caller can take on the plan now")

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class PlanListOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    theme_id: int
    year: int
    title: str
    status: PlanStatus
    item_count: int
    done_count: int


class PlanIn(Schema):
    unit_id: int
    theme_id: int
    title: str = sized(Plan, "title")
    notes: str = sized(Plan, "notes", "")


class PlanEditIn(Schema):
    title: str = sized(Plan, "title")
    notes: str = sized(Plan, "notes", "")


class ReportOut(Schema):
    id: int
    text: str
    reported_on: dt.date
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: Any) -> bool:
        return bool(obj.file)


class ItemOut(Schema):
    id: int
    plan_id: int
    content: str
    owner_person_id: int | None
    owner: str
    due_on: dt.date
    status: ItemStatus
    done_on: dt.date | None
    allowed_actions: list[str] = Field(description="The steps the caller can take on the item now")

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class ItemDetailOut(ItemOut):
    reports: list[ReportOut]

    @staticmethod
    def resolve_reports(obj: Any) -> list[Any]:
        return list(obj.reports.all())


class PlanDetailOut(PlanOut):
    items: list[ItemDetailOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return obj.items_listed


class ItemIn(Schema):
    content: str = sized(PlanItem, "content")
    due_on: Date
    owner_person_id: int | None = None
    owner_name: str = sized(PlanItem, "owner_name", "")


class CompleteIn(Schema):
    done_on: Date | None = None


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class ReportIn(Schema):
    text: str = sized(ProgressReport, "text")
    reported_on: Date | None = None


class RollupRowOut(Schema):
    unit_id: int
    unit_name: str
    plans: int
    items: int
    done: int
    overdue: int
    percent: float


class RollupOut(Schema):
    year: int
    unit_id: int | None
    rows: list[RollupRowOut]
    total: RollupRowOut | None


def _row(row: Any) -> dict[str, Any]:
    return {"unit_id": row.unit.pk, "unit_name": row.unit.name, "plans": row.plans, "items": row.items,
            "done": row.done, "overdue": row.overdue, "percent": row.percent}


def _plan_detail(request: HttpRequest, plan_id: int) -> Any:
    user = caller(request)
    plan = selectors.plan_get(user, plan_id)
    plan.items_listed = list(selectors.plan_items(user, plan))  # type: ignore[attr-defined]
    return plan


@router.get("/study-themes", response=list[ThemeOut], summary="Study themes of the caller's units and those above")
@paged
def list_themes(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100),
                level: ThemeLevel | None = None):
    return selectors.themes_visible_to(caller(request), year=year, level=level or "")


@router.post("/study-themes", response={201: ThemeOut}, summary="Enter a study theme")
def create_theme(request: HttpRequest, body: ThemeIn):
    return 201, services.theme_create(acting_user=caller(request), **body.dict())


@router.get("/study-themes/{theme_id}", response=ThemeDetailOut, summary="A study theme and its documents")
def get_theme(request: HttpRequest, theme_id: int):
    return selectors.theme_get(caller(request), theme_id)


@router.put("/study-themes/{theme_id}", response=ThemeOut, summary="Correct a study theme")
def update_theme(request: HttpRequest, theme_id: int, body: ThemeEditIn):
    return services.theme_update(theme_id=theme_id, acting_user=caller(request), **body.dict())


@router.post("/study-themes/{theme_id}/documents", response={201: DocumentOut},
             summary="Add a guidance document (PDF or DOCX, checked by content)")
def add_theme_document(request: HttpRequest, theme_id: int, title: str = Form(..., max_length=300),  # noqa: B008
                       file: UploadedFile = File(...)):  # noqa: B008
    return 201, services.theme_document_add(theme_id=theme_id, title=title, upload=file, acting_user=caller(request))


@router.get("/study-theme-documents/{document_id}", response={200: None},
            summary="Download a guidance document (always as a file download)")
def download_theme_document(request: HttpRequest, document_id: int):
    document = selectors.theme_document_get(caller(request), document_id)
    return file_download(document, document.original_name, document.content_type)


@router.get("/study-plans", response=list[PlanListOut], summary="Study plans of the caller's units")
@paged
def list_plans(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100), unit_id: int | None = None,
               status: PlanStatus | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.plans_visible_to(user, year=year, unit=unit, status=status or "")


@router.post("/study-plans", response={201: PlanOut}, summary="Create a draft study plan")
def create_plan(request: HttpRequest, body: PlanIn):
    return 201, services.plan_create(acting_user=caller(request), **body.dict())


@router.get("/study-plans/{plan_id}", response=PlanDetailOut,
            summary="A study plan, its items with their reports, and the steps the caller can take")
def get_plan(request: HttpRequest, plan_id: int):
    return _plan_detail(request, plan_id)


@router.put("/study-plans/{plan_id}", response=PlanOut, summary="Change a draft plan")
def update_plan(request: HttpRequest, plan_id: int, body: PlanEditIn):
    return services.plan_update(plan_id=plan_id, acting_user=caller(request), **body.dict())


@router.post("/study-plans/{plan_id}/approve", response=PlanOut, summary="Approve a draft plan (a leader)")
def approve_plan(request: HttpRequest, plan_id: int):
    return services.plan_approve(plan_id=plan_id, acting_user=caller(request))


@router.post("/study-plans/{plan_id}/close", response=PlanOut, summary="Close an approved plan after its year")
def close_plan(request: HttpRequest, plan_id: int):
    return services.plan_close(plan_id=plan_id, acting_user=caller(request))


@router.post("/study-plans/{plan_id}/items", response={201: ItemOut}, summary="Add an item to a plan")
def create_item(request: HttpRequest, plan_id: int, body: ItemIn):
    return 201, services.item_add(plan_id=plan_id, acting_user=caller(request), **body.dict())


@router.put("/study-plan-items/{plan_item_id}", response=ItemOut, summary="Change an open item")
def update_item(request: HttpRequest, plan_item_id: int, body: ItemIn):
    return services.item_update(item_id=plan_item_id, acting_user=caller(request), **body.dict())


@router.post("/study-plan-items/{plan_item_id}/start", response=ItemOut, summary="Start an item")
def start_item(request: HttpRequest, plan_item_id: int):
    return services.item_start(item_id=plan_item_id, acting_user=caller(request))


@router.post("/study-plan-items/{plan_item_id}/complete", response=ItemOut,
             summary="Mark an item as done (today when no date is given)")
def complete_item(request: HttpRequest, plan_item_id: int, body: CompleteIn):
    return services.item_complete(item_id=plan_item_id, done_on=body.done_on, acting_user=caller(request))


@router.post("/study-plan-items/{plan_item_id}/cancel", response=ItemOut, summary="Cancel an item, with a reason")
def cancel_item(request: HttpRequest, plan_item_id: int, body: ReasonIn):
    return services.item_cancel(item_id=plan_item_id, reason=body.reason, acting_user=caller(request))


@router.post("/study-plan-items/{plan_item_id}/reports", response={201: ReportOut},
             summary="Report progress on an item (a file is added from the page)")
def create_report(request: HttpRequest, plan_item_id: int, body: ReportIn):
    return 201, services.report_add(item_id=plan_item_id, text=body.text, reported_on=body.reported_on,
                                    acting_user=caller(request))


@router.get("/study-rollup", response=RollupOut, summary="Completion of the year's plans by unit below a unit")
def get_rollup(request: HttpRequest, year: int = Query(..., ge=2000, le=2100), unit_id: int | None = None):
    user = caller(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    rows, total = selectors.rollup(user, year=year, unit=unit)
    return {"year": year, "unit_id": unit.pk if unit else None, "rows": [_row(row) for row in rows],
            "total": _row(total) if total else None}
