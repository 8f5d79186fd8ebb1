"""JSON API of emulation and commendation. Thin doors: schemas in, a service or selector, schemas out,
scoped like the pages (a round, nomination or award out of the caller's units answers 404 like a
missing one). Each route names the permission it needs in its description; a caller holding it on no
unit gets 403, as on the pages. A nomination's photo and its evidence are uploaded as multipart
forms, through the services and checks of the pages' forms (by content, within their sizes)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.accounts.scoping import has_permission
from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.errors import PermissionDeniedError
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import Unit

from . import rules, selectors, services
from .models import Award, Nomination, NominationStatus, RoundStatus

router = Router(tags=["honours"])
VIEW, MANAGE, APPROVE, PUBLISH = services.VIEW, services.MANAGE, services.APPROVE, services.PORTAL_PUBLISH


def holding(request: HttpRequest, permission: str) -> Any:
    """The caller, who holds ``permission`` on some unit (403 otherwise, as the pages answer); whether
    they hold it on the record's unit is the selector's or the service's check."""
    user = caller(request)
    if not has_permission(user, permission):
        raise PermissionDeniedError(_("You do not have permission to do this here."))
    return user


def _needs(permission: str, what: str) -> str:
    return f"Needs `{permission}` {what}."


class RoundOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str = Field(description="Code of the kind of round (yearly, directive_05, anniversary, party_badge)")
    year: int
    title: str
    closes_on: dt.date = Field(description="The day nominations close; for a badge round, the award day")
    status: RoundStatus

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj.unit.name


class RoundDetailOut(RoundOut):
    nomination_count: int
    nominations_by_status: dict[str, int]

    @staticmethod
    def resolve_nomination_count(obj: Any) -> int:
        return sum(obj.nominations_by_status.values())


class NominationOut(Schema):
    id: int
    round_id: int
    subject_unit_id: int | None = Field(description="The collective nominated, or null")
    subject_person_id: int | None = Field(description="The individual nominated, or null")
    subject_name: str
    award: str = Field(description="Catalogue code of the title or form proposed")
    award_label: str
    field: str
    status: NominationStatus
    council_members: int | None
    council_present: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    voted_on: dt.date | None

    @staticmethod
    def resolve_award_label(obj: Any) -> str:
        return rules.label_of(rules.awards(), obj.award)


class NominationDetailOut(NominationOut):
    achievements: str
    story: str
    evidence_count: int
    has_photo: bool = Field(description="Whether the nomination has the photo the honour roll shows once approved")
    award_id: int | None = Field(description="The award once approved")
    allowed_actions: list[str] = Field(description="The steps the caller can take on the nomination now")

    @staticmethod
    def resolve_evidence_count(obj: Any) -> int:
        return obj.evidence.count()

    @staticmethod
    def resolve_has_photo(obj: Any) -> bool:
        return bool(obj.photo)

    @staticmethod
    def resolve_award_id(obj: Any) -> int | None:
        return Award.objects.filter(nomination=obj).values_list("pk", flat=True).first()

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class EvidenceOut(Schema):
    id: int
    nomination_id: int
    title: str
    original_name: str = Field(description="The file's name as uploaded")
    content_type: str = Field(description="The type found in the file's content")
    size: int = Field(description="Bytes")
    sha256: str
    uploaded_at: dt.datetime


class AwardOut(Schema):
    id: int
    nomination_id: int
    round_id: int
    round_unit_id: int = Field(description="The unit that held the round (the counts group by it)")
    person_id: int | None
    unit_id: int | None = Field(description="The collective honoured, or null for an individual")
    recipient_name: str
    award: str = Field(description="Catalogue code of the title or form conferred")
    award_label: str
    body: str = Field(description="The competent body")
    decision_number: str
    decided_on: dt.date
    article_id: int | None = Field(description="The portal article drafted from the honour, if any")

    @staticmethod
    def resolve_round_unit_id(obj: Any) -> int:
        return obj.round.unit_id

    @staticmethod
    def resolve_recipient_name(obj: Any) -> str:
        return obj.unit.name if obj.unit_id else obj.person.full_name

    @staticmethod
    def resolve_award_label(obj: Any) -> str:
        return rules.label_of(rules.awards(), obj.award)


class CountRowOut(Schema):
    year: int
    unit_id: int = Field(description="The unit that held the rounds")
    unit: str
    collectives: int
    individuals: int
    drill_down: str = Field(description="The counts of this unit's subtree for this year (the units below it)")
    awards: str = Field(description="The awards behind this row")


class CountsOut(Schema):
    unit_id: int
    year_from: int
    year_to: int
    collectives: int
    individuals: int
    rows: list[CountRowOut]


class NominationIn(Schema):
    subject_person_id: int | None = Field(None, description="An individual of the round's subtree")
    subject_unit_id: int | None = Field(None, description="A collective of the round's subtree")
    award: str = sized(Nomination, "award", description="Catalogue code of the title or form proposed")
    field: str = sized(Nomination, "field", "", description="Catalogue code of the field of emulation")
    achievements: str = Field(max_length=20_000)
    story: str = Field("", max_length=20_000, description="The story the public honour roll shows once approved")


class VoteIn(Schema):
    members: int = Field(ge=1, le=1000, description="The council's members")
    present: int = Field(ge=0, le=1000, description="The members present")
    votes_for: int = Field(ge=0, le=1000)
    votes_against: int = Field(ge=0, le=1000)
    votes_abstain: int = Field(ge=0, le=1000)
    voted_on: Date


class ApproveIn(Schema):
    body: str = sized(Award, "body", description="The competent body")
    decision_number: str = sized(Award, "decision_number")
    decided_on: Date


class RefuseIn(Schema):
    reason: str = Field(min_length=1, max_length=5000)


class ArticleIn(Schema):
    category_id: int | None = Field(None, description="The portal's category; by default “Gương điển hình”")


class ArticleCreatedOut(Schema):
    article_id: int
    award_id: int
    title: str
    status: str


def _unit(user: Any, unit_id: int | None) -> Unit | None:
    return org_selectors.unit_get(user, unit_id) if unit_id is not None else None


@router.get("/honours/rounds", response=list[RoundOut], summary="Nomination rounds of the caller's units",
            description=_needs(VIEW, "on the rounds' units"))
@paged
def list_rounds(request: HttpRequest, unit_id: int | None = None, status: RoundStatus | None = None,
                year: int | None = Query(None, ge=2000, le=2100)):
    user = holding(request, VIEW)
    return selectors.rounds_for(user, unit=_unit(user, unit_id), status=status or "", year=year)


@router.get("/honours/rounds/{round_id}", response=RoundDetailOut, summary="A round with its nominations by status",
            description=_needs(VIEW, "on the round's unit"))
def get_round(request: HttpRequest, round_id: int):
    user = holding(request, VIEW)
    round_ = selectors.round_get(user, round_id)
    by_status: dict[str, int] = {}
    for status in selectors.nominations_of(user, round_).values_list("status", flat=True):
        by_status[status] = by_status.get(status, 0) + 1
    round_.nominations_by_status = by_status  # type: ignore[attr-defined]
    return round_


@router.post("/honours/rounds/{round_id}/nominations", response={201: NominationDetailOut},
             summary="Propose a collective or an individual of the round's subtree",
             description=_needs(MANAGE, "on the round's unit; the round open, the nominee within its subtree"))
def propose(request: HttpRequest, round_id: int, body: NominationIn):
    user = holding(request, MANAGE)
    nomination = services.nomination_propose(round_id=round_id, acting_user=user, **body.dict())
    return 201, selectors.nomination_get(user, nomination.pk)


@router.post("/honours/nominations/{nomination_id}/photo", response=NominationDetailOut,
             summary="Set the photo of a proposed nomination (multipart; JPEG or PNG by content, up to 5 MB)",
             description=_needs(MANAGE, "on the round's unit; the nomination proposed. The photo replaces any "
                                        "given before; the public honour roll shows it once the award is approved"))
def set_photo(request: HttpRequest, nomination_id: int, photo: UploadedFile = File(...)):  # noqa: B008
    user = holding(request, MANAGE)
    services.nomination_photo_set(nomination_id=nomination_id, photo=photo, acting_user=user)
    return selectors.nomination_get(user, nomination_id)


@router.post("/honours/nominations/{nomination_id}/evidence", response={201: EvidenceOut},
             summary="Add evidence to a proposed nomination (multipart; PDF, DOCX, JPEG or PNG by content, "
                     "up to 20 MB)",
             description=_needs(MANAGE, "on the round's unit; the nomination proposed (before the council votes)"))
def add_evidence(request: HttpRequest, nomination_id: int, file: UploadedFile = File(...),  # noqa: B008
                 title: str = Form(..., max_length=300)):  # noqa: B008
    user = holding(request, MANAGE)
    return 201, services.evidence_add(nomination_id=nomination_id, title=title, file=file, acting_user=user)


@router.get("/honours/nominations", response=list[NominationOut], summary="Nominations of the caller's units",
            description=_needs(VIEW, "on the rounds' units"))
@paged
def list_nominations(request: HttpRequest, round_id: int | None = None, unit_id: int | None = None,
                     status: NominationStatus | None = None):
    user = holding(request, VIEW)
    round_ = selectors.round_get(user, round_id) if round_id is not None else None
    return selectors.nominations_for(user, round_=round_, status=status or "", unit=_unit(user, unit_id))


@router.get("/honours/nominations/{nomination_id}", response=NominationDetailOut,
            summary="A nomination with its achievements and the council's vote",
            description=_needs(VIEW, "on the round's unit"))
def get_nomination(request: HttpRequest, nomination_id: int):
    return selectors.nomination_get(holding(request, VIEW), nomination_id)


@router.post("/honours/nominations/{nomination_id}/vote", response=NominationDetailOut,
             summary="Record the council's vote: passed or not by its quorum and majority",
             description=_needs(MANAGE, "on the round's unit; the nomination proposed"))
def vote(request: HttpRequest, nomination_id: int, body: VoteIn):
    user = holding(request, MANAGE)
    services.nomination_vote(nomination_id=nomination_id, acting_user=user, **body.dict())
    return selectors.nomination_get(user, nomination_id)


@router.post("/honours/nominations/{nomination_id}/approve", response={201: AwardOut},
             summary="The competent body's decision: the award",
             description=_needs(APPROVE, "on the round's unit; the nomination passed by the council"))
def approve(request: HttpRequest, nomination_id: int, body: ApproveIn):
    user = holding(request, APPROVE)
    award = services.nomination_approve(nomination_id=nomination_id, acting_user=user, **body.dict())
    return 201, selectors.award_get(user, award.pk)


@router.post("/honours/nominations/{nomination_id}/refuse", response=NominationDetailOut,
             summary="The competent body refuses what the council passed, with its reason",
             description=_needs(APPROVE, "on the round's unit; the nomination passed by the council"))
def refuse(request: HttpRequest, nomination_id: int, body: RefuseIn):
    user = holding(request, APPROVE)
    services.nomination_refuse(nomination_id=nomination_id, acting_user=user, reason=body.reason)
    return selectors.nomination_get(user, nomination_id)


@router.get("/honours/awards", response=list[AwardOut], url_name="honours_awards",
            summary="Awards of rounds held in a unit's subtree, by years of decision",
            description=_needs(VIEW, "on the rounds' units"))
@paged
def list_awards(request: HttpRequest, unit_id: int | None = None,
                year_from: int | None = Query(None, ge=2000, le=2100),
                year_to: int | None = Query(None, ge=2000, le=2100)):
    user = holding(request, VIEW)
    return selectors.awards_for(user, unit=_unit(user, unit_id), year_from=year_from, year_to=year_to)


@router.get("/honours/awards/{award_id}", response=AwardOut, summary="One award",
            description=_needs(VIEW, "on the round's unit"))
def get_award(request: HttpRequest, award_id: int):
    return selectors.award_get(holding(request, VIEW), award_id)


@router.post("/honours/awards/{award_id}/article", response={201: ArticleCreatedOut},
             summary="Draft the portal article of an approved honour (title, story, photo as cover, unit)",
             description=_needs(PUBLISH, "on the round's unit, and `honours.view` there; one article per honour"))
def draft_article(request: HttpRequest, award_id: int, body: ArticleIn):
    user = holding(request, VIEW)
    article = services.award_article_create(award_id=award_id, acting_user=user, category_id=body.category_id)
    return 201, {"article_id": article.pk, "award_id": award_id, "title": article.title, "status": article.status}


@router.get("/honours/counts", response=CountsOut, url_name="honours_counts",
            summary="Honoured collectives and individuals by year and by the unit that held the round",
            description=_needs(VIEW, "on the unit (by default the caller's first unit); each row links to its "
                                     "drill-down and to its awards"))
def counts(request: HttpRequest, unit_id: int | None = None,
           year_from: int | None = Query(None, ge=2000, le=2100), year_to: int | None = Query(None, ge=2000, le=2100)):
    user = holding(request, VIEW)
    unit = _unit(user, unit_id) or org_selectors.top_units_for(user, VIEW).first()
    if unit is None:
        raise PermissionDeniedError(_("You do not have permission to do this here."))
    today = dt.date.today()
    year_to = year_to or today.year
    year_from = year_from or year_to - 4
    rows = selectors.counts(user, unit=unit, year_from=year_from, year_to=year_to)
    base = reverse("api:honours_counts")
    for row in rows:
        row["drill_down"] = f"{base}?unit_id={row['unit_id']}&year_from={row['year']}&year_to={row['year']}"
        row["awards"] = (f"{reverse('api:honours_awards')}?unit_id={row['unit_id']}"
                         f"&year_from={row['year']}&year_to={row['year']}")
    return {"unit_id": unit.pk, "year_from": year_from, "year_to": year_to, "rows": rows,
            "collectives": sum(row["collectives"] for row in rows),
            "individuals": sum(row["individuals"] for row in rows)}
