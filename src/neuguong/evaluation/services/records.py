"""What a review holds beside its steps: the superior's suggestions (before the self-assessment), the
task list by products (from which the on-time and exceeding shares are computed), the residents'
comments (Quy định 213-QĐ/TW) and the comments of the Standing Committee member who follows the unit.
Nothing changes once the classification is approved."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound, has_permission
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import record_history

from .. import rules, selectors
from ..models import FollowerComment, ResidentComment, Review, ReviewStatus, Suggestion, Task
from .common import (
    MANAGE,
    actor_of,
    clean_long_text,
    clean_text,
    invalid,
    is_subject,
    locked_review,
    refuse_decided,
)

S = ReviewStatus
MAX_TASKS = 200


@transaction.atomic
def suggestion_add(*, review_id: int, text: str, acting_user: Any) -> Suggestion:
    """The superior's written suggestion of points to review, before the self-assessment is sent."""
    review = locked_review(acting_user, review_id)
    if not has_permission(acting_user, MANAGE, review.unit.path):
        raise NotFound()
    if review.status != S.OPEN:
        raise invalid("text", _("Suggestions are given before the self-assessment."))
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write the suggestion."))
    suggestion = Suggestion.objects.create(review=review, text=text, given_by=actor_of(acting_user),
                                           given_on=timezone.localdate())
    record_history(review, "suggest", acting_user=acting_user, from_state=review.status, to_state=review.status)
    audit.record(acting_user, "evaluation_review.suggested", review)
    return suggestion


def _task(entry: dict[str, Any], position: int, review: Review) -> Task:
    title = clean_text(entry.get("title"), 300)
    if not title:
        raise invalid("tasks", _("Task %(number)s has no title.") % {"number": position + 1})
    due_on, done_on = entry.get("due_on"), entry.get("done_on")
    if not isinstance(due_on, dt.date):
        raise invalid("tasks", _("Task “%(task)s” has no due date.") % {"task": title})
    if done_on is not None and not isinstance(done_on, dt.date):
        raise invalid("tasks", _("Task “%(task)s”: enter the date it was done.") % {"task": title})
    weight = entry.get("weight", 1)
    if not isinstance(weight, int) or not 1 <= weight <= 100:
        raise invalid("tasks", _("Task “%(task)s”: the weight is a whole number from 1 to 100.") % {"task": title})
    exceeded = bool(entry.get("exceeded"))
    if exceeded and done_on is None:
        raise invalid("tasks", _("Task “%(task)s” cannot exceed its requirement before it is done.")
                      % {"task": title})
    return Task(review=review, title=title, product=clean_text(entry.get("product"), 300), weight=weight,
                due_on=due_on, done_on=done_on, result=clean_long_text(entry.get("result")),
                evidence=clean_text(entry.get("evidence"), 500), exceeded=exceeded, position=position)


@transaction.atomic
def tasks_save(*, review_id: int, tasks: list[dict[str, Any]], acting_user: Any) -> list[Task]:
    """Replace the review's task list by products (the person's, or the collective's by its secretary);
    the on-time and exceeding shares are computed from it at the classification."""
    review = locked_review(acting_user, review_id)
    if not (is_subject(acting_user, review) or has_permission(acting_user, MANAGE, review.unit.path)):
        raise NotFound()
    refuse_decided(review)
    if review.status not in (S.OPEN, S.SELF_ASSESSED, S.COLLECTIVE_REVIEWED):
        raise invalid("tasks", _("The task list is closed once the superior has assessed the review."))
    if len(tasks or []) > MAX_TASKS:
        raise invalid("tasks", _("A review lists at most %(count)s tasks.") % {"count": MAX_TASKS})
    rows = [_task(entry, position, review) for position, entry in enumerate(tasks or [])]
    review.tasks.all().delete()
    created = Task.objects.bulk_create(rows)
    found = rules.shares(created)
    audit.record(acting_user, "evaluation_review.tasks_saved", review,
                 after={"tasks": len(created), "on_time": found.on_time, "exceeding": found.exceeding})
    return created


@transaction.atomic
def resident_comment_add(*, review_id: int, source: str, text: str, received_on: dt.date,
                         acting_user: Any) -> ResidentComment:
    """The comment of the residence cell or Fatherland Front committee on a working member (213-QĐ/TW)."""
    review = locked_review(acting_user, review_id)
    if not has_permission(acting_user, MANAGE, review.unit.path):
        raise NotFound()
    refuse_decided(review)
    if review.person_id is None:
        raise invalid("source", _("Residents comment on a member, not on a collective."))
    errors: dict[str, list[str]] = {}
    source, text = clean_text(source, 200), clean_long_text(text)
    if not source:
        errors["source"] = [_("Say who sent the comment.")]
    if not text:
        errors["text"] = [_("Write the comment.")]
    if not isinstance(received_on, dt.date) or received_on > timezone.localdate():
        errors["received_on"] = [_("Enter the date the comment was received, not in the future.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    comment = ResidentComment.objects.create(review=review, source=source, text=text, received_on=received_on,
                                             recorded_by=actor_of(acting_user))
    audit.record(acting_user, "evaluation_review.resident_comment_added", review, after={"source": source})
    return comment




@transaction.atomic
def follower_comment_add(*, review_id: int, text: str, acting_user: Any) -> FollowerComment:
    """The comment of the Standing Committee member who follows the review's unit, on a cadre managed by a
    Standing Committee, between the collective review and the approval (step 5)."""
    review = locked_review(acting_user, review_id)
    if not selectors.follows(acting_user, review):
        raise NotFound()
    refuse_decided(review)
    if review.status not in selectors.COMMENT_STATES:
        raise invalid("text", _("The follower comments once the collective has reviewed, before the approval."))
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write the comment."))
    author = acting_user.person.full_name
    comment = FollowerComment.objects.create(review=review, text=text, author=author, given_by=actor_of(acting_user),
                                             given_on=timezone.localdate())
    record_history(review, "follower_comment", acting_user=acting_user, from_state=review.status,
                   to_state=review.status)
    audit.record(acting_user, "evaluation_review.follower_commented", review, after={"author": author})
    return comment
