"""Reads on units and people, already limited to the user's subtrees."""

import datetime as dt
import re
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound, access, has_permission, scoped
from neuguong.core import crypto
from neuguong.core.text import search_key

from .models import FollowAssignment, Membership, MembershipStatus, Person, Post, Unit, UnitChange, UnitStatus
from .throttle import count_citizen_id_lookup

CITIZEN_ID_QUERY = re.compile(r"^\d{9}(\d{3})?$")


def units_for(
    user: Any, *, q: str = "", kind: str = "", status: str = UnitStatus.ACTIVE, under: Unit | None = None
) -> QuerySet[Unit]:
    units = scoped(Unit.objects.all(), user, "units.view")
    if status:
        units = units.filter(status=status)
    if kind:
        units = units.filter(kind=kind)
    if under is not None:
        units = units.filter(path__startswith=under.path)
    if q:
        units = units.filter(search_name__contains=search_key(q))
    return units.order_by("path")


def unit_get(user: Any, unit_id: Any) -> Unit:
    return access(Unit.objects.select_related("parent", "merged_into"), user, unit_id, view="units.view")


def unit_children(user: Any, unit: Unit, *, include_ended: bool = False) -> QuerySet[Unit]:
    children = scoped(Unit.objects.filter(parent=unit), user, "units.view")
    if not include_ended:
        children = children.filter(status=UnitStatus.ACTIVE)
    return children.annotate(child_count=Count("children", filter=Q(children__status=UnitStatus.ACTIVE))).order_by(
        "name"
    )


def unit_ancestors(unit: Unit) -> list[Unit]:
    """The unit's ancestors from the top; only used on a unit the user may already see."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    by_id = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def unit_history(user: Any, unit: Unit) -> QuerySet[UnitChange]:
    return scoped(UnitChange.objects.filter(unit=unit), user, "units.view")


def top_units_for(user: Any, permission: str = "units.view") -> QuerySet[Unit]:
    """The tops of the user's subtrees: where the unit picker and tree browser start."""
    from neuguong.accounts.scoping import unit_paths_with

    return Unit.objects.filter(path__in=unit_paths_with(user, permission)).order_by("path")


def people_for(
    user: Any,
    *,
    q: str = "",
    unit: Unit | None = None,
    gender: str = "",
    membership: str = "",
    management_level: str = "",
) -> QuerySet[Person]:
    """People of the user's subtrees. ``q`` matches names without regard to diacritics, or, for
    holders of ``people.view_sensitive``, a citizen ID exactly (through its keyed hash) among the
    people of the units where they hold it; such lookups are counted (``throttle``)."""
    people = scoped(Person.objects.all(), user, "people.view")
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    q = (q or "").strip()
    if q and CITIZEN_ID_QUERY.match(q) and has_permission(user, "people.view_sensitive"):
        count_citizen_id_lookup(user)
        people = scoped(people, user, "people.view_sensitive").filter(citizen_id_hash=crypto.keyed_hash(q))
    elif q:
        people = people.filter(search_name__contains=search_key(q))
    if gender:
        people = people.filter(gender=gender)
    people = _filter_membership(people, membership)
    if management_level:
        current_posts = Post.objects.filter(
            person=OuterRef("pk"), management_level=management_level, ended_on__isnull=True
        )
        people = people.filter(Exists(current_posts))
    # Related rows are tested with EXISTS, never joined: no duplicates, so no DISTINCT, and
    # PostgreSQL can stop at the first page of the sort_key index instead of sorting every match.
    return people.select_related("unit").order_by("sort_key", "id")


def _filter_membership(people: QuerySet[Person], membership: str) -> QuerySet[Person]:
    active = [MembershipStatus.PROBATIONARY, MembershipStatus.FULL]
    if membership == "member":
        return people.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), status__in=active)))
    if membership in active:
        return people.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), status=membership)))
    if membership == "none":
        return people.exclude(Exists(Membership.objects.filter(person=OuterRef("pk"), status__in=active)))
    return people


def person_get(user: Any, person_id: Any) -> Person:
    queryset = Person.objects.select_related("unit", "residence").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("cell")),
        Prefetch("posts", queryset=Post.objects.select_related("unit")),
        Prefetch("follow_assignments", queryset=FollowAssignment.objects.select_related("unit", "committee")),
    )
    return access(queryset, user, person_id, view="people.view")


def own_person(user: Any) -> Person | None:
    """A party member's own record (self-service)."""
    if not getattr(user, "person_id", None):
        return None
    return (
        Person.objects.select_related("unit", "residence")
        .prefetch_related("memberships__cell", "posts__unit")
        .filter(pk=user.person_id)
        .first()
    )


def memberships_for(user: Any, *, unit: Unit | None = None, status: str = "") -> QuerySet[Membership]:
    memberships = scoped(Membership.objects.all(), user, "people.view")
    if unit is not None:
        memberships = memberships.filter(cell__path__startswith=unit.path)
    if status:
        memberships = memberships.filter(status=status)
    return memberships.select_related("person", "cell").order_by("person__sort_key", "id")


def memberships_of(user: Any, person: Person) -> QuerySet[Membership]:
    """A person's memberships held in cells of the user's subtrees, the current one first."""
    return (
        scoped(Membership.objects.filter(person=person), user, "people.view")
        .select_related("person", "cell")
        .order_by("-joined_on", "-id")
    )


def membership_get(user: Any, membership_id: Any) -> Membership:
    return access(Membership.objects.select_related("person", "cell"), user, membership_id, view="people.view")


def posts_for(user: Any, *, unit: Unit | None = None, current: bool | None = None) -> QuerySet[Post]:
    posts = scoped(Post.objects.all(), user, "people.view")
    if unit is not None:
        posts = posts.filter(unit__path__startswith=unit.path)
    if current is True:
        posts = posts.filter(ended_on__isnull=True)
    elif current is False:
        posts = posts.filter(ended_on__isnull=False)
    return posts.select_related("person", "unit").order_by("unit__path", "title", "id")


def post_get(user: Any, post_id: Any) -> Post:
    return access(Post.objects.select_related("person", "unit"), user, post_id, view="people.view")


def follow_assignments_for(user: Any, *, unit: Unit | None = None) -> QuerySet[FollowAssignment]:
    assignments = scoped(FollowAssignment.objects.all(), user, "people.view").filter(ended_on__isnull=True)
    if unit is not None:
        assignments = assignments.filter(committee__path__startswith=unit.path)
    return assignments.select_related("person", "unit", "committee").order_by("person__sort_key", "unit__name")


def follow_assignment_get(user: Any, assignment_id: Any) -> FollowAssignment:
    queryset = FollowAssignment.objects.select_related("person", "unit", "committee")
    return access(queryset, user, assignment_id, view="people.view")


def _whole_tree(unit: Unit) -> bool:
    """Whether the unit is the only top of the tree, so that every record lies in its subtree."""
    return unit.parent_id is None and not Unit.objects.filter(parent__isnull=True).exclude(pk=unit.pk).exists()


def _within(unit: Unit, path_lookup: str, *, whole_tree: bool) -> Q:
    """A filter on the unit path; none for the whole tree, where counting can skip the join to
    units that otherwise costs most of the time."""
    return Q() if whole_tree else Q(**{f"{path_lookup}__startswith": unit.path})


def _count(queryset: QuerySet[Any]) -> Subquery:
    """``COUNT(*)`` of a queryset as a scalar subquery, so that several counts share one query."""
    counted = queryset.order_by().annotate(n=Func(Value(1), function="COUNT", output_field=IntegerField()))
    return Subquery(counted.values("n")[:1])


def subtree_counts(user: Any, unit: Unit) -> dict[str, Any]:
    """Live counts for a unit's subtree: units by kind, people, party members, current posts.

    The scope check and the four counts go to the database as one query; counting rows rather
    than a column lets PostgreSQL count from the indexes alone (index-only scans)."""
    whole = _whole_tree(unit)
    today = timezone.localdate()
    members = Membership.objects.filter(_within(unit, "cell__path", whole_tree=whole))
    posts = Post.objects.filter(_within(unit, "unit__path", whole_tree=whole), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    counts = (
        scoped(Unit.objects.filter(pk=unit.pk), user, "reports.view")
        .values(
            count_people=_count(Person.objects.filter(_within(unit, "unit__path", whole_tree=whole))),
            count_members_probationary=_count(members.filter(status=MembershipStatus.PROBATIONARY)),
            count_members_full=_count(members.filter(status=MembershipStatus.FULL)),
            count_posts=_count(posts),
        )
        .first()
    )
    if counts is None:
        raise NotFound(_("Not found."))
    units_by_kind = dict(
        Unit.objects.filter(_within(unit, "path", whole_tree=whole), status=UnitStatus.ACTIVE)
        .values_list("kind")
        .annotate(n=Count("*"))
        .values_list("kind", "n")
    )
    return {
        "units_by_kind": units_by_kind,
        "units": sum(units_by_kind.values()),
        "people": counts["count_people"],
        "members_probationary": counts["count_members_probationary"],
        "members_full": counts["count_members_full"],
        "members": counts["count_members_probationary"] + counts["count_members_full"],
        "posts": counts["count_posts"],
    }


PROBATION_DAYS = 365  # a probationary member becomes a full member twelve months after admission


def probations_ending(user: Any, *, until: Any) -> QuerySet[Membership]:
    """Probationary memberships of the user's subtrees whose twelve months end by ``until``
    (past ends first): each waits for the cell's decision on full membership."""
    return (
        scoped(Membership.objects.filter(status=MembershipStatus.PROBATIONARY), user, "people.view")
        .filter(joined_on__lte=until - dt.timedelta(days=PROBATION_DAYS))
        .select_related("person")
        .only("joined_on", "person__full_name", "person_id")
        .order_by("joined_on", "id")
    )
