"""Request and response bodies of the ballots API."""

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel


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
