"""Every read of the registrations to follow and the exemplary pledges, limited to the user's
subtrees; a member also reads their own records, and ``follow_result`` gives the evaluation module
the year's figure of each member."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from neuguong.accounts.scoping import NotFound, access, ensure_permission_on, scoped, unit_paths_with
from neuguong.orgs.models import Membership, MembershipStatus, Person, Post, Unit

from ..models import (
    LEVEL_RANK,
    FollowLevel,
    Pledge,
    PledgeFollowUp,
    PledgeItem,
    PledgeStatus,
    QuarterReport,
    Registration,
    RegistrationStatus,
)
from ..years import current_quarter, held_in, year_closed


def _own_or_scoped(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    person_id = getattr(user, "person_id", None)
    visible = scoped(queryset, user, "study.view")
    if person_id is None:
        return visible
    return queryset.filter(Q(pk__in=visible.values("pk")) | Q(person_id=person_id))


def registrations_visible_to(user: Any, *, year: int | None = None, unit: Unit | None = None, status: str = "",
                             level: str = "") -> QuerySet[Registration]:
    """Registrations of the cells of the user's subtrees, filtered; with their counts of items and reports."""
    registrations = scoped(Registration.objects.all(), user, "study.view")
    if year:
        registrations = registrations.filter(year=year)
    if unit is not None:
        registrations = registrations.filter(cell__path__startswith=unit.path)
    if status:
        registrations = registrations.filter(status=status)
    if level:
        registrations = registrations.filter(level=level)
    return registrations.select_related("person", "cell").annotate(
        item_count=Count("items", distinct=True), report_count=Count("reports", distinct=True),
    ).order_by("-year", "cell__path", "person__sort_key", "pk")


def registration_get(user: Any, registration_id: Any) -> Registration:
    """One registration of the user's subtrees, or the user's own; with its items and reports."""
    try:
        return (_own_or_scoped(Registration.objects.all(), user)
                .select_related("person", "cell", "theme", "assessed_by")
                .prefetch_related("items", Prefetch("reports", QuarterReport.objects.order_by("quarter")))
                .get(pk=registration_id))
    except (Registration.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def quarter_report_get(user: Any, report_id: Any) -> QuarterReport:
    try:
        report = QuarterReport.objects.select_related("registration").get(pk=report_id)
        registration_get(user, report.registration_id)
    except (QuarterReport.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    return report


def registrations_of(user: Any) -> list[Registration]:
    """The user's own registrations, newest year first, with their items and reports."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return list(Registration.objects.filter(person_id=person_id).select_related("cell", "theme")
                .prefetch_related("items", Prefetch("reports", QuarterReport.objects.order_by("quarter")))
                .order_by("-year"))


def is_party_member(user: Any) -> bool:
    """Whether the user's person holds an active party membership (and so may register to follow)."""
    person_id = getattr(user, "person_id", None)
    return person_id is not None and (Membership.objects.filter(person_id=person_id)
                                      .exclude(status=MembershipStatus.ENDED).exists())


def missing_quarters(registration: Registration, today: dt.date | None = None) -> list[int]:
    """Quarters of a registered registration that have begun and have no report (reports prefetched)."""
    today = today or timezone.localdate()
    if registration.status != RegistrationStatus.REGISTERED or registration.year > today.year:
        return []
    last = 4 if registration.year < today.year else current_quarter(today)
    done = {report.quarter for report in registration.reports.all()}
    return [quarter for quarter in range(1, last + 1) if quarter not in done]


def reports_due(user: Any, today: dt.date | None = None) -> list[tuple[Registration, list[int]]]:
    """The user's registrations (of years still open) with the quarters they still have to report."""
    today = today or timezone.localdate()
    return [(registration, quarters) for registration in registrations_of(user)
            if not year_closed(registration.year, today) and (quarters := missing_quarters(registration, today))]


def registrations_to_assess(user: Any, *, year: int, limit: int) -> list[Registration]:
    """Registered registrations of the year in cells where the user assesses (study.approve), not their own."""
    rows = scoped(Registration.objects.filter(year=year, status=RegistrationStatus.REGISTERED), user,
                  "study.approve")
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        rows = rows.exclude(person_id=person_id)
    return list(rows.select_related("person", "cell").order_by("cell__path", "person__sort_key", "pk")[:limit])


def registrations_to_assess_count(user: Any, *, year: int) -> int:
    rows = scoped(Registration.objects.filter(year=year, status=RegistrationStatus.REGISTERED), user,
                  "study.approve")
    person_id = getattr(user, "person_id", None)
    return (rows.exclude(person_id=person_id) if person_id is not None else rows).count()


# --- The figure the evaluation module reads ----------------------------------------------------


@dataclass(frozen=True)
class FollowResult:
    """A member's registration to follow for a year, as assessed by the cell: the level, its label and
    ``rank`` (3 excellently fulfilled, 2 well, 1 fulfilled, 0 not fulfilled)."""

    person_id: int
    year: int
    level: str
    rank: int
    assessed_on: dt.date

    @property
    def label(self) -> str:
        return str(FollowLevel(self.level).label)


def follow_results(people: Any, year: int) -> dict[int, FollowResult]:
    """The assessed results of ``year`` for many people (Person objects or ids), by person id, in one
    query; a person without an assessed registration is absent. The caller has already scoped the
    people it asks about (the evaluation module reads the people it evaluates)."""
    ids = [person.pk if isinstance(person, Person) else int(person) for person in people]
    rows = (Registration.objects.filter(person_id__in=ids, year=year, status=RegistrationStatus.ASSESSED)
            .values_list("person_id", "level", "assessed_on"))
    return {person_id: FollowResult(person_id, year, level, LEVEL_RANK[FollowLevel(level)], assessed_on)
            for person_id, level, assessed_on in rows if assessed_on is not None}


def follow_result(person: Any, year: int) -> FollowResult | None:
    """The assessed result of one person's registration to follow for ``year``, or None."""
    person_id = person.pk if isinstance(person, Person) else int(person)
    return follow_results([person_id], year).get(person_id)


# --- Pledges -----------------------------------------------------------------------------------


def pledges_visible_to(user: Any, *, year: int | None = None, unit: Unit | None = None, status: str = "",
                       level: str = "") -> QuerySet[Pledge]:
    pledges = scoped(Pledge.objects.all(), user, "study.view")
    if year:
        pledges = pledges.filter(year=year)
    if unit is not None:
        pledges = pledges.filter(unit__path__startswith=unit.path)
    if status:
        pledges = pledges.filter(status=status)
    if level:
        pledges = pledges.filter(level=level)
    return (pledges.select_related("person", "unit", "post").annotate(item_count=Count("items"))
            .order_by("-year", "unit__path", "person__sort_key", "pk"))


def pledge_get(user: Any, pledge_id: Any) -> Pledge:
    try:
        return (_own_or_scoped(Pledge.objects.all(), user)
                .select_related("person", "unit", "post", "assessed_by")
                .prefetch_related("items", Prefetch("follow_ups", PledgeFollowUp.objects.order_by("noted_on", "pk")))
                .get(pk=pledge_id))
    except (Pledge.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def pledges_of(user: Any) -> list[Pledge]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    return list(Pledge.objects.filter(person_id=person_id).select_related("unit", "post")
                .prefetch_related("items", "follow_ups").order_by("-year"))


def pledge_unit_get(user: Any, unit_id: Any) -> Unit:
    """A unit whose published pledges the user reads: one of their units, or a committee above them."""
    try:
        unit = Unit.objects.get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    paths = unit_paths_with(user, "units.view")
    if not any(unit.path.startswith(path) or path.startswith(unit.path) for path in paths):
        raise NotFound()
    return unit


def published_pledges(user: Any, unit: Unit, *, year: int | None = None) -> QuerySet[Pledge]:
    """The pledges a unit chose to publish on its page, read by its units and those below it."""
    pledge_unit_get(user, unit.pk)
    pledges = Pledge.objects.filter(unit=unit, published=True).exclude(status=PledgeStatus.DRAFT)
    if year:
        pledges = pledges.filter(year=year)
    return (pledges.select_related("person", "post").prefetch_related("items")
            .order_by("-year", "person__sort_key", "pk"))


@dataclass(frozen=True)
class PublicPledge:
    """What of a pledge the public site shows: the holder's name, the post and the pledged items."""

    name: str
    post: str
    items: tuple[str, ...]


def public_pledges(unit: Unit, *, year: int | None = None) -> list[PublicPledge]:
    """The pledges ``unit`` itself chose to publish for this year (or ``year``), for the public site:
    never a draft or an unpublished pledge, never the follow-ups or the assessment."""
    year = year or timezone.localdate().year
    pledges = (Pledge.objects.filter(unit=unit, year=year, published=True).exclude(status=PledgeStatus.DRAFT)
               .select_related("person", "post").only("person__full_name", "post__title")
               .prefetch_related(Prefetch("items", PledgeItem.objects.only("pledge_id", "content")
                                          .order_by("position", "pk")))
               .order_by("person__sort_key", "pk"))
    return [PublicPledge(name=p.person.full_name, post=p.post.title,
                         items=tuple(item.content for item in p.items.all())) for p in pledges]


def post_for_pledge(user: Any, post_id: Any) -> Post:
    """A post to pledge in: one the user holds, or one of a unit where the user holds study.manage."""
    posts = Post.objects.select_related("unit", "person")
    person_id = getattr(user, "person_id", None)
    try:
        return posts.get(pk=post_id, person_id=person_id) if person_id is not None else posts.none().get()
    except (Post.DoesNotExist, ValueError, TypeError):
        post = access(posts, user, post_id, view="people.view")
        ensure_permission_on(user, "study.manage", post)
        return post


def holders_without_pledge(user: Any, *, year: int, unit: Unit | None = None) -> QuerySet[Post]:
    """Posts held during ``year`` in the user's subtrees (below ``unit``) whose holder has made no pledge
    for that year: one row per post, the holder and the unit with it."""
    posts = scoped(Post.objects.filter(held_in(year)), user, "study.view")
    if unit is not None:
        posts = posts.filter(unit__path__startswith=unit.path)
    pledged = Pledge.objects.filter(person_id=OuterRef("person_id"), year=year).exclude(status=PledgeStatus.DRAFT)
    return (posts.exclude(Exists(pledged)).select_related("person", "unit")
            .order_by("unit__path", "person__sort_key", "pk"))


def pledges_to_assess_count(user: Any, *, year: int) -> int:
    rows = scoped(Pledge.objects.filter(year=year, status=PledgeStatus.PLEDGED), user, "study.approve")
    person_id = getattr(user, "person_id", None)
    return (rows.exclude(person_id=person_id) if person_id is not None else rows).count()


def own_posts_without_pledge(user: Any, *, year: int) -> list[Post]:
    """The user's own posts held in ``year`` when they have made no pledge for it."""
    person_id = getattr(user, "person_id", None)
    if person_id is None or Pledge.objects.filter(person_id=person_id, year=year).exists():
        return []
    return list(Post.objects.filter(held_in(year), person_id=person_id).select_related("unit")
                .order_by("-started_on", "pk"))
