"""Request and response bodies of the ballots API."""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel

from neuguong.catalogues.models import InvalidBallotReason
from neuguong.core.api import LIST_MAX_LENGTH, TEXT_MAX_LENGTH, Count, Date, DateTime, max_length_of, sized

from ..codes import CODE_LENGTH
from ..models import Ballot, BallotBox, BoxResult, Campaign, Candidate, CodeBatch, Question
from ..services.casting import MAX_COMMENT

# A typed code may carry dashes and spaces between its groups.
TypedCode = Annotated[str, Field(max_length=2 * CODE_LENGTH)]
OptionCode = Annotated[str, Field(max_length=max_length_of(InvalidBallotReason, "code"))]
OptionText = Annotated[str, Field(max_length=max_length_of(Question, "text"))]
MAX_CODES_REVOKED = 10_000
# A paper sheet: counts by candidate, question and option, as a grid or keyed "<c>.<q>.<option>";
# or one line of answers per ballot.
TallyGrid = Annotated[list[Annotated[list[Annotated[list[Count], Field(max_length=LIST_MAX_LENGTH)]],
                                     Field(max_length=LIST_MAX_LENGTH)]], Field(max_length=LIST_MAX_LENGTH)]
TallyByKey = Annotated[dict[Annotated[str, Field(max_length=40)], Count], Field(max_length=LIST_MAX_LENGTH * 100)]
BallotLine = Annotated[str, Field(max_length=max_length_of(Ballot, "answers"))]
MAX_BALLOT_LINES = 10_000


class CampaignIn(Schema):
    unit_id: int
    title: str = sized(Campaign, "title")
    kind: Literal["confidence_ballot", "confidence_vote", "residents_evaluation"]
    period: str = sized(Campaign, "period")
    body: Literal["party", "peoples_council"] = "party"
    held_on: Date | None = None
    place: str = sized(Campaign, "place", "")
    online: bool = True
    paper: bool = True
    closes_at: DateTime | None = None


class CampaignPatch(Schema):
    title: str | None = sized(Campaign, "title", None)
    period: str | None = sized(Campaign, "period", None)
    body: Literal["party", "peoples_council"] | None = None
    held_on: Date | None = None
    place: str | None = sized(Campaign, "place", None)
    online: bool | None = None
    paper: bool | None = None
    closes_at: DateTime | None = None


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
    post_title: str | None = sized(Candidate, "post_title", None)


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
    text: str = sized(Question, "text")
    kind: Literal["choice", "text"] = "choice"
    options: Annotated[list[OptionText], Field(max_length=LIST_MAX_LENGTH)] | Literal["yes_no", "levels"] = "yes_no"
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
    summoned: Count | None = None
    present: Count | None = None


class CancelIn(Schema):
    reason: str = Field(max_length=TEXT_MAX_LENGTH)


class IssueIn(Schema):
    size: int
    label: str = sized(CodeBatch, "label", "")
    confirmed: bool = False  # needed beyond the catalogue's margin over the number summoned


class IssuedOut(Schema):
    batch_id: int
    number: int
    codes: list[str]


class RevokeIn(Schema):
    batch_id: int | None = None
    codes: list[TypedCode] = Field([], max_length=MAX_CODES_REVOKED)


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
    code: TypedCode


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
    option: OptionCode


class CommentIn(BaseModel):
    candidate: int
    question: int
    text: str = Field(max_length=10 * MAX_COMMENT)  # the service explains the real limit


class CastIn(BaseModel):
    campaign: uuid.UUID
    code: TypedCode
    answers: list[AnswerIn] = Field(max_length=LIST_MAX_LENGTH * 10)
    comments: list[CommentIn] = Field([], max_length=LIST_MAX_LENGTH * 10)


class ReceiptOut(Schema):
    receipt: str


class BoxIn(Schema):
    name: str = sized(BallotBox, "name")
    mode: Literal["tally", "per_ballot"] = "tally"


class BoxOut(Schema):
    id: int
    number: int
    name: str
    mode: str
    state: str


class SheetIn(Schema):
    issued: Count
    returned: Count
    valid: Count
    invalid: Count
    invalid_reasons: dict[OptionCode, Count] = Field({}, max_length=LIST_MAX_LENGTH)
    counts: TallyGrid | TallyByKey = {}
    lines: list[BallotLine] = Field([], max_length=MAX_BALLOT_LINES)


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
    note: str = sized(BoxResult, "note")


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
