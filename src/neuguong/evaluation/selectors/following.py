"""The Standing Committee member who follows (phụ trách) a unit sees the reviews of the cadres of its
subtree managed by a Standing Committee, with what reviewers read beside the scores, and comments on
them beside the superior's assessment (step 5 of the review). The follow assignments are the
people module's (``orgs.FollowAssignment``); a follower needs no role on the unit they follow."""

from typing import Any

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from neuguong.orgs.models import FollowAssignment, ManagementLevel, Post

from ..models import Review, ReviewStatus

STANDING_MANAGED = (ManagementLevel.PROVINCE_STANDING, ManagementLevel.SUBORDINATE_STANDING)
# From the collective review to the classification: the follower comments before the approval.
COMMENT_STATES = (ReviewStatus.COLLECTIVE_REVIEWED, ReviewStatus.SUPERIOR_ASSESSED, ReviewStatus.CLASSIFIED)


def followed(user: Any) -> Q | None:
    """The reviews the user sees as the follower of their unit, or None for a user who is no person.
    One condition inside the review query: no query of its own."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    follows = (FollowAssignment.objects
               .filter(person_id=person_id, ended_on__isnull=True, started_on__lte=timezone.localdate())
               .alias(reviewed_path=ExpressionWrapper(OuterRef("unit__path"), output_field=CharField()))
               .filter(reviewed_path__startswith=F("unit__path")))
    managed = Post.objects.filter(person_id=OuterRef("person_id"), management_level__in=STANDING_MANAGED,
                                  ended_on__isnull=True)
    return Q(Exists(follows)) & Q(Exists(managed))


def follows(user: Any, review: Review) -> bool:
    """Whether the user follows the review's unit and the review is of a cadre managed by a Standing Committee."""
    condition = followed(user)
    return condition is not None and Review.objects.filter(condition, pk=review.pk).exists()


def followed_reviews(user: Any, *, limit: int) -> list[Review]:
    """The reviews waiting for the follower's comment, the earliest period's first."""
    condition = followed(user)
    if condition is None:
        return []
    reviews = (Review.objects.select_related("period__unit", "unit", "person")
               .filter(condition, status__in=COMMENT_STATES)
               .order_by("period__closes_on", "unit__path", "person__sort_key", "pk"))
    return list(reviews[:limit])

