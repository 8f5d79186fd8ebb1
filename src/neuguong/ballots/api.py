"""JSON API for ballots: campaigns, candidates, questions, tellers, codes, casting, paper entry,
reconciliation and results. Casting and the published results need no account."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import BaseModel

from neuguong.core.errors import ServiceError

from . import codes as code_format
from . import selectors, services
from .services.paper import compare_sheets
from .services.throttle import Throttled

router = Router(tags=["ballots"])

CONFLICT_CODES = {"code_spent", "code_revoked", "code_expired", "campaign_not_open"}


# --- Schemas -----------------------------------------------------------------------------------


class CampaignIn(Schema):
    unit_id: int
    title: str
    kind: Literal["confidence_ballot", "confidence_vote", "residents_evaluation"]
    period: str
    body: Literal["party", "peoples_council"] = "party"
    held_on: dt.date | None = None
    place: str = ""
    online: bool = True
    paper: bool = True
    closes_at: dt.datetime | None = None


class CampaignPatch(Schema):
    title: str | None = None
    period: str | None = None
    body: Literal["party", "peoples_council"] | None = None
    held_on: dt.date | None = None
    place: str | None = None
    online: bool | None = None
    paper: bool | None = None
    closes_at: dt.datetime | None = None


class CampaignOut(Schema):
    id: int
    public_id: uuid.UUID
    unit_id: int
    title: str
    kind: str
    body: str
    period: str
    held_on: dt.date | None
    place: str
    status: str
    online: bool
    paper: bool
    closes_at: dt.datetime | None
    summoned: int | None
    present: int | None
    created_at: dt.datetime
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    counted_at: dt.datetime | None
    published_at: dt.datetime | None


class CandidateIn(Schema):
    person_id: int
    post_title: str | None = None


class CandidateOut(Schema):
    id: int
    position: int
    person_id: int
    full_name: str
    post_title: str


class OptionOut(Schema):
    code: str
    label: str
    low: bool = False


class QuestionIn(Schema):
    text: str
    kind: Literal["choice", "text"] = "choice"
    options: list[str] | Literal["yes_no", "levels"] = "yes_no"
    required: bool = True


class QuestionOut(Schema):
    id: int
    position: int
    text: str
    kind: str
    required: bool
    options: list[OptionOut]


class TellerIn(Schema):
    user_id: int


class TellerOut(Schema):
    id: int
    user_id: int
    username: str


class ElectorateIn(Schema):
    summoned: int | None = None
    present: int | None = None


class CancelIn(Schema):
    reason: str


class IssueIn(Schema):
    size: int
    label: str = ""


class IssuedOut(Schema):
    batch_id: int
    number: int
    codes: list[str]


class RevokeIn(Schema):
    batch_id: int | None = None
    codes: list[str] = []


class RevokedOut(Schema):
    revoked: int


class BatchOut(Schema):
    id: int
    number: int
    label: str
    size: int
    spent: int
    revoked: int
    unused: int


class CodeCountsOut(Schema):
    issued: int
    spent: int
    revoked: int
    unused: int
    batches: list[BatchOut]


class CodeIn(BaseModel):
    code: str


class FormQuestionOut(Schema):
    position: int
    text: str
    kind: str
    required: bool
    options: list[OptionOut]


class FormCandidateOut(Schema):
    position: int
    full_name: str
    post_title: str


class BallotFormOut(Schema):
    campaign: uuid.UUID
    title: str
    unit: str
    candidates: list[FormCandidateOut]
    questions: list[FormQuestionOut]


# The casting bodies are plain pydantic models: ninja's Schema adds a per-object validator meant
# for reading Django models, which costs more than the rest of a cast's parsing.
class AnswerIn(BaseModel):
    candidate: int
    question: int
    option: str


class CommentIn(BaseModel):
    candidate: int
    question: int
    text: str


class CastIn(BaseModel):
    campaign: uuid.UUID
    code: str
    answers: list[AnswerIn]
    comments: list[CommentIn] = []


class ReceiptOut(Schema):
    receipt: str


class BoxIn(Schema):
    name: str
    mode: Literal["tally", "per_ballot"] = "tally"


class BoxOut(Schema):
    id: int
    number: int
    name: str
    mode: str
    state: str


class SheetIn(Schema):
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_reasons: dict[str, int] = {}
    counts: list[list[list[int]]] | dict[str, int] = {}
    lines: list[str] = []


class EntryOut(Schema):
    id: int
    box_id: int
    teller: str
    revision: int
    agreed: bool


class DifferenceOut(Schema):
    key: str
    label: str
    first: Any
    second: Any


class BoxDetailOut(Schema):
    box: BoxOut
    entries: list[EntryOut]
    differences: list[DifferenceOut]
    sheet: dict[str, Any] | None


class ResolveIn(Schema):
    entry_id: int
    note: str


class ReconciliationOut(Schema):
    boxes: list[BoxOut]
    codes: dict[str, int]
    online: dict[str, int]
    paper: dict[str, int]
    total: dict[str, int]
    invalid_reasons: dict[str, int]
    problems: list[str]
    adds_up: bool


class CandidateResultOut(Schema):
    candidate_id: int
    person_id: int
    full_name: str
    period: str
    returned: int
    counts: dict[str, Any]
    shares: dict[str, Any]
    low_share: float | None
    threshold: str
    quorum_met: bool


class ResultsOut(Schema):
    campaign: CampaignOut
    totals: dict[str, Any]
    candidates: list[CandidateResultOut]


# --- Helpers -----------------------------------------------------------------------------------


def _error(request: HttpRequest, exc: ServiceError, status: int) -> HttpResponse:
    from neuguong.api import api, error_body

    response = api.create_response(request, error_body(exc.code, str(exc.message), exc.field_errors), status=status)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _public_refusal(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, Throttled):
        return _error(request, exc, 429)
    return _error(request, exc, 409 if exc.code in CONFLICT_CODES else 422)


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _box_out(line: Any) -> dict[str, Any]:
    box = line.box
    return {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": line.state}


def _entry_out(entry: Any, agreed: bool) -> dict[str, Any]:
    return {"id": entry.pk, "box_id": entry.box_id, "teller": entry.teller.get_username(),
            "revision": entry.revision, "agreed": agreed}


def _options(options: Any) -> list[dict[str, Any]]:
    from .rules import label

    return [{"code": o["code"], "label": label(o), "low": bool(o.get("low"))} for o in options]


# --- Campaigns ---------------------------------------------------------------------------------


@router.get("/ballots/campaigns", response=list[CampaignOut], summary="Campaigns the caller may see")
def campaign_list(request: HttpRequest, status: str = "", q: str = ""):
    return list(selectors.campaigns_visible_to(request.auth, status=status, q=q)[:500])


@router.post("/ballots/campaigns", response={201: CampaignOut}, summary="Create a draft campaign")
def campaign_create(request: HttpRequest, body: CampaignIn):
    return 201, services.campaign_create(acting_user=request.auth, **body.dict())


@router.get("/ballots/campaigns/{campaign_id}", response=CampaignOut)
def campaign_detail(request: HttpRequest, campaign_id: int):
    return selectors.campaign_get(request.auth, campaign_id)


@router.patch("/ballots/campaigns/{campaign_id}", response=CampaignOut, summary="Edit a draft campaign")
def campaign_update(request: HttpRequest, campaign_id: int, body: CampaignPatch):
    return services.campaign_update(campaign_id=campaign_id, acting_user=request.auth, **body.dict(exclude_unset=True))


@router.put("/ballots/campaigns/{campaign_id}/electorate", response=CampaignOut,
            summary="Number summoned and present")
def campaign_electorate(request: HttpRequest, campaign_id: int, body: ElectorateIn):
    return services.campaign_set_electorate(campaign_id=campaign_id, acting_user=request.auth, **body.dict())


@router.post("/ballots/campaigns/{campaign_id}/open", response=CampaignOut,
             summary="Open: freeze the ballot and the catalogue rules, accept ballots")
def campaign_open(request: HttpRequest, campaign_id: int):
    return services.campaign_open(campaign_id=campaign_id, acting_user=request.auth)


@router.post("/ballots/campaigns/{campaign_id}/close", response=CampaignOut, summary="Close: stop accepting ballots")
def campaign_close(request: HttpRequest, campaign_id: int):
    return services.campaign_close(campaign_id=campaign_id, acting_user=request.auth)


@router.post("/ballots/campaigns/{campaign_id}/count", response=CampaignOut,
             summary="Count a closed campaign whose reconciliation adds up")
def campaign_count(request: HttpRequest, campaign_id: int):
    return services.campaign_count(campaign_id=campaign_id, acting_user=request.auth)


@router.post("/ballots/campaigns/{campaign_id}/publish", response=CampaignOut, summary="Publish the results")
def campaign_publish(request: HttpRequest, campaign_id: int):
    return services.campaign_publish(campaign_id=campaign_id, acting_user=request.auth)


@router.post("/ballots/campaigns/{campaign_id}/cancel", response=CampaignOut, summary="Cancel a campaign")
def campaign_cancel(request: HttpRequest, campaign_id: int, body: CancelIn):
    return services.campaign_cancel(campaign_id=campaign_id, reason=body.reason, acting_user=request.auth)


# --- Candidates, questions, tellers ------------------------------------------------------------


@router.get("/ballots/campaigns/{campaign_id}/candidates", response=list[CandidateOut])
def candidate_list(request: HttpRequest, campaign_id: int):
    return list(selectors.candidates_of(selectors.campaign_get(request.auth, campaign_id)))


@router.post("/ballots/campaigns/{campaign_id}/candidates", response={201: CandidateOut})
def candidate_add(request: HttpRequest, campaign_id: int, body: CandidateIn):
    return 201, services.candidate_add(campaign_id=campaign_id, acting_user=request.auth, **body.dict())


@router.delete("/ballots/candidates/{candidate_id}", response={204: None})
def candidate_remove(request: HttpRequest, candidate_id: int):
    services.candidate_remove(candidate_id=candidate_id, acting_user=request.auth)
    return 204, None


def _question_out(question: Any) -> dict[str, Any]:
    return {"id": question.pk, "position": question.position, "text": question.text, "kind": question.kind,
            "required": question.required, "options": _options(question.options)}


@router.get("/ballots/campaigns/{campaign_id}/questions", response=list[QuestionOut])
def question_list(request: HttpRequest, campaign_id: int):
    return [_question_out(q) for q in selectors.questions_of(selectors.campaign_get(request.auth, campaign_id))]


@router.post("/ballots/campaigns/{campaign_id}/questions", response={201: QuestionOut})
def question_add(request: HttpRequest, campaign_id: int, body: QuestionIn):
    question = services.question_add(campaign_id=campaign_id, acting_user=request.auth, **body.dict())
    return 201, _question_out(question)


@router.delete("/ballots/questions/{question_id}", response={204: None})
def question_remove(request: HttpRequest, question_id: int):
    services.question_remove(question_id=question_id, acting_user=request.auth)
    return 204, None


@router.get("/ballots/campaigns/{campaign_id}/tellers", response=list[TellerOut])
def teller_list(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(request.auth, campaign_id)
    return [{"id": t.pk, "user_id": t.user_id, "username": t.user.username} for t in selectors.tellers_of(campaign)]


@router.post("/ballots/campaigns/{campaign_id}/tellers", response={201: TellerOut})
def teller_assign(request: HttpRequest, campaign_id: int, body: TellerIn):
    assignment = services.teller_assign(campaign_id=campaign_id, user_id=body.user_id, acting_user=request.auth)
    return 201, {"id": assignment.pk, "user_id": assignment.user_id, "username": assignment.user.username}


@router.delete("/ballots/tellers/{assignment_id}", response={204: None})
def teller_unassign(request: HttpRequest, assignment_id: int):
    services.teller_unassign(assignment_id=assignment_id, acting_user=request.auth)
    return 204, None


# --- Codes -------------------------------------------------------------------------------------


@router.get("/ballots/campaigns/{campaign_id}/codes", response=CodeCountsOut, summary="Codes issued, spent, revoked")
def code_counts(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(request.auth, campaign_id)
    return {**selectors.code_counts(campaign), "batches": selectors.code_batches_of(campaign)}


@router.post("/ballots/campaigns/{campaign_id}/codes", response={201: IssuedOut},
             summary="Issue one-time codes (returned once, never stored)")
def code_issue(request: HttpRequest, campaign_id: int, body: IssueIn):
    batch, raw = services.code_batch_issue(campaign_id=campaign_id, size=body.size, label=body.label,
                                           acting_user=request.auth)
    return 201, {"batch_id": batch.pk, "number": batch.number, "codes": [code_format.grouped(c) for c in raw]}


@router.post("/ballots/campaigns/{campaign_id}/codes/revoke", response=RevokedOut, summary="Revoke unused codes")
def code_revoke(request: HttpRequest, campaign_id: int, body: RevokeIn):
    revoked = services.codes_revoke(campaign_id=campaign_id, batch_id=body.batch_id, typed_codes=body.codes,
                                    acting_user=request.auth)
    return {"revoked": revoked}


# --- Casting (public) --------------------------------------------------------------------------


def _form_out(form: Any) -> dict[str, Any]:
    return {
        "campaign": form.public_id, "title": form.title, "unit": form.unit_name,
        "candidates": [{"position": c.position, "full_name": c.full_name, "post_title": c.post_title}
                       for c in form.candidates],
        "questions": [{"position": q.position, "text": q.text, "kind": q.kind, "required": q.required,
                       "options": [{"code": code, "label": text} for code, text in q.options]}
                      for q in form.questions],
    }


@router.post("/ballots/ballot", auth=None, response={200: BallotFormOut, 409: dict, 422: dict, 429: dict},
             summary="The ballot a one-time code opens")
def ballot_for_code(request: HttpRequest, body: CodeIn):
    try:
        form = services.ballot_for_code(typed_code=body.code, client=_client(request))
    except ServiceError as exc:
        return _public_refusal(request, exc)
    return 200, _form_out(form)


@router.post("/ballots/cast", auth=None, response={201: ReceiptOut, 409: dict, 422: dict, 429: dict},
             summary="Cast a ballot with a one-time code; answers a receipt number")
def ballot_cast(request: HttpRequest, body: CastIn):
    choices: dict[str, list[str]] = {}
    for answer in body.answers:
        choices.setdefault(f"{answer.candidate}.{answer.question}", []).append(answer.option)
    comments = {f"{c.candidate}.{c.question}": c.text for c in body.comments}
    try:
        cast = services.ballot_cast(campaign=body.campaign, typed_code=body.code, choices=choices, comments=comments,
                                    client=_client(request))
    except ServiceError as exc:
        return _public_refusal(request, exc)
    # Built directly (the schema above documents it): a validated response object would cost more
    # than the rest of a cast's Python work.
    return JsonResponse({"receipt": code_format.grouped(cast.receipt)}, status=201)


@router.get("/ballots/published/{public_id}/receipts", auth=None, response=list[str],
            summary="Receipts of the counted online ballots of a published campaign")
def published_receipts(request: HttpRequest, public_id: uuid.UUID):
    return [code_format.grouped(r) for r in selectors.receipts_of(selectors.published_campaign(public_id))]


# --- Paper ballots -----------------------------------------------------------------------------


@router.get("/ballots/campaigns/{campaign_id}/boxes", response=list[BoxOut])
def box_list(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(request.auth, campaign_id)
    return [_box_out(line) for line in selectors.reconciliation_of(campaign).boxes]


@router.post("/ballots/campaigns/{campaign_id}/boxes", response={201: BoxOut})
def box_create(request: HttpRequest, campaign_id: int, body: BoxIn):
    box = services.box_create(campaign_id=campaign_id, name=body.name, mode=body.mode, acting_user=request.auth)
    return 201, {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": "empty"}


def _box_detail(user: Any, box_id: int) -> dict[str, Any]:
    box = selectors.box_get(user, box_id)
    entries = selectors.entries_of(box)
    result = getattr(box, "result", None)
    differences = compare_sheets(box.campaign, entries[0].data, entries[1].data) if len(entries) == 2 else []
    state = "counted" if result else ("mismatch" if differences else ("one_entry" if entries else "empty"))
    return {
        "box": {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": state},
        "entries": [_entry_out(e, result is not None) for e in entries],
        "differences": [d.__dict__ for d in differences],
        "sheet": result.data if result else None,
    }


@router.get("/ballots/boxes/{box_id}", response=BoxDetailOut, summary="A box's entries side by side")
def box_detail(request: HttpRequest, box_id: int):
    return _box_detail(request.auth, box_id)


@router.post("/ballots/boxes/{box_id}/entries", response={201: EntryOut}, summary="A teller enters a box's sheet")
def entry_submit(request: HttpRequest, box_id: int, body: SheetIn):
    entry = services.paper_entry_submit(box_id=box_id, sheet=body.dict(), acting_user=request.auth)
    return 201, _entry_out(entry, selectors.box_counted(box_id))


@router.post("/ballots/boxes/{box_id}/resolve", response=BoxDetailOut, summary="Adopt one of two differing entries")
def box_resolve(request: HttpRequest, box_id: int, body: ResolveIn):
    services.box_resolve(box_id=box_id, entry_id=body.entry_id, note=body.note, acting_user=request.auth)
    return _box_detail(request.auth, box_id)


# --- Reconciliation and results ----------------------------------------------------------------


@router.get("/ballots/campaigns/{campaign_id}/reconciliation", response=ReconciliationOut)
def reconciliation(request: HttpRequest, campaign_id: int):
    rec = selectors.reconciliation_of(selectors.campaign_get(request.auth, campaign_id))
    return {"boxes": [_box_out(line) for line in rec.boxes], "codes": rec.codes, "online": rec.online,
            "paper": rec.paper, "total": rec.total, "invalid_reasons": rec.invalid_reasons,
            "problems": rec.problems, "adds_up": rec.adds_up}


def _results(campaign: Any) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "totals": campaign.totals or {},
        "candidates": [
            {"candidate_id": r.candidate_id, "person_id": r.person_id, "full_name": r.candidate.full_name,
             "period": r.period, "returned": r.returned, "counts": r.counts, "shares": r.shares,
             "low_share": float(r.low_share) if r.low_share is not None else None, "threshold": r.threshold,
             "quorum_met": r.quorum_met}
            for r in selectors.results_of(campaign)
        ],
    }


@router.get("/ballots/campaigns/{campaign_id}/results", response=ResultsOut, summary="Results after the count")
def results(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(request.auth, campaign_id)
    if campaign.counted_at is None:
        raise ServiceError("not_counted", _("This campaign has not been counted yet."))
    return _results(campaign)


@router.get("/ballots/published/{public_id}/results", auth=None, response=ResultsOut,
            summary="Results of a published campaign")
def published_results(request: HttpRequest, public_id: uuid.UUID):
    return _results(selectors.published_campaign(public_id))
