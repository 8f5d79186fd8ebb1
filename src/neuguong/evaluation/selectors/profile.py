"""The cadre profile: one person's reviews over the years, each year beside what the other modules
hold on them (the Chỉ thị 05 result, ballots, discipline, residents' comments, honours), for
planning. It shows what the viewer already reads elsewhere, nothing more:

- the reviews are those the viewer may read (``readable``), and a level only once approved, so a
  proposed level never shows before the competent level decides;
- what sits beside the scores, to reviewers of the person's units only, as on a review's page;
- honours through the honours module's own scoping.

Without one readable review of the person the profile is missing (404), like an unknown person.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from neuguong.accounts.scoping import NotFound, has_permission
from neuguong.ballots import selectors as ballots
from neuguong.honours import selectors as honours
from neuguong.inspection import selectors as inspection
from neuguong.orgs.models import Person
from neuguong.study import selectors as study

from ..models import DECIDED, ResidentComment, Review
from .levels import level_names
from .reviews import REVIEW, VIEW, readable


@dataclass
class ProfileReview:
    review: Review
    level: str  # the level's name once decided, else ""


@dataclass
class ProfileYear:
    year: int
    reviews: list[ProfileReview] = field(default_factory=list)
    follow: Any = None
    ballots: list[Any] = field(default_factory=list)
    discipline: list[Any] = field(default_factory=list)
    residents: list[ResidentComment] = field(default_factory=list)
    awards: list[Any] = field(default_factory=list)


@dataclass
class CadreProfile:
    person: Person
    reviewer: bool  # whether the viewer reads what sits beside the scores
    years: list[ProfileYear]


def decided(review: Review) -> bool:
    """Whether the review's level is final (approved, notified or under appeal)."""
    return review.status in DECIDED


def cadre_profile(user: Any, person_id: Any) -> CadreProfile:
    try:
        reviews = list(readable(user).filter(person_id=int(person_id))
                       .prefetch_related(Prefetch("resident_comments", ResidentComment.objects.order_by(
                           "received_on", "pk")))
                       .order_by("-period__year", "-period__opens_on", "unit__path", "pk"))
    except (TypeError, ValueError) as exc:
        raise NotFound() from exc
    if not reviews:
        raise NotFound()
    person = reviews[0].person
    assert person is not None  # noqa: S101 (filtered on the person)
    reviewer = any(has_permission(user, VIEW, review.unit.path) or has_permission(user, REVIEW, review.unit.path)
                   for review in reviews)
    names = level_names()
    years: dict[int, ProfileYear] = {}
    for review in reviews:
        level = names.get(review.level, review.level) if decided(review) else ""
        years.setdefault(review.period.year, ProfileYear(review.period.year)).reviews.append(
            ProfileReview(review, level))
    for award in honours.awards_of(user, [person.pk]):
        years.setdefault(award.decided_on.year, ProfileYear(award.decided_on.year)).awards.append(award)
    if reviewer:
        _add_beside(person, years)
    return CadreProfile(person=person, reviewer=reviewer, years=[years[year] for year in sorted(years, reverse=True)])


def _add_beside(person: Person, years: dict[int, ProfileYear]) -> None:
    """What reviewers read beside the scores, year by year (``beside_scores`` for every year at once)."""
    results = list(ballots.results_for_person(person.pk))
    for year, entry in years.items():
        entry.follow = study.follow_result(person.pk, year)
        entry.ballots = [result for result in results
                         if result.campaign.counted_at is not None and result.campaign.counted_at.year == year]
        entry.discipline = inspection.discipline_effective_in([person.pk], year).get(person.pk, [])
        entry.residents = [comment for row in entry.reviews for comment in row.review.resident_comments.all()]
