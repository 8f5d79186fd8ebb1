"""Every read of the honours module, already scoped to the user: rounds, nominations and evidence,
the awards of people and units (for the cadre profile and the reviews), the members due for a party
membership badge, and the public honour roll (approved models only, no login)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from neuguong.accounts.scoping import NotFound, access, has_permission, scoped
from neuguong.orgs import selectors as orgs
from neuguong.orgs.models import MembershipStatus, Person, Unit
from neuguong.portal import selectors as portal_selectors

from . import rules
from .models import Award, Evidence, Nomination, NominationStatus, Round

VIEW = "honours.view"


def rounds_for(user: Any, *, unit: Unit | None = None, status: str = "", year: int | None = None) -> QuerySet[Round]:
    """The rounds of the user's subtrees with their number of nominations."""
    rounds = scoped(Round.objects.all(), user, VIEW).select_related("unit").annotate(
        nomination_count=Count("nominations"))
    if unit is not None:
        rounds = rounds.filter(unit__path__startswith=unit.path)
    if status:
        rounds = rounds.filter(status=status)
    if year:
        rounds = rounds.filter(year=year)
    return rounds.order_by("-year", "-pk")


def round_get(user: Any, round_id: Any) -> Round:
    return access(Round.objects.select_related("unit"), user, round_id, view=VIEW)


def nominations_of(user: Any, round_: Round) -> QuerySet[Nomination]:
    return (scoped(Nomination.objects.filter(round=round_), user, VIEW)
            .select_related("subject_unit", "subject_person", "round__unit").prefetch_related("evidence")
            .order_by("pk"))


def nominations_for(user: Any, *, round_: Round | None = None, status: str = "",
                    unit: Unit | None = None) -> QuerySet[Nomination]:
    """The nominations of the user's subtrees (of one round, in one status, under one unit)."""
    nominations = scoped(Nomination.objects.all(), user, VIEW).select_related(
        "subject_unit", "subject_person", "round__unit")
    if round_ is not None:
        nominations = nominations.filter(round=round_)
    if status:
        nominations = nominations.filter(status=status)
    if unit is not None:
        nominations = nominations.filter(round__unit__path__startswith=unit.path)
    return nominations.order_by("-round__year", "round_id", "pk")


def nomination_get(user: Any, nomination_id: Any) -> Nomination:
    return access(Nomination.objects.select_related("round__unit", "subject_unit", "subject_person"), user,
                  nomination_id, view=VIEW)


def nominations_waiting(user: Any, *, permission: str, status: str, limit: int = 10) -> list[Nomination]:
    """Nominations in ``status`` where the user holds ``permission``: work for the home page."""
    return list(scoped(Nomination.objects.filter(status=status), user, permission)
                .select_related("round__unit", "subject_unit", "subject_person").order_by("round__closes_on", "pk")
                [:limit])


def evidence_get(user: Any, evidence_id: Any) -> Evidence:
    return access(Evidence.objects.select_related("nomination__round__unit"), user, evidence_id, view=VIEW)


def _awards(queryset: QuerySet[Award]) -> QuerySet[Award]:
    return queryset.select_related("round__unit", "person", "unit", "nomination").order_by("-decided_on", "-pk")


def awards_of(user: Any, people: Person | Iterable[Person | int]) -> QuerySet[Award]:
    """The awards of a person (or of these people, by record or id), newest first: their history for the
    person page, the cadre profile and the reviews. An award is read where the user holds ``honours.view``
    on the unit that held the round or on the person's own unit (a commune reads the province's award of
    its cadre), party membership badges included."""
    chosen = [people] if isinstance(people, Person) else list(people)
    awards = Award.objects.filter(person_id__in=[item.pk if isinstance(item, Person) else item for item in chosen])
    return _awards(scoped(awards, user, VIEW) | scoped(awards, user, VIEW, path_lookup="person__unit__path"))


def awards_for(user: Any, *, unit: Unit | None = None, year_from: int | None = None,
               year_to: int | None = None) -> QuerySet[Award]:
    """The awards the user may read, conferred in rounds held within ``unit``'s subtree (as the counts
    group them) and decided within the years: the rows behind a count."""
    awards = scoped(Award.objects.all(), user, VIEW)
    if unit is not None:
        awards = awards.filter(round__unit__path__startswith=unit.path)
    if year_from:
        awards = awards.filter(decided_on__year__gte=year_from)
    if year_to:
        awards = awards.filter(decided_on__year__lte=year_to)
    return _awards(awards)


def award_get(user: Any, award_id: Any) -> Award:
    return access(Award.objects.select_related("round__unit", "person", "unit", "nomination", "article"), user,
                  award_id, view=VIEW)


def awards_for_unit(user: Any, unit_ids: Iterable[int]) -> QuerySet[Award]:
    """The awards conferred on these units (as collectives), newest first: their history for the unit page.
    As for a person, an award is read where the user holds ``honours.view`` on the unit that held the round
    or on the honoured unit itself (a commune reads the province's award of its cell)."""
    awards = Award.objects.filter(unit_id__in=list(unit_ids))
    return _awards(scoped(awards, user, VIEW) | scoped(awards, user, VIEW, path_lookup="unit__path"))


@dataclass(frozen=True)
class BadgeDue:
    person: Person
    cell: Unit
    joined_on: dt.date
    years: int
    reached_on: dt.date


def badges_due(user: Any, *, unit: Unit, award_day: dt.date) -> list[BadgeDue]:
    """The members of ``unit``'s subtree (read through the orgs selectors) who reach a milestone of the
    party membership badge in the year up to ``award_day`` and have not received that badge."""
    memberships = [membership for membership in orgs.memberships_for(user, unit=unit)
                   if membership.status != MembershipStatus.ENDED]
    year_before = rules.anniversary(award_day, -1)
    awarded = set(Award.objects.filter(person_id__in=[m.person_id for m in memberships],
                                       award__startswith="party.badge_").values_list("person_id", "award"))
    proposed = set(Nomination.objects.filter(
        subject_person_id__in=[m.person_id for m in memberships], award__startswith="party.badge_").exclude(
        status__in=[NominationStatus.NOT_PASSED, NominationStatus.REFUSED]).values_list("subject_person_id", "award"))
    due = []
    for membership in memberships:
        for years in rules.badge_milestones():
            reached_on = rules.anniversary(membership.joined_on, years)
            key = (membership.person_id, rules.badge_code(years))
            if year_before < reached_on <= award_day and key not in awarded and key not in proposed:
                due.append(BadgeDue(person=membership.person, cell=membership.cell, joined_on=membership.joined_on,
                                    years=years, reached_on=reached_on))
    return sorted(due, key=lambda row: (-row.years, row.person.sort_key))


# --- The public honour roll and the counts --------------------------------------------------------

def honour_roll(*, year: int | None = None, unit: Unit | None = None, field: str = "",
                award: str = "") -> QuerySet[Award]:
    """The approved models, public: no login, so no scope; the filters narrow it."""
    awards = Award.objects.exclude(award__startswith="party.badge_")
    if year:
        awards = awards.filter(decided_on__year=year)
    if unit is not None:
        awards = awards.filter(Q(unit__path__startswith=unit.path) | Q(person__unit__path__startswith=unit.path)
                               | Q(round__unit__path__startswith=unit.path))
    if field:
        awards = awards.filter(nomination__field=field)
    if award:
        awards = awards.filter(award=award)
    # Whether the model's article is out on the portal now, by the portal's own rule for published articles.
    published = Exists(portal_selectors.public_articles().filter(pk=OuterRef("article_id")))
    return (awards.select_related("unit", "person__unit", "round__unit", "nomination__subject_person",
                                  "nomination__subject_unit")
            .annotate(article_published=published).order_by("-decided_on", "-pk"))


def honour_roll_get(award_id: Any) -> Award:
    award = honour_roll().filter(pk=award_id).first()
    if award is None:
        raise NotFound()
    return award


def counts(user: Any, *, unit: Unit, year_from: int, year_to: int) -> list[dict[str, Any]]:
    """Collectives and individuals honoured by year, in ``unit``'s subtree and each unit below it
    (the drill-down), read within the user's scope."""
    awards = scoped(Award.objects.filter(round__unit__path__startswith=unit.path,
                                         decided_on__year__gte=year_from, decided_on__year__lte=year_to), user, VIEW)
    rows = (awards.values("decided_on__year", "round__unit_id", "round__unit__name")
            .annotate(collectives=Count("pk", filter=Q(unit__isnull=False)),
                      individuals=Count("pk", filter=Q(person__isnull=False)))
            .order_by("-decided_on__year", "round__unit__name"))
    return [{"year": row["decided_on__year"], "unit_id": row["round__unit_id"], "unit": row["round__unit__name"],
             "collectives": row["collectives"], "individuals": row["individuals"]} for row in rows]


def can_view(user: Any) -> bool:
    return has_permission(user, VIEW)
