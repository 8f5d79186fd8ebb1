"""The collective review meeting (the cell's or committee's meeting that reviews its members and
itself), read back from what the ``collective_review`` step stores: each review's comments, votes by
level and members present, and the step's entry in the review's history (when, and by whom, it was
recorded). The application has no meeting record of its own: the meeting of a review is the unit's
collective reviews of the same period recorded on the same day (local time).

Scoped like the review it belongs to: the review must be readable (``review_get``, else 404), and the
meeting lists only the reviews of that day the viewer may read (``readable``): a member sees their own
and their cell's, never a peer's proposed level. The 27 manifestations of a person go with a review
only for a viewer who reads them (``sees_sensitive``); otherwise that item holds ``None``.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from neuguong.accounts.scoping import NotFound
from neuguong.core.models import StateChange
from neuguong.orgs.models import Unit

from ..models import ManifestationCheck, Period, Review, Score
from .reviews import readable, review_get, sees_sensitive

STEP = "collective_review"


@dataclass
class MeetingItem:
    review: Review
    self_points: Decimal | None  # the points one gave oneself, the basis of the vote
    manifestations: list[ManifestationCheck] | None  # None: the viewer may not read them (or a collective)
    recorded_at: dt.datetime


@dataclass
class ReviewMeeting:
    review: Review  # the review asked for
    held_on: dt.date  # the day its collective review was recorded (local time)
    recorded_by: str  # who recorded it: the person's name, else the account's
    items: list[MeetingItem]

    @property
    def unit(self) -> Any:
        return self.review.unit

    @property
    def period(self) -> Any:
        return self.review.period


def _recorder(change: StateChange) -> str:
    person = getattr(change.actor, "person", None) if change.actor_id else None
    return person.full_name if person is not None else change.actor_label


def review_meeting(user: Any, review_id: Any) -> ReviewMeeting:
    """The meeting where ``review_id`` was reviewed by its collective (404 if the review is not
    readable or not yet reviewed by its collective). Its queries do not grow with the reviews held there:
    the review with its prefetches, its history entry, the day's entries, the reviews with their points
    and the manifestations of those the user may read."""
    review = review_get(user, review_id)
    content_type = ContentType.objects.get_for_model(Review)
    entry = (StateChange.objects.filter(content_type=content_type, object_id=review.pk, transition=STEP)
             .select_related("actor__person").order_by("-at", "-pk").first())
    if entry is None or not review.collective_level:
        raise NotFound()
    held_on = timezone.localdate(entry.at)
    start = timezone.make_aware(dt.datetime.combine(held_on, dt.time.min))
    same_day = {change.object_id: change.at for change in StateChange.objects.filter(
        content_type=content_type, transition=STEP, at__gte=start, at__lt=start + dt.timedelta(days=1),
        object_id__in=Review.objects.filter(period_id=review.period_id, unit_id=review.unit_id).values("pk"))
        .order_by("at", "pk")}
    same_day.setdefault(review.pk, entry.at)
    scores = Score.objects.only("review_id", "self_points")
    reviews = (readable(user).filter(pk__in=list(same_day)).exclude(collective_level="")
               .prefetch_related(Prefetch("scores", scores)))
    sensitive = [r.pk for r in reviews if r.person_id is not None and sees_sensitive(user, r)]
    checks: dict[int, list[ManifestationCheck]] = {pk: [] for pk in sensitive}
    for check in (ManifestationCheck.objects.filter(review_id__in=sensitive)
                  .select_related("manifestation").order_by("review_id", "manifestation__position", "pk")):
        checks[check.review_id].append(check)
    items = [MeetingItem(review=r, self_points=_self_points(r), manifestations=checks.get(r.pk),
                         recorded_at=same_day[r.pk]) for r in reviews]
    items.sort(key=lambda item: (item.recorded_at, item.review.pk))
    return ReviewMeeting(review=review, held_on=held_on, recorded_by=_recorder(entry), items=items)


def _self_points(review: Review) -> Decimal | None:
    points = [score.self_points for score in review.scores.all() if score.self_points is not None]
    return sum(points, Decimal(0)) if points else None


@dataclass
class PeriodMeeting:
    unit: Unit
    held_on: dt.date  # the day the collective reviews were recorded (local time)
    reviews: int  # the reviews of that meeting the viewer reads
    review_id: int  # one of them: its minutes are the meeting's


def period_meetings(user: Any, period: Period, *, limit: int) -> list[PeriodMeeting]:
    """The collective review meetings of the period whose reviews the user reads (a unit's collective
    reviews recorded on one day, as ``review_meeting`` takes them), newest first, at most ``limit``: the
    unit, the day, how many reviews and one of them to open the minutes by. Two queries."""
    content_type = ContentType.objects.get_for_model(Review)
    unit_of = Review.objects.filter(pk=OuterRef("object_id")).values("unit_id")[:1]
    rows = list(StateChange.objects.filter(content_type=content_type, transition=STEP,
                                           object_id__in=readable(user).filter(period=period).values("pk"))
                .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()), unit=Subquery(unit_of))
                .values("unit", "day").annotate(n=Count("pk"), first=Min("object_id"))
                .order_by("-day", "unit")[:limit])
    units = Unit.objects.only("name", "path").in_bulk({row["unit"] for row in rows})
    meetings = [PeriodMeeting(units[row["unit"]], row["day"], row["n"], row["first"]) for row in rows]
    return sorted(meetings, key=lambda m: (-m.held_on.toordinal(), m.unit.path))
