"""JSON API for units, people, party memberships, posts and follow assignments.

Thin doors: a schema in, a service or selector, a schema out. Scoping and permissions live in the
services and selectors; a record out of the caller's subtrees answers 404 like a missing one.
Citizen ID numbers never appear in list or detail output: only ``reveal-citizen-id`` returns one.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from neuguong.core.api import LIST_MAX_LENGTH, QUERY_MAX_LENGTH, Date, caller, paged, sized

from . import selectors, services
from .models import (
    Gender,
    ManagementLevel,
    Membership,
    MembershipStatus,
    Person,
    Post,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitKind,
    UnitStatus,
)
from .validators import CITIZEN_ID_MAX_LENGTH

router = Router()


def _unit_or_none(request: HttpRequest, unit_id: int | None):
    return selectors.unit_get(caller(request), unit_id) if unit_id is not None else None


# --- Schemas ---------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: UnitKind
    status: UnitStatus
    parent_id: int | None
    path: str
    depth: int
    merged_into_id: int | None
    ended_on: dt.date | None


class UnitChildOut(UnitOut):
    child_count: int = Field(description="Active sub-units of this unit")


class UnitChangeOut(Schema):
    id: int
    kind: UnitChangeKind
    effective_on: dt.date
    old_value: str
    new_value: str
    decision: str


class UnitCountsOut(Schema):
    units_by_kind: dict[str, int]
    units: int
    people: int
    members_probationary: int
    members_full: int
    members: int
    posts: int


class UnitIn(Schema):
    name: str = sized(Unit, "name")
    kind: UnitKind
    parent_id: int | None = None
    short_name: str = sized(Unit, "short_name", "")


class UnitPatch(Schema):
    name: str | None = sized(Unit, "name", None)
    kind: UnitKind | None = None
    short_name: str | None = sized(Unit, "short_name", None)
    effective_on: Date | None = Field(None, description="When a rename takes effect (default today)")
    decision: str = sized(UnitChange, "decision", "")


class UnitMoveIn(Schema):
    parent_id: int
    effective_on: Date | None = None
    decision: str = sized(UnitChange, "decision", "")


class UnitMergeIn(Schema):
    source_ids: list[int] = Field(description="Units merged into this one", max_length=LIST_MAX_LENGTH)
    effective_on: Date | None = None
    decision: str = sized(UnitChange, "decision", "")


class UnitEndIn(Schema):
    effective_on: Date | None = None
    decision: str = sized(UnitChange, "decision", "")


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    cell_id: int
    cell_name: str = Field(alias="cell.name")
    card_number: str
    joined_on: dt.date
    full_member_on: dt.date | None
    status: MembershipStatus
    ended_on: dt.date | None
    end_reason: str


class PostOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    title: str
    management_level: ManagementLevel
    is_standing_committee: bool
    started_on: dt.date
    ended_on: dt.date | None


class FollowOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.full_name")
    committee_id: int
    committee_name: str = Field(alias="committee.name")
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    started_on: dt.date
    ended_on: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    gender: Gender
    birth_date: dt.date | None
    phone: str
    email: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    residence_id: int | None
    has_citizen_id: bool = Field(description="Whether a citizen ID is on record (see reveal-citizen-id)")

    @staticmethod
    def resolve_has_citizen_id(obj) -> bool:
        return bool(obj.citizen_id_hash)


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]
    posts: list[PostOut]
    follow_assignments: list[FollowOut]


class PersonIn(Schema):
    full_name: str = sized(Person, "full_name")
    gender: Gender
    unit_id: int
    birth_date: Date | None = None
    citizen_id: str = Field("", max_length=CITIZEN_ID_MAX_LENGTH)
    phone: str = sized(Person, "phone", "")
    email: str = sized(Person, "email", "")
    residence_id: int | None = None


class PersonPatch(Schema):
    full_name: str | None = sized(Person, "full_name", None)
    gender: Gender | None = None
    unit_id: int | None = None
    birth_date: Date | None = None
    citizen_id: str | None = Field(None, description="Sent only to change it; an empty string removes it",
                                   max_length=CITIZEN_ID_MAX_LENGTH)
    phone: str | None = sized(Person, "phone", None)
    email: str | None = sized(Person, "email", None)
    residence_id: int | None = None


class CitizenIdOut(Schema):
    citizen_id: str


class MembershipIn(Schema):
    cell_id: int
    joined_on: Date
    full_member_on: Date | None = None
    card_number: str = sized(Membership, "card_number", "")


class MembershipPatch(Schema):
    cell_id: int | None = None
    joined_on: Date | None = None
    full_member_on: Date | None = None
    card_number: str | None = sized(Membership, "card_number", None)


class MembershipEndIn(Schema):
    ended_on: Date
    reason: str = sized(Membership, "end_reason")


class PostIn(Schema):
    unit_id: int
    title: str = sized(Post, "title")
    started_on: Date
    ended_on: Date | None = None
    management_level: ManagementLevel = ManagementLevel.NONE
    is_standing_committee: bool = False


class PostPatch(Schema):
    unit_id: int | None = None
    title: str | None = sized(Post, "title", None)
    started_on: Date | None = None
    ended_on: Date | None = None
    management_level: ManagementLevel | None = None
    is_standing_committee: bool | None = None


class FollowIn(Schema):
    unit_id: int
    started_on: Date


class FollowEndIn(Schema):
    ended_on: Date


# --- Units -----------------------------------------------------------------------------------


@router.get("/units", response=list[UnitOut], tags=["units"], summary="List units")
@paged
def list_units(
    request: HttpRequest,
    q: str = Query("", max_length=QUERY_MAX_LENGTH),
    kind: UnitKind | None = None,
    status: UnitStatus | Literal["all"] = UnitStatus.ACTIVE,
    under: int | None = None,
):
    return selectors.units_for(
        caller(request), q=q, kind=kind or "", status="" if status == "all" else status,
        under=_unit_or_none(request, under),
    )


@router.post("/units", response={201: UnitOut}, tags=["units"], summary="Create a unit")
def create_unit(request: HttpRequest, body: UnitIn):
    unit = services.unit_create(name=body.name, kind=body.kind, parent_id=body.parent_id,
                                short_name=body.short_name, acting_user=caller(request))
    return 201, unit


@router.get("/units/{unit_id}", response=UnitOut, tags=["units"], summary="Get a unit")
def get_unit(request: HttpRequest, unit_id: int):
    return selectors.unit_get(caller(request), unit_id)


@router.patch("/units/{unit_id}", response=UnitOut, tags=["units"], summary="Rename or change a unit")
def update_unit(request: HttpRequest, unit_id: int, body: UnitPatch):
    # Only the fields sent: the service applies them onto the row it locks, so a PATCH of
    # another field made at the same time is kept.
    changes = body.dict(exclude_unset=True, exclude={"effective_on", "decision"})
    return services.unit_update(unit_id=unit_id, acting_user=caller(request), changes=changes,
                                effective_on=body.effective_on, decision=body.decision)


@router.delete("/units/{unit_id}", response={204: None}, tags=["units"], summary="Delete a unit created by mistake")
def delete_unit(request: HttpRequest, unit_id: int):
    services.unit_delete(unit_id=unit_id, acting_user=caller(request))
    return 204, None


@router.post("/units/{unit_id}/move", response=UnitOut, tags=["units"], summary="Move a unit under another")
def move_unit(request: HttpRequest, unit_id: int, body: UnitMoveIn):
    return services.unit_move(unit_id=unit_id, new_parent_id=body.parent_id, effective_on=body.effective_on,
                              decision=body.decision, acting_user=caller(request))


@router.post("/units/{unit_id}/merge", response=UnitOut, tags=["units"], summary="Merge units into this one")
def merge_units(request: HttpRequest, unit_id: int, body: UnitMergeIn):
    return services.unit_merge(source_ids=body.source_ids, target_id=unit_id, effective_on=body.effective_on,
                               decision=body.decision, acting_user=caller(request))


@router.post("/units/{unit_id}/dissolve", response=UnitOut, tags=["units"], summary="Dissolve a unit")
def dissolve_unit(request: HttpRequest, unit_id: int, body: UnitEndIn):
    return services.unit_dissolve(unit_id=unit_id, effective_on=body.effective_on, decision=body.decision,
                                  acting_user=caller(request))


@router.get("/units/{unit_id}/children", response=list[UnitChildOut], tags=["units"], summary="List sub-units")
@paged
def list_children(request: HttpRequest, unit_id: int, include_ended: bool = False):
    unit = selectors.unit_get(caller(request), unit_id)
    return selectors.unit_children(caller(request), unit, include_ended=include_ended)


@router.get("/units/{unit_id}/history", response=list[UnitChangeOut], tags=["units"], summary="A unit's history")
@paged
def unit_history(request: HttpRequest, unit_id: int):
    return selectors.unit_history(caller(request), selectors.unit_get(caller(request), unit_id))


@router.get("/units/{unit_id}/counts", response=UnitCountsOut, tags=["units"], summary="Counts for a subtree")
def unit_counts(request: HttpRequest, unit_id: int):
    return selectors.subtree_counts(caller(request), selectors.unit_get(caller(request), unit_id))


@router.get("/units/{unit_id}/memberships", response=list[MembershipOut], tags=["memberships"],
            summary="Party memberships held in a unit's subtree")
@paged
def list_unit_memberships(request: HttpRequest, unit_id: int, status: MembershipStatus | None = None):
    unit = selectors.unit_get(caller(request), unit_id)
    return selectors.memberships_for(caller(request), unit=unit, status=status or "")


# --- People ----------------------------------------------------------------------------------


@router.get("/people", response=list[PersonOut], tags=["people"], summary="List people")
@paged
def list_people(
    request: HttpRequest,
    q: str = Query("", description="Part of a name (diacritics optional) or an exact citizen ID",
                   max_length=QUERY_MAX_LENGTH),
    unit: int | None = None,
    gender: Gender | None = None,
    membership: Literal["member", "probationary", "full", "none"] | None = None,
    management_level: ManagementLevel | None = None,
):
    return selectors.people_for(
        caller(request), q=q, unit=_unit_or_none(request, unit), gender=gender or "", membership=membership or "",
        management_level=management_level or "",
    )


@router.post("/people", response={201: PersonOut}, tags=["people"], summary="Create a person")
def create_person(request: HttpRequest, body: PersonIn):
    data = body.dict(exclude={"unit_id"})
    return 201, services.person_create(acting_user=caller(request), unit_id=body.unit_id, data=data)


@router.get("/people/{person_id}", response=PersonDetailOut, tags=["people"], summary="Get a person")
def get_person(request: HttpRequest, person_id: int):
    return selectors.person_get(caller(request), person_id)


@router.patch("/people/{person_id}", response=PersonDetailOut, tags=["people"], summary="Change a person")
def update_person(request: HttpRequest, person_id: int, body: PersonPatch):
    services.person_update(person_id=person_id, acting_user=caller(request), changes=body.dict(exclude_unset=True))
    return selectors.person_get(caller(request), person_id)


@router.delete("/people/{person_id}", response={204: None}, tags=["people"], summary="Delete a person")
def delete_person(request: HttpRequest, person_id: int):
    services.person_delete(person_id=person_id, acting_user=caller(request))
    return 204, None


@router.post("/people/{person_id}/reveal-citizen-id", response=CitizenIdOut, tags=["people"],
             summary="Reveal a person's citizen ID (audited; needs people.view_sensitive)")
def reveal_citizen_id(request: HttpRequest, person_id: int, response: HttpResponse):
    response["Cache-Control"] = "no-store"
    return {"citizen_id": services.reveal_citizen_id(person_id=person_id, acting_user=caller(request))}


# --- Memberships -----------------------------------------------------------------------------


@router.get("/people/{person_id}/memberships", response=list[MembershipOut], tags=["memberships"],
            summary="A person's party memberships")
@paged
def list_person_memberships(request: HttpRequest, person_id: int):
    return selectors.memberships_of(caller(request), selectors.person_get(caller(request), person_id))


@router.post("/people/{person_id}/memberships", response={201: MembershipOut}, tags=["memberships"],
             summary="Record a party membership")
def create_membership(request: HttpRequest, person_id: int, body: MembershipIn):
    return 201, services.membership_create(person_id=person_id, acting_user=caller(request), data=body.dict())


@router.get("/memberships/{membership_id}", response=MembershipOut, tags=["memberships"], summary="Get a membership")
def get_membership(request: HttpRequest, membership_id: int):
    return selectors.membership_get(caller(request), membership_id)


@router.patch("/memberships/{membership_id}", response=MembershipOut, tags=["memberships"],
              summary="Change a membership")
def update_membership(request: HttpRequest, membership_id: int, body: MembershipPatch):
    return services.membership_update(membership_id=membership_id, acting_user=caller(request),
                                      changes=body.dict(exclude_unset=True))


@router.post("/memberships/{membership_id}/end", response=MembershipOut, tags=["memberships"],
             summary="End a membership")
def end_membership(request: HttpRequest, membership_id: int, body: MembershipEndIn):
    return services.membership_end(membership_id=membership_id, ended_on=body.ended_on, reason=body.reason,
                                   acting_user=caller(request))


# --- Posts -----------------------------------------------------------------------------------


@router.get("/posts", response=list[PostOut], tags=["posts"], summary="List posts")
@paged
def list_posts(request: HttpRequest, unit: int | None = None, current: bool | None = None):
    return selectors.posts_for(caller(request), unit=_unit_or_none(request, unit), current=current)


@router.post("/people/{person_id}/posts", response={201: PostOut}, tags=["posts"], summary="Record a post")
def create_post(request: HttpRequest, person_id: int, body: PostIn):
    return 201, services.post_create(person_id=person_id, acting_user=caller(request), data=body.dict())


@router.get("/posts/{post_id}", response=PostOut, tags=["posts"], summary="Get a post")
def get_post(request: HttpRequest, post_id: int):
    return selectors.post_get(caller(request), post_id)


@router.patch("/posts/{post_id}", response=PostOut, tags=["posts"], summary="Change a post")
def update_post(request: HttpRequest, post_id: int, body: PostPatch):
    return services.post_update(post_id=post_id, acting_user=caller(request), changes=body.dict(exclude_unset=True))


@router.delete("/posts/{post_id}", response={204: None}, tags=["posts"], summary="Delete a post")
def delete_post(request: HttpRequest, post_id: int):
    services.post_delete(post_id=post_id, acting_user=caller(request))
    return 204, None


# --- Follow assignments ----------------------------------------------------------------------


@router.get("/follow-assignments", response=list[FollowOut], tags=["follow assignments"],
            summary="List current follow assignments")
@paged
def list_follow_assignments(request: HttpRequest, unit: int | None = None):
    return selectors.follow_assignments_for(caller(request), unit=_unit_or_none(request, unit))


@router.post("/people/{person_id}/follow-assignments", response={201: FollowOut}, tags=["follow assignments"],
             summary="Assign a Standing Committee member to follow a unit")
def create_follow_assignment(request: HttpRequest, person_id: int, body: FollowIn):
    return 201, services.follow_assign(person_id=person_id, unit_id=body.unit_id, started_on=body.started_on,
                                       acting_user=caller(request))


@router.get("/follow-assignments/{assignment_id}", response=FollowOut, tags=["follow assignments"],
            summary="Get a follow assignment")
def get_follow_assignment(request: HttpRequest, assignment_id: int):
    return selectors.follow_assignment_get(caller(request), assignment_id)


@router.post("/follow-assignments/{assignment_id}/end", response=FollowOut, tags=["follow assignments"],
             summary="End a follow assignment")
def end_follow_assignment(request: HttpRequest, assignment_id: int, body: FollowEndIn):
    return services.follow_end(assignment_id=assignment_id, ended_on=body.ended_on, acting_user=caller(request))
