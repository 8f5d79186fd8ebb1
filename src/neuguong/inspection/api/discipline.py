"""JSON API of party discipline: violations, their decision, appeals and their outcome, and a member's
own decisions. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages (a
record out of the caller's scope answers 404 like a missing one); reading a file is audited."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from neuguong.accounts.scoping import has_permission
from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.errors import PermissionDeniedError
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from .. import selectors, services
from ..models import Appeal, AppealStatus, DecisionStatus, DisciplineDecision, Violation

router = Router()


def inspector(request: HttpRequest) -> Any:
    """The caller, who holds an inspection role somewhere (403 otherwise, as on the pages; a record
    outside their subtrees is then a 404 like a missing one)."""
    user = caller(request)
    if not has_permission(user, "inspection.view"):
        raise PermissionDeniedError(_("Discipline records are for the inspection roles."))
    return user


class AppealOut(Schema):
    id: int
    decision_id: int
    filed_on: dt.date
    grounds: str
    status: AppealStatus
    resolved_on: dt.date | None
    resolution: str
    new_form: str | None = Field(None, description="Catalogue code of the form set by the appeal")
    allowed_actions: list[str] = Field(description="The outcomes the caller can record now")

    @staticmethod
    def resolve_new_form(obj: Any) -> str | None:
        return obj.new_form.code if obj.new_form_id else None

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class DecisionOut(Schema):
    id: int
    violation_id: int
    unit_id: int
    subject_kind: str
    held_post: bool
    form: str = Field(description="Catalogue code of the form decided")
    current_form: str = Field(description="Catalogue code of the form in force (changed on appeal or not)")
    number: str
    decided_on: dt.date
    effective_on: dt.date
    notified_on: dt.date
    grounds: str
    status: DecisionStatus

    @staticmethod
    def resolve_form(obj: Any) -> str:
        return obj.form.code

    @staticmethod
    def resolve_current_form(obj: Any) -> str:
        return obj.current_form.code


class DecisionDetailOut(DecisionOut):
    appeals: list[AppealOut]

    @staticmethod
    def resolve_appeals(obj: Any) -> list[Any]:
        return list(obj.appeals.all())


class ViolationOut(Schema):
    id: int
    unit_id: int
    subject_unit_id: int | None
    subject_person_id: int | None
    subject_name: str
    occurred_on: dt.date
    exemption: str
    description: str
    decision: DecisionOut | None

    @staticmethod
    def resolve_decision(obj: Any) -> Any:
        return selectors.decision_of(obj)


class ViolationDetailOut(ViolationOut):
    decision: DecisionDetailOut | None  # type: ignore[assignment]


class ViolationIn(Schema):
    unit_id: int = Field(description="The deciding body")
    subject_unit_id: int | None = None
    subject_person_id: int | None = None
    occurred_on: Date
    exemption: str = sized(Violation, "exemption", "")
    description: str = sized(Violation, "description")


class DecisionIn(Schema):
    form: str = Field(max_length=60, description="Catalogue code of the form, e.g. full_member.reprimand")
    number: str = sized(DisciplineDecision, "number")
    decided_on: Date
    effective_on: Date | None = None
    notified_on: Date | None = None
    grounds: str = sized(DisciplineDecision, "grounds")


class AppealIn(Schema):
    filed_on: Date
    grounds: str = sized(Appeal, "grounds")


class ResolutionIn(Schema):
    resolution: str = sized(Appeal, "resolution")
    resolved_on: Date | None = None


class ChangeIn(ResolutionIn):
    new_form: str = Field(max_length=60, description="Catalogue code of the new form")


@router.get("/discipline-violations", response=list[ViolationOut],
            summary="Violations and their decisions in the caller's subtrees (inspection roles)")
@paged
def list_violations(request: HttpRequest, unit_id: int | None = None, subject: str = Query("", max_length=20),
                    form: str = Query("", max_length=60), status: str = Query("", max_length=20),
                    year: int | None = Query(None, ge=2000, le=2100), q: str = Query("", max_length=100),
                    course: Literal["", "ended", "in_effect"] = Query(
                        "", description="ended: the decision has run its course; in_effect: it has not")):
    user = inspector(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.violations_visible_to(user, unit=unit, subject=subject, form=form, status=status, year=year,
                                           q=q, course=course)


@router.post("/discipline-violations", response={201: ViolationOut}, summary="Record a violation")
def create_violation(request: HttpRequest, body: ViolationIn):
    violation = services.violation_record(acting_user=inspector(request), **body.dict())
    return 201, selectors.violation_get(inspector(request), violation.pk)


@router.get("/discipline-violations/{violation_id}", response=ViolationDetailOut,
            summary="A violation's file with its decision and appeals (each read is audited)")
def get_violation(request: HttpRequest, violation_id: int):
    return services.violation_open(violation_id=violation_id, acting_user=inspector(request))


@router.post("/discipline-violations/{violation_id}/decision", response={201: DecisionOut},
             summary="Record the decision on a violation (checked against the form and the limitation period)")
def create_decision(request: HttpRequest, violation_id: int, body: DecisionIn):
    return 201, services.decision_make(violation_id=violation_id, acting_user=inspector(request), **body.dict())


@router.post("/discipline-decisions/{decision_id}/appeals", response={201: AppealOut},
             summary="Record an appeal against a decision (within its deadline)")
def create_appeal(request: HttpRequest, decision_id: int, body: AppealIn):
    return 201, services.appeal_file(decision_id=decision_id, acting_user=inspector(request), **body.dict())


@router.post("/discipline-appeals/{appeal_id}/uphold", response=AppealOut, summary="Uphold the decision")
def uphold_appeal(request: HttpRequest, appeal_id: int, body: ResolutionIn):
    return services.appeal_uphold(appeal_id=appeal_id, acting_user=inspector(request), **body.dict())


@router.post("/discipline-appeals/{appeal_id}/change", response=AppealOut, summary="Change the form of discipline")
def change_appeal(request: HttpRequest, appeal_id: int, body: ChangeIn):
    return services.appeal_change(appeal_id=appeal_id, acting_user=inspector(request), **body.dict())


@router.post("/discipline-appeals/{appeal_id}/annul", response=AppealOut, summary="Annul the decision")
def annul_appeal(request: HttpRequest, appeal_id: int, body: ResolutionIn):
    return services.appeal_annul(appeal_id=appeal_id, acting_user=inspector(request), **body.dict())


@router.get("/discipline-mine", response=list[DecisionDetailOut],
            summary="The decisions about the caller (each read is audited)")
@paged
def my_decisions(request: HttpRequest):
    return services.own_decisions_read(acting_user=caller(request))
