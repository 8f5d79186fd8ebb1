"""Reads of the reviews. Staff read the reviews of their subtrees (``evaluation.view``); a person reads
their own; the members of a collective read its review. The 27 manifestations checked are read by the
person, the cell's secretary or committee (``evaluation.review``) and ``evaluation.view_sensitive``."""

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from neuguong.accounts.scoping import NotFound, has_permission, scoped, unit_paths_with
from neuguong.ballots import selectors as ballots
from neuguong.core.text import search_key
from neuguong.inspection import selectors as inspection
from neuguong.orgs.models import Membership, MembershipStatus, Unit
from neuguong.study import selectors as study

from ..models import FollowerComment, ManifestationCheck, Period, ResidentComment, Review, Score, Suggestion, Task
from .following import followed, follows

VIEW, REVIEW = "evaluation.view", "evaluation.review"
SENSITIVE_READERS = (REVIEW, "evaluation.view_sensitive")


def _reviews() -> QuerySet[Review]:
    return Review.objects.select_related("period__unit", "unit__parent", "person", "template")


def reviews_of_period(user: Any, period: Period, *, status: str = "", group: str = "", level: str = "",
                      q: str = "", unit: Unit | None = None) -> QuerySet[Review]:
    """The reviews of the period in the user's subtrees (``evaluation.view``): ``unit`` keeps those of
    its subtree, ``level`` those classified at it, ``q`` those whose person's or unit's name holds the
    words, diacritics ignored. The level proposed by the person, the collective or the superior is no
    filter: a list never tells it."""
    reviews = scoped(_reviews().filter(period=period), user, VIEW)
    if unit is not None:
        reviews = reviews.filter(unit__path__startswith=unit.path)
    if status:
        reviews = reviews.filter(status=status)
    if group:
        reviews = reviews.filter(subject_group=group)
    if level:
        reviews = reviews.filter(level=level)
    if q := (q or "").strip():
        key = search_key(q)
        reviews = reviews.filter(Q(person__search_name__contains=key) | Q(unit__search_name__contains=key))
    return reviews.order_by("unit__path", F("person__sort_key").asc(nulls_first=True), "pk")


def _collective_units(user: Any) -> list[int]:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    return list(Membership.objects.filter(person_id=person_id).exclude(status=MembershipStatus.ENDED)
                .values_list("cell_id", flat=True))


def readable(user: Any) -> QuerySet[Review]:
    """Every review the user may read: staff's subtrees, their own, their cells' collective reviews, and
    as the follower of a unit its cadres managed by a Standing Committee."""
    person_id = getattr(user, "person_id", None)
    condition = Q(pk__in=[])
    paths = unit_paths_with(user, VIEW)
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    if person_id and has_permission(user, "self.view"):
        condition |= Q(person_id=person_id) | Q(person__isnull=True, unit_id__in=_collective_units(user))
    review_paths = unit_paths_with(user, REVIEW)
    for path in review_paths:
        condition |= Q(unit__path__startswith=path)
    if (as_follower := followed(user)) is not None:
        condition |= as_follower
    return _reviews().filter(condition)


def review_get(user: Any, review_id: Any) -> Review:
    """One review with its scores and tasks (404 when the user may not read it)."""
    scores = Score.objects.select_related("criterion").order_by("criterion__position", "pk")
    try:
        return (readable(user).prefetch_related(Prefetch("scores", scores), Prefetch("tasks", Task.objects.all()),
                                                "suggestions", "resident_comments", "follower_comments")
                .get(pk=review_id))
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def own_reviews(user: Any, *, year: int | None = None, status: str = "") -> QuerySet[Review]:
    """The user's own reviews (never a peer's), newest period first."""
    person_id = getattr(user, "person_id", None)
    if not person_id or not has_permission(user, "self.view"):
        return Review.objects.none()
    reviews = _reviews().filter(person_id=person_id)
    if year:
        reviews = reviews.filter(period__year=year)
    if status:
        reviews = reviews.filter(status=status)
    return reviews.order_by("-period__year", "-period__opens_on", "pk")


def collective_reviews_waiting(user: Any, *, unit: Unit | None = None, q: str = "") -> QuerySet[Review]:
    """Reviews waiting for the collective review in the units where the user holds it (the secretary),
    soonest closing first; ``q`` searches the names, diacritics ignored."""
    reviews = scoped(_reviews().filter(status="self_assessed"), user, REVIEW)
    if unit is not None:
        reviews = reviews.filter(unit__path__startswith=unit.path)
    if q := (q or "").strip():
        key = search_key(q)
        reviews = reviews.filter(Q(person__search_name__contains=key) | Q(unit__search_name__contains=key))
    return reviews.order_by("period__closes_on", "unit__path", "person__sort_key", "pk")


def collective_reviews_to_hold(user: Any, *, limit: int) -> list[Review]:
    """The first ``limit`` reviews waiting for the collective review (``collective_reviews_waiting``)."""
    return list(collective_reviews_waiting(user)[:limit])


def sees_sensitive(user: Any, review: Review) -> bool:
    if review.person_id is not None and getattr(user, "person_id", None) == review.person_id:
        return True
    return any(has_permission(user, permission, review.unit.path) for permission in SENSITIVE_READERS)


def manifestations_visible(user: Any, review: Review) -> QuerySet[ManifestationCheck]:
    checks = ManifestationCheck.objects.filter(review=review).select_related("manifestation__group")
    return checks if sees_sensitive(user, review) else checks.none()


def beside_scores(review: Review) -> dict[str, Any]:
    """What reviewers read beside the scores: the Chỉ thị 05 result (study module), the stored
    results of ballots on the person, the discipline effective in the year and the residents' comments.
    The caller has already read the review (so scoped it)."""
    year = review.period.year
    if review.person_id is None:
        return {"follow": None, "ballots": [], "discipline": [], "residents": list(review.resident_comments.all()),
                "followers": []}
    return {
        "follow": study.follow_result(review.person_id, year),
        "ballots": [result for result in ballots.results_for_person(review.person_id)
                    if result.campaign.counted_at is None or result.campaign.counted_at.year == year],
        "discipline": inspection.discipline_effective_in([review.person_id], year).get(review.person_id, []),
        "residents": list(review.resident_comments.all()),
        "followers": list(review.follower_comments.all()),
    }


def reads_beside(user: Any, review: Review) -> bool:
    """Whether the user reads what sits beside the scores: a reviewer of the unit (``evaluation.view`` or
    ``evaluation.review``) or the Standing Committee member following it; never the person or a peer."""
    return follows(user, review) or any(has_permission(user, permission, review.unit.path)
                                        for permission in (VIEW, REVIEW))


def beside_scores_for(user: Any, review_id: Any) -> dict[str, Any]:
    """``beside_scores`` of a review the user reads beside (else 404, like a review they may not read)."""
    review = review_get(user, review_id)
    if not reads_beside(user, review):
        raise NotFound()
    return beside_scores(review)


def suggestions_of(user: Any, review_id: Any) -> list[Suggestion]:
    """The superior's suggestions of a review the user reads (else 404)."""
    return list(review_get(user, review_id).suggestions.all())


def resident_comments_of(user: Any, review_id: Any) -> list[ResidentComment]:
    """The residents' comments of a review the user reads beside the scores (else 404)."""
    return beside_scores_for(user, review_id)["residents"]


def follower_comments(user: Any, review_id: Any) -> list[FollowerComment]:
    """The follower's comments on a review, for its reviewers and its followers (else 404: the person
    reviewed and their peers do not read them)."""
    review = review_get(user, review_id)
    if not reads_beside(user, review):
        raise NotFound()
    return list(review.follower_comments.all())
