"""JSON API of the evaluation module. Thin doors: schemas in, a service or selector, schemas out, scoped
like the pages (a record the caller may not read answers 404 like a missing one)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from neuguong.core import exports
from neuguong.core.api import Date, caller, paged
from neuguong.core.lifecycle import allowed_names

from . import documents, selectors, services
from .models import PeriodKind, PeriodStatus, ReviewStatus, SubjectGroup

router = Router(tags=["evaluation"])
Code = Annotated[str, Field(max_length=60)]
LEVEL = Field("", max_length=20, description="HTXSNV, HTTNV, HTNV or KHTNV")


class PeriodOut(Schema):
    id: int
    unit_id: int
    kind: PeriodKind
    year: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    appeal_days: int
    status: PeriodStatus
    job_id: int | None


class QuotaGroupOut(Schema):
    key: str
    label: str
    good: int = Field(description="Classified HTTNV or above")
    allowed: int = Field(description="How many may be HTXSNV")
    excellent: int
    approved_excellent: int
    over: int
    over_review_ids: list[int]

    @staticmethod
    def resolve_over_review_ids(obj: Any) -> list[int]:
        return [review.pk for review in obj.over_reviews]


class PeriodDetailOut(PeriodOut):
    progress: dict[str, int] = Field(description="Reviews by status")
    quota: list[QuotaGroupOut]


class TriggerOut(Schema):
    code: str
    text: str
    text_en: str
    detail: str


class ScoreOut(Schema):
    criterion: str
    max_points: Decimal
    self_points: Decimal | None
    points: Decimal | None
    weak: bool

    @staticmethod
    def resolve_criterion(obj: Any) -> str:
        return obj.criterion.code

    @staticmethod
    def resolve_max_points(obj: Any) -> Decimal:
        return obj.criterion.max_points


class ReviewOut(Schema):
    id: int
    period_id: int
    unit_id: int
    person_id: int | None
    subject_name: str
    subject_group: SubjectGroup
    template: str
    status: ReviewStatus
    total_points: Decimal | None
    on_time_share: Decimal | None
    exceeding_share: Decimal | None
    level: str
    triggers: list[TriggerOut]
    approved_on: dt.date | None
    notified_on: dt.date | None

    @staticmethod
    def resolve_template(obj: Any) -> str:
        return f"{obj.template.code} v{obj.template.version}"


class TaskOut(Schema):
    title: str
    product: str
    weight: int
    due_on: dt.date
    done_on: dt.date | None
    result: str
    evidence: str
    exceeded: bool


class SuggestionOut(Schema):
    id: int
    text: str
    given_on: dt.date


class ReviewDetailOut(ReviewOut):
    scores: list[ScoreOut]
    tasks: list[TaskOut] = Field(description="The task list by products, from which the shares are computed")
    suggestions: list[SuggestionOut] = Field(description="The superior's suggestions of points to review")
    strengths: str
    shortcomings: str
    earlier_shortcomings: str = Field(description="Shortcomings pointed out last period, to report remedies on")
    remedies: str
    self_level: str = Field(description="The level proposed by oneself (the review's readers only, never a peer)")
    collective_comments: str
    collective_level: str = Field(description="The level proposed by the collective's vote")
    votes: dict[str, int] = Field(description="Votes by level at the collective review")
    members_present: int | None
    superior_comments: str
    superior_level: str = Field(description="The level proposed by the superior")
    findings: list[str] = Field(description="Catalogue codes of the superior's findings that set the lowest level")
    appeal_grounds: str
    appeal_filed_on: dt.date | None
    appeal_outcome: str
    allowed_actions: list[str] = Field(description="The steps the caller can take on the review now")

    @staticmethod
    def resolve_scores(obj: Any) -> list[Any]:
        return list(obj.scores.all())

    @staticmethod
    def resolve_tasks(obj: Any) -> list[Any]:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_suggestions(obj: Any) -> list[Any]:
        return list(obj.suggestions.all())

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        return allowed_names(obj, caller(context["request"]))


class SuggestionIn(Schema):
    text: str = Field(max_length=5000)


class ResidentCommentIn(Schema):
    source: str = Field(max_length=200, description="The residence cell or the Fatherland Front committee")
    text: str = Field(max_length=5000)
    received_on: Date


class ResidentCommentOut(Schema):
    id: int
    source: str
    text: str
    received_on: dt.date


class FollowerCommentIn(Schema):
    text: str = Field(max_length=5000)


class FollowerCommentOut(Schema):
    id: int
    author: str
    text: str
    given_on: dt.date


class BallotResultOut(Schema):
    campaign_id: int
    campaign: str
    period: str
    returned: int = Field(description="Ballots returned")
    shares: dict[str, Any] = Field(description="Percentages of the ballots returned, by question and option")
    low_share: Decimal | None
    quorum_met: bool

    @staticmethod
    def resolve_campaign(obj: Any) -> str:
        return obj.campaign.title


class BesideOut(Schema):
    follow_rank: int | None = Field(description="The Chỉ thị 05 result of the year (3 excellently fulfilled … "
                                                "0 not fulfilled); null without an assessed registration")
    follow_assessed_on: dt.date | None
    ballots: list[BallotResultOut] = Field(description="Stored results of the ballots on the person in the year")
    discipline: list[str] = Field(description="Numbers of the discipline decisions effective in the year")
    residents_comments: list[ResidentCommentOut]
    follower_comments: list[FollowerCommentOut]


class ProfileReviewOut(Schema):
    review_id: int
    period_id: int
    period_title: str
    unit_id: int
    unit_name: str
    status: ReviewStatus
    level: str = Field(description="The level once approved; empty before")
    total_points: Decimal | None = Field(description="The points once approved")
    triggered: bool = Field(description="Whether the lowest level was set automatically")


class ProfileAwardOut(Schema):
    id: int
    award: str
    decision_number: str
    decided_on: Date


class ProfileYearOut(Schema):
    year: int
    reviews: list[ProfileReviewOut]
    follow_rank: int | None = Field(description="The Chỉ thị 05 result (1–3), for reviewers; null otherwise")
    discipline: list[str] = Field(description="Numbers of the decisions effective in the year, for reviewers")
    ballots: list[str] = Field(description="Ballots on the person counted in the year, for reviewers")
    residents_comments: int = Field(description="How many residents' comments, for reviewers")
    awards: list[ProfileAwardOut]


class CadreProfileOut(Schema):
    person_id: int
    full_name: str
    reviewer: bool = Field(description="Whether the caller reads what sits beside the scores")
    years: list[ProfileYearOut]


def _profile_out(profile: Any) -> dict[str, Any]:
    def review(row: Any) -> dict[str, Any]:
        r = row.review
        return {"review_id": r.pk, "period_id": r.period_id, "period_title": r.period.title, "unit_id": r.unit_id,
                "unit_name": r.unit.name, "status": r.status, "level": r.level if row.level else "",
                "total_points": r.total_points if row.level else None, "triggered": bool(row.level and r.triggers)}

    return {"person_id": profile.person.pk, "full_name": profile.person.full_name, "reviewer": profile.reviewer,
            "years": [{"year": y.year, "reviews": [review(row) for row in y.reviews],
                       "follow_rank": y.follow.rank if y.follow else None,
                       "discipline": [d.number for d in y.discipline],
                       "ballots": [b.campaign.title for b in y.ballots], "residents_comments": len(y.residents),
                       "awards": y.awards} for y in profile.years]}


class PeriodIn(Schema):
    unit_id: int
    kind: PeriodKind
    year: int = Field(ge=2000, le=2100)
    title: str = Field(max_length=200)
    opens_on: Date
    closes_on: Date
    appeal_days: int | None = Field(None, ge=1, le=365)


class TaskIn(Schema):
    title: str = Field(max_length=300)
    product: str = Field("", max_length=300)
    weight: int = Field(1, ge=1, le=100)
    due_on: Date
    done_on: Date | None = None
    result: str = Field("", max_length=5000)
    evidence: str = Field("", max_length=500)
    exceeded: bool = False


class TasksIn(Schema):
    tasks: list[TaskIn] = Field(max_length=200)


class ScoreIn(Schema):
    criterion: str = Field(max_length=60, description="The criterion's code in the review's template")
    points: str = Field(max_length=10, description="The points, e.g. 7.5 (at most the criterion's maximum)")
    comment: str = Field("", max_length=2000)
    weak: bool = False


class ManifestationIn(Schema):
    manifestation: str = Field(max_length=60, description="Catalogue code of one of the 27 manifestations")
    present: bool
    note: str = Field("", max_length=2000)


class SelfAssessmentIn(Schema):
    scores: list[ScoreIn] = Field(max_length=100)
    strengths: str = Field(max_length=5000)
    shortcomings: str = Field(max_length=5000)
    remedies: str = Field("", max_length=5000)
    manifestations: list[ManifestationIn] = Field([], max_length=100)
    level: str = LEVEL


class CollectiveReviewIn(Schema):
    comments: str = Field(max_length=5000)
    votes: dict[str, int] = Field(description="Votes by level code", max_length=4)
    members_present: int = Field(ge=1, le=100000)


class SuperiorIn(Schema):
    scores: list[ScoreIn] = Field(max_length=100)
    comments: str = Field(max_length=5000)
    level: str = LEVEL
    findings: list[Code] = Field([], max_length=10, description="Catalogue codes of downgrade triggers")


class AppealIn(Schema):
    grounds: str = Field(max_length=5000)


class ResolveIn(Schema):
    outcome: str = Field(max_length=5000)
    level: str = LEVEL


def _period_detail(period: Any) -> Any:
    period.progress = selectors.period_progress(period).by_status
    period.quota = selectors.quota_groups(period)
    return period


@router.get("/evaluation-periods", response=list[PeriodOut], summary="Review periods in the caller's subtrees")
@paged
def list_periods(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100),
                 status: PeriodStatus | None = None):
    return selectors.periods_visible_to(caller(request), year=year, status=status or "")


@router.post("/evaluation-periods", response={201: PeriodOut}, summary="Create a draft period")
def create_period(request: HttpRequest, body: PeriodIn):
    return 201, services.period_create(acting_user=caller(request), **body.dict())


@router.get("/evaluation-periods/{period_id}", response=PeriodDetailOut,
            summary="A period with its progress and the quota by group")
def get_period(request: HttpRequest, period_id: int):
    return _period_detail(selectors.period_get(caller(request), period_id))


@router.post("/evaluation-periods/{period_id}/open", response=PeriodOut,
             summary="Open the period: its reviews are created by a background job")
def open_period(request: HttpRequest, period_id: int):
    return services.period_open(period_id=period_id, acting_user=caller(request))


@router.post("/evaluation-periods/{period_id}/close", response=PeriodOut, summary="Close the period")
def close_period(request: HttpRequest, period_id: int):
    return services.period_close(period_id=period_id, acting_user=caller(request))


@router.get("/evaluation-periods/{period_id}/reviews", response=list[ReviewOut],
            summary="The reviews of a period in the caller's subtrees")
@paged
def list_reviews(request: HttpRequest, period_id: int, status: ReviewStatus | None = None,
                 group: SubjectGroup | None = None, level: str = Query("", max_length=20),
                 q: str = Query("", max_length=100)):
    user = caller(request)
    period = selectors.period_get(user, period_id)
    return selectors.reviews_of_period(user, period, status=status or "", group=group or "", level=level, q=q)


@router.get("/evaluation-reviews/mine", response=list[ReviewOut], summary="The caller's own reviews")
@paged
def my_reviews(request: HttpRequest):
    return selectors.own_reviews(caller(request))


@router.get("/evaluation-people/{person_id}/profile", response=CadreProfileOut,
            summary="A person's cadre profile over the years (what the caller reads elsewhere)")
def cadre_profile(request: HttpRequest, person_id: int):
    return _profile_out(selectors.cadre_profile(caller(request), person_id))


class MeetingReviewOut(Schema):
    review_id: int
    person_id: int | None = Field(description="Empty: the collective's own review")
    subject_name: str
    self_points: Decimal | None = Field(description="The points one gave oneself")
    self_level: str
    comments: str = Field(description="The collective's comments")
    members_present: int | None
    votes: dict[str, int] = Field(description="Votes by level code")
    level: str = Field(description="The level proposed by the vote")
    manifestations_present: list[str] | None = Field(
        description="Codes of the manifestations the person found in themselves; null when the caller may not "
                    "read them (and for a collective)")


class MeetingOut(Schema):
    review_id: int
    period_id: int
    unit_id: int
    unit_name: str
    held_on: dt.date = Field(description="The day the collective review was recorded (local time)")
    recorded_by: str
    reviews: list[MeetingReviewOut] = Field(description="The reviews of that meeting the caller may read")


def _meeting_out(meeting: Any) -> dict[str, Any]:
    def item(row: Any) -> dict[str, Any]:
        r = row.review
        present = None if row.manifestations is None else [
            check.manifestation.code for check in row.manifestations if check.present]
        return {"review_id": r.pk, "person_id": r.person_id, "subject_name": r.subject_name,
                "self_points": row.self_points, "self_level": r.self_level, "comments": r.collective_comments,
                "members_present": r.members_present, "votes": r.votes or {}, "level": r.collective_level,
                "manifestations_present": present}

    return {"review_id": meeting.review.pk, "period_id": meeting.review.period_id, "unit_id": meeting.unit.pk,
            "unit_name": meeting.unit.name, "held_on": meeting.held_on, "recorded_by": meeting.recorded_by,
            "reviews": [item(row) for row in meeting.items]}


@router.get("/evaluation-reviews/{review_id}/minutes", response=MeetingOut,
            summary="The collective review meeting that held the review: the reviews of that day the caller reads")
def review_minutes(request: HttpRequest, review_id: int):
    return _meeting_out(selectors.review_meeting(caller(request), review_id))


@router.get("/evaluation-reviews/{review_id}", response=ReviewDetailOut, summary="One review with its scores")
def get_review(request: HttpRequest, review_id: int):
    return selectors.review_get(caller(request), review_id)


@router.put("/evaluation-reviews/{review_id}/tasks", response=ReviewDetailOut,
            summary="Replace the review's task list by products")
def save_tasks(request: HttpRequest, review_id: int, body: TasksIn):
    user = caller(request)
    services.tasks_save(review_id=review_id, tasks=[task.dict() for task in body.tasks], acting_user=user)
    return selectors.review_get(user, review_id)


@router.post("/evaluation-reviews/{review_id}/self-assessment", response=ReviewDetailOut,
             summary="Send the self-assessment (every criterion; for a person, the 27 manifestations)")
def self_assessment(request: HttpRequest, review_id: int, body: SelfAssessmentIn):
    data = body.dict()
    return services.self_assess(review_id=review_id, acting_user=caller(request), **data)


@router.post("/evaluation-reviews/{review_id}/collective-review", response=ReviewDetailOut,
             summary="Record the collective review with the vote")
def collective_review(request: HttpRequest, review_id: int, body: CollectiveReviewIn):
    return services.collective_review(review_id=review_id, acting_user=caller(request), **body.dict())


@router.post("/evaluation-reviews/{review_id}/superior-assessment", response=ReviewDetailOut,
             summary="Record the superior's assessment")
def superior_assessment(request: HttpRequest, review_id: int, body: SuperiorIn):
    return services.superior_assess(review_id=review_id, acting_user=caller(request), **body.dict())


def _beside_out(beside: dict[str, Any]) -> dict[str, Any]:
    follow = beside["follow"]
    return {"follow_rank": follow.rank if follow else None,
            "follow_assessed_on": follow.assessed_on if follow else None,
            "ballots": beside["ballots"], "discipline": [decision.number for decision in beside["discipline"]],
            "residents_comments": beside["residents"], "follower_comments": beside["followers"]}


@router.get("/evaluation-reviews/{review_id}/beside", response=BesideOut,
            summary="What reviewers read beside the scores: Chỉ thị 05, ballots, discipline, residents' comments")
def beside_scores(request: HttpRequest, review_id: int):
    return _beside_out(selectors.beside_scores_for(caller(request), review_id))


@router.get("/evaluation-reviews/{review_id}/suggestions", response=list[SuggestionOut],
            summary="The superior's suggestions of points to review")
def suggestions(request: HttpRequest, review_id: int):
    return selectors.suggestions_of(caller(request), review_id)


@router.post("/evaluation-reviews/{review_id}/suggestions", response={201: SuggestionOut},
             summary="Give a suggestion of points to review, before the self-assessment")
def add_suggestion(request: HttpRequest, review_id: int, body: SuggestionIn):
    return 201, services.suggestion_add(review_id=review_id, text=body.text, acting_user=caller(request))


@router.get("/evaluation-reviews/{review_id}/residents-comments", response=list[ResidentCommentOut],
            summary="Comments of the residence cell or Fatherland Front committee (for reviewers)")
def resident_comments(request: HttpRequest, review_id: int):
    return selectors.resident_comments_of(caller(request), review_id)


@router.post("/evaluation-reviews/{review_id}/residents-comments", response={201: ResidentCommentOut},
             summary="Record a comment from the member's place of residence (Quy định 213-QĐ/TW)")
def add_resident_comment(request: HttpRequest, review_id: int, body: ResidentCommentIn):
    return 201, services.resident_comment_add(review_id=review_id, acting_user=caller(request), **body.dict())


@router.get("/evaluation-reviews/{review_id}/follower-comments", response=list[FollowerCommentOut],
            summary="Comments of the Standing Committee member following the unit (for reviewers and followers)")
def follower_comments(request: HttpRequest, review_id: int):
    return selectors.follower_comments(caller(request), review_id)


@router.post("/evaluation-reviews/{review_id}/follower-comments", response={201: FollowerCommentOut},
             summary="Comment, as the Standing Committee member following the unit, on a cadre it manages")
def add_follower_comment(request: HttpRequest, review_id: int, body: FollowerCommentIn):
    return 201, services.follower_comment_add(review_id=review_id, text=body.text, acting_user=caller(request))


@router.post("/evaluation-reviews/{review_id}/classify", response=ReviewDetailOut, summary="Classify the review")
def classify(request: HttpRequest, review_id: int):
    return services.classify(review_id=review_id, acting_user=caller(request))


@router.post("/evaluation-reviews/{review_id}/approve", response=ReviewDetailOut,
             summary="Approve the classification (refused over the group's quota)")
def approve(request: HttpRequest, review_id: int):
    return services.approve(review_id=review_id, acting_user=caller(request))


@router.post("/evaluation-reviews/{review_id}/notify", response=ReviewDetailOut, summary="Notify the person")
def notify(request: HttpRequest, review_id: int):
    return services.notify(review_id=review_id, acting_user=caller(request))


@router.post("/evaluation-reviews/{review_id}/appeal", response=ReviewDetailOut,
             summary="Appeal against the classification (within the period's days)")
def appeal(request: HttpRequest, review_id: int, body: AppealIn):
    return services.appeal(review_id=review_id, acting_user=caller(request), **body.dict())


@router.post("/evaluation-reviews/{review_id}/resolve-appeal", response=ReviewDetailOut,
             summary="Resolve the appeal")
def resolve_appeal(request: HttpRequest, review_id: int, body: ResolveIn):
    return services.resolve_appeal(review_id=review_id, acting_user=caller(request), **body.dict())


class ClassificationOut(Schema):
    classified: int
    by_level: dict[str, int]
    over_quota: list[QuotaGroupOut] = Field(description="The groups with more HTXSNV than the quota allows")


@router.post("/evaluation-periods/{period_id}/classify", response=ClassificationOut,
             summary="Classify every review of the period assessed by its superior, then check the quota")
def classify_period(request: HttpRequest, period_id: int):
    return services.period_classify(period_id=period_id, acting_user=caller(request))


class SummaryRowOut(Schema):
    unit_id: int | None = Field(description="Empty: the reviews held at the chosen unit itself")
    unit_name: str
    people: dict[str, int] = Field(description="Members' reviews by level")
    collectives: dict[str, int] = Field(description="Collectives' reviews by level")
    waiting: int = Field(description="Reviews not yet classified")
    total: int

    @staticmethod
    def resolve_unit_id(obj: Any) -> int | None:
        return obj.unit.pk if obj.unit is not None else None

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj.unit.name if obj.unit is not None else ""


class SummaryOut(Schema):
    period_id: int
    unit_id: int
    rows: list[SummaryRowOut]
    total: SummaryRowOut

    @staticmethod
    def resolve_period_id(obj: Any) -> int:
        return obj.period.pk

    @staticmethod
    def resolve_unit_id(obj: Any) -> int:
        return obj.unit.pk


@router.get("/evaluation-periods/{period_id}/summary", response=SummaryOut,
            summary="Levels by the subtree of each unit below the chosen one (the period's unit by default)")
def period_summary(request: HttpRequest, period_id: int, unit_id: int | None = None):
    return selectors.level_summary(caller(request), period_id, unit_id=unit_id)


@router.get("/evaluation-periods/{period_id}/summary/reviews", response=list[ReviewOut],
            summary="The drill-down of the summary: the reviews of a subtree at a level (or `waiting`)")
@paged
def summary_reviews(request: HttpRequest, period_id: int, unit_id: int | None = None,
                    level: str = Query("", max_length=20)):
    return selectors.summary_reviews(caller(request), period_id, unit_id=unit_id, level=level)


# --- The Word documents, as the pages give them ------------------------------------------------


def _word(found: documents.WordFile) -> HttpResponse:
    return exports.attachment(found.content, documents.DOCX, found.name)


@router.get("/evaluation-reviews/{review_id}/report.docx",
            summary="The review's report in Word (form 01, 2A, 2B or 2C); the manifestations only for their readers")
def review_report_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    return _word(documents.review_file(caller(request), review_id))


@router.get("/evaluation-reviews/{review_id}/minutes.docx",
            summary="The minutes of the collective review meeting that held the review, in Word")
def review_minutes_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    return _word(documents.minutes_file(caller(request), review_id))


@router.get("/evaluation-people/{person_id}/profile.docx", summary="The cadre profile in Word")
def cadre_profile_docx(request: HttpRequest, person_id: int) -> HttpResponse:
    return _word(documents.profile_file(caller(request), person_id))


@router.get("/evaluation-periods/{period_id}/summary.docx",
            summary="The unit summary in Word for the unit (the period's unit by default)")
def period_summary_docx(request: HttpRequest, period_id: int, unit_id: int | None = None) -> HttpResponse:
    return _word(documents.summary_file(caller(request), period_id, unit_id=unit_id))
