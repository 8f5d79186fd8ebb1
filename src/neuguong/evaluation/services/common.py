"""Pieces every evaluation service uses: refusals, locked scoped reads, clean text."""

from typing import Any

from django.utils.translation import gettext

from neuguong.accounts.models import User
from neuguong.accounts.scoping import has_permission
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces

from .. import selectors
from ..models import DECIDED, Review

VIEW, MANAGE, REVIEW, APPROVE = "evaluation.view", "evaluation.manage", "evaluation.review", "evaluation.approve"


def invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def refused(code: str, field: str, message: Any) -> ServiceError:
    return ServiceError(code, message, field_errors={field: [str(message)]})


def clean_text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def clean_long_text(value: Any) -> str:
    return str(value or "").strip()


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def refuse_decided(review: Review) -> None:
    if review.status in DECIDED:
        raise refused("review_decided", "status",
                      gettext("The classification is approved: the review can no longer change."))


def locked_review(user: Any, review_id: Any) -> Review:
    """The review the user may read (else 404), its row locked."""
    review = selectors.review_get(user, review_id)
    return Review.objects.select_for_update(of=("self",), no_key=True).select_related(
        "period__unit", "unit__parent", "person", "template").get(pk=review.pk)


def is_subject(user: Any, review: Review) -> bool:
    """Whether the user writes this review's self-assessment: the person, or for a collective whoever
    holds the collective review of its unit (its secretary or committee)."""
    if review.person_id is None:
        return has_permission(user, REVIEW, review.unit.path)
    return bool(getattr(user, "person_id", None)) and user.person_id == review.person_id
