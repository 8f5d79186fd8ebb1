"""Writes on people, party memberships, posts and follow assignments."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import access
from neuguong.audit import services as audit
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.text import name_sort_key, normalize_spaces, search_key, split_full_name

from ..models import (
    PARTY_KINDS,
    FollowAssignment,
    Gender,
    ManagementLevel,
    Membership,
    MembershipStatus,
    Person,
    Post,
    Unit,
    UnitStatus,
)
from ..validators import citizen_id_error, normalize_phone, phone_error
from .changes import changed_only, ensure_known

PERSON_FIELDS = ["full_name", "gender", "birth_date", "phone", "email", "unit", "residence", "photo"]
MEMBERSHIP_FIELDS = ["person", "cell", "card_number", "joined_on", "full_member_on", "status", "ended_on", "end_reason"]
POST_FIELDS = ["person", "unit", "title", "management_level", "is_standing_committee", "started_on", "ended_on"]
# What the callers of the update services may change, and the columns each change writes.
PERSON_CHANGES = {
    "full_name": ["full_name", "family_name", "given_name", "search_name", "sort_key"], "gender": ["gender"],
    "birth_date": ["birth_date"], "phone": ["phone"], "email": ["email"], "unit_id": ["unit"],
    "residence_id": ["residence"], "citizen_id": ["citizen_id_encrypted", "citizen_id_hash"],
}
MEMBERSHIP_CHANGES = {"cell_id": ["cell"], "card_number": ["card_number"], "joined_on": ["joined_on"],
                      "full_member_on": ["full_member_on"]}
POST_CHANGES = {"unit_id": ["unit"], "title": ["title"], "management_level": ["management_level"],
                "is_standing_committee": ["is_standing_committee"], "started_on": ["started_on"],
                "ended_on": ["ended_on"]}
PHOTO_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


def _fail(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [message]})


def _locked_unit(acting_user: Any, unit_id: int | None, field: str) -> Unit:
    """A unit something is attached to, locked until the transaction ends. A dissolution or a
    merger locks it too, so it either waits for the attachment and sees it, or is waited for.
    Locked before the record attached to it, in the order a merger locks them."""
    if unit_id is None:
        raise _fail(field, _("This field is required."))
    return access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="people.manage", lock=True)


def _ensure_active(unit: Unit, field: str) -> None:
    if unit.status != UnitStatus.ACTIVE:
        raise _fail(field, _("%(unit)s is no longer active.") % {"unit": unit.name})


def _active_unit(acting_user: Any, unit_id: int | None, field: str) -> Unit:
    unit = _locked_unit(acting_user, unit_id, field)
    _ensure_active(unit, field)
    return unit


def _columns(changes: dict[str, Any], columns: dict[str, list[str]]) -> list[str]:
    return [column for name in changes for column in columns[name]]


def _residence(acting_user: Any, residence_id: int | None) -> Unit | None:
    """A place of residence may lie outside the user's subtree, so it is only looked up."""
    if residence_id is None:
        return None
    unit = Unit.objects.filter(pk=residence_id, status=UnitStatus.ACTIVE).first()
    if unit is None:
        raise _fail("residence", _("Choose an active unit."))
    return unit


def _check_photo(photo: UploadedFile | None) -> None:
    if photo is None:
        return
    if photo.size and photo.size > settings.PHOTO_MAX_BYTES:
        raise _fail("photo", _("The photo is larger than 2 MB."))
    head = photo.read(8)
    photo.seek(0)
    if not any(head.startswith(magic) for magic in PHOTO_TYPES):
        raise _fail("photo", _("The photo must be a JPEG or PNG image."))


def _apply_person_fields(person: Person, changes: dict[str, Any]) -> None:
    """Set the given fields, then check the whole record."""
    if "full_name" in changes:
        full_name = normalize_spaces(changes["full_name"] or "")
        person.full_name = full_name
        person.family_name, person.given_name = (part[:40] for part in split_full_name(full_name))
        person.search_name = search_key(full_name)
        person.sort_key = name_sort_key(full_name)
    if "gender" in changes:
        person.gender = changes["gender"] or ""
    if "birth_date" in changes:
        person.birth_date = changes["birth_date"]
    if "phone" in changes:
        person.phone = normalize_phone(changes["phone"] or "")
    if "email" in changes:
        person.email = (changes["email"] or "").strip()
    if not person.full_name:
        raise _fail("full_name", _("Enter the person's full name."))
    if person.gender not in Gender.values:
        raise _fail("gender", _("Choose a gender."))
    if person.birth_date and person.birth_date > dt.date.today():
        raise _fail("birth_date", _("The birth date cannot be in the future."))
    if error := phone_error(person.phone):
        raise _fail("phone", error)


def _apply_citizen_id(person: Person, citizen_id: str | None) -> None:
    if citizen_id is None:
        return
    citizen_id = citizen_id.strip()
    if error := citizen_id_error(citizen_id):
        raise _fail("citizen_id", error)
    person.citizen_id_encrypted = crypto.encrypt(citizen_id)
    person.citizen_id_hash = crypto.keyed_hash(citizen_id)


def _save_person(person: Person, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            person.save(update_fields=update_fields)
    except IntegrityError as exc:
        if "citizen" in str(exc).lower():
            raise _fail("citizen_id", _("Another person already has this citizen ID.")) from exc
        raise


@transaction.atomic
def person_create(*, acting_user: Any, unit_id: int, data: dict[str, Any], photo: UploadedFile | None = None) -> Person:
    """``data``: full_name, gender, birth_date, citizen_id, phone, email, residence_id."""
    person = Person(unit=_active_unit(acting_user, unit_id, "unit"))
    _apply_person_fields(person, data)
    _apply_citizen_id(person, data.get("citizen_id") or "")
    person.residence = _residence(acting_user, data.get("residence_id"))
    _check_photo(photo)
    if photo is not None:
        person.photo = photo
    _save_person(person)
    after = audit.snapshot(person, PERSON_FIELDS)
    after["citizen_id"] = "set" if person.citizen_id_hash else ""
    audit.record(acting_user, "person.created", person, after=after)
    return person


@transaction.atomic
def person_update(
    *, person_id: int, acting_user: Any, changes: dict[str, Any], photo: UploadedFile | None = None
) -> Person:
    """Change the given fields of a person (the keys of ``PERSON_CHANGES``); the others keep their
    current values. A ``citizen_id`` of None leaves it unchanged; ``unit_id`` moves the record."""
    ensure_known(changes, PERSON_CHANGES)
    new_unit = _locked_unit(acting_user, changes["unit_id"], "unit") if "unit_id" in changes else None
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage", lock=True)
    before = audit.snapshot(person, PERSON_FIELDS)
    old_hash = person.citizen_id_hash
    if new_unit is not None and new_unit.pk != person.unit_id:
        _ensure_active(new_unit, "unit")
        person.unit = new_unit
    _apply_person_fields(person, changes)
    _apply_citizen_id(person, changes.get("citizen_id"))
    if "residence_id" in changes:
        person.residence = _residence(acting_user, changes["residence_id"])
    _check_photo(photo)
    update_fields = [*_columns(changes, PERSON_CHANGES), "updated_at"]
    if photo is not None:
        person.photo = photo
        update_fields.append("photo")
    _save_person(person, update_fields)
    before, after = changed_only(before, audit.snapshot(person, PERSON_FIELDS))
    if person.citizen_id_hash != old_hash:
        before["citizen_id"], after["citizen_id"] = "old", "changed"
    audit.record(acting_user, "person.updated", person, before=before, after=after)
    return person


@transaction.atomic
def person_delete(*, person_id: int, acting_user: Any) -> None:
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage", lock=True)
    reasons = []
    if person.memberships.exists():
        reasons.append(_("party membership records"))
    if person.posts.exists():
        reasons.append(_("posts"))
    if person.follow_assignments.exists():
        reasons.append(_("follow assignments"))
    if hasattr(person, "user"):
        reasons.append(_("a user account"))
    if reasons:
        raise ServiceError(
            "person_has_records",
            _("%(person)s cannot be deleted: the person has %(records)s.")
            % {"person": person.full_name, "records": ", ".join(reasons)},
        )
    audit.record(acting_user, "person.deleted", person, before=audit.snapshot(person, PERSON_FIELDS))
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError as exc:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ServiceError(
            "person_has_records",
            _("%(person)s cannot be deleted: other records refer to the person (%(records)s).")
            % {"person": person.full_name, "records": ", ".join(names)},
        ) from exc


def reveal_citizen_id(*, person_id: int, acting_user: Any) -> str:
    """Decrypt a citizen ID for a user allowed to see it; every reveal is audited."""
    with transaction.atomic():
        person = access(
            Person.objects.all(), acting_user, person_id, view="people.view", action="people.view_sensitive"
        )
        audit.record(acting_user, "person.citizen_id_viewed", person)
    return crypto.decrypt(person.citizen_id_encrypted)


def _ensure_party_kind(cell: Unit) -> None:
    if cell.kind not in PARTY_KINDS:
        message = _("Party membership is held in a party organisation, not in %(unit)s.") % {"unit": cell.name}
        raise _fail("cell", message)


def _party_cell(acting_user: Any, cell_id: int | None) -> Unit:
    cell = _active_unit(acting_user, cell_id, "cell")
    _ensure_party_kind(cell)
    return cell


def _apply_membership_fields(membership: Membership, changes: dict[str, Any]) -> None:
    """Set the given fields, check the dates, and derive the status from them."""
    if "joined_on" in changes:
        membership.joined_on = changes["joined_on"]
    if "full_member_on" in changes:
        membership.full_member_on = changes["full_member_on"]
    if "card_number" in changes:
        membership.card_number = (changes["card_number"] or "").strip()
    if not membership.joined_on:
        raise _fail("joined_on", _("Enter the date the person joined the Party."))
    if membership.full_member_on and membership.full_member_on < membership.joined_on:
        raise _fail("full_member_on", _("A member is made full member after joining."))
    membership.status = MembershipStatus.FULL if membership.full_member_on else MembershipStatus.PROBATIONARY


def _save_membership(membership: Membership, update_fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            membership.save(update_fields=update_fields)
    except IntegrityError as exc:
        text = str(exc).lower()
        if "card" in text:
            raise _fail("card_number", _("Another member already has this card number.")) from exc
        if "one_active" in text or "person" in text:
            raise _fail("person", _("This person already has an active party membership.")) from exc
        raise


@transaction.atomic
def membership_create(*, person_id: int, acting_user: Any, data: dict[str, Any]) -> Membership:
    """``data``: cell_id, card_number, joined_on, full_member_on."""
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage")
    membership = Membership(person=person, cell=_party_cell(acting_user, data.get("cell_id")))
    _apply_membership_fields(membership, data)
    _save_membership(membership)
    audit.record(acting_user, "membership.created", membership, after=audit.snapshot(membership, MEMBERSHIP_FIELDS))
    return membership


@transaction.atomic
def membership_update(*, membership_id: int, acting_user: Any, changes: dict[str, Any]) -> Membership:
    """Change the given fields of a membership (the keys of ``MEMBERSHIP_CHANGES``)."""
    ensure_known(changes, MEMBERSHIP_CHANGES)
    new_cell = _locked_unit(acting_user, changes["cell_id"], "cell") if "cell_id" in changes else None
    membership = access(
        Membership.objects.all(), acting_user, membership_id, view="people.view", action="people.manage", lock=True
    )
    if membership.status == MembershipStatus.ENDED:
        raise ServiceError("membership_ended", _("This membership has ended and can no longer be changed."))
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    if new_cell is not None and new_cell.pk != membership.cell_id:
        _ensure_active(new_cell, "cell")
        _ensure_party_kind(new_cell)
        membership.cell = new_cell
    _apply_membership_fields(membership, changes)
    _save_membership(membership, [*_columns(changes, MEMBERSHIP_CHANGES), "status"])
    before, after = changed_only(before, audit.snapshot(membership, MEMBERSHIP_FIELDS))
    audit.record(acting_user, "membership.updated", membership, before=before, after=after)
    return membership


@transaction.atomic
def membership_end(*, membership_id: int, acting_user: Any, ended_on: dt.date, reason: str) -> Membership:
    membership = access(
        Membership.objects.all(), acting_user, membership_id, view="people.view", action="people.manage", lock=True
    )
    if membership.status == MembershipStatus.ENDED:
        raise ServiceError("membership_ended", _("This membership has already ended."))
    if not reason.strip():
        raise _fail("reason", _("Give the reason the membership ends."))
    if ended_on < membership.joined_on:
        raise _fail("ended_on", _("A membership cannot end before it began."))
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    membership.status, membership.ended_on, membership.end_reason = MembershipStatus.ENDED, ended_on, reason.strip()
    membership.save(update_fields=["status", "ended_on", "end_reason"])
    audit.record(acting_user, "membership.ended", membership, before=before,
                 after=audit.snapshot(membership, MEMBERSHIP_FIELDS))
    return membership


def _apply_post_fields(post: Post, changes: dict[str, Any]) -> None:
    """Set the given fields, then check the whole record."""
    if "title" in changes:
        post.title = normalize_spaces(changes["title"] or "")
    if "started_on" in changes:
        post.started_on = changes["started_on"]
    if "ended_on" in changes:
        post.ended_on = changes["ended_on"]
    if "management_level" in changes:
        post.management_level = changes["management_level"] or ManagementLevel.NONE
    if "is_standing_committee" in changes:
        post.is_standing_committee = bool(changes["is_standing_committee"])
    if not post.title:
        raise _fail("title", _("Enter the post's title."))
    if not post.started_on:
        raise _fail("started_on", _("Enter the date the post began."))
    if post.ended_on and post.ended_on < post.started_on:
        raise _fail("ended_on", _("A post cannot end before it began."))
    if post.management_level not in ManagementLevel.values:
        raise _fail("management_level", _("Choose a valid management level."))


@transaction.atomic
def post_create(*, person_id: int, acting_user: Any, data: dict[str, Any]) -> Post:
    """``data``: unit_id, title, management_level, is_standing_committee, started_on, ended_on."""
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage")
    post = Post(person=person, unit=_active_unit(acting_user, data.get("unit_id"), "unit"))
    _apply_post_fields(post, data)
    post.save()
    audit.record(acting_user, "post.created", post, after=audit.snapshot(post, POST_FIELDS))
    return post


@transaction.atomic
def post_update(*, post_id: int, acting_user: Any, changes: dict[str, Any]) -> Post:
    """Change the given fields of a post (the keys of ``POST_CHANGES``)."""
    ensure_known(changes, POST_CHANGES)
    new_unit = _locked_unit(acting_user, changes["unit_id"], "unit") if "unit_id" in changes else None
    post = access(Post.objects.all(), acting_user, post_id, view="people.view", action="people.manage", lock=True)
    before = audit.snapshot(post, POST_FIELDS)
    if new_unit is not None and new_unit.pk != post.unit_id:
        _ensure_active(new_unit, "unit")
        post.unit = new_unit
    _apply_post_fields(post, changes)
    post.save(update_fields=_columns(changes, POST_CHANGES))
    before, after = changed_only(before, audit.snapshot(post, POST_FIELDS))
    audit.record(acting_user, "post.updated", post, before=before, after=after)
    return post


@transaction.atomic
def post_delete(*, post_id: int, acting_user: Any) -> None:
    post = access(Post.objects.all(), acting_user, post_id, view="people.view", action="people.manage", lock=True)
    audit.record(acting_user, "post.deleted", post, before=audit.snapshot(post, POST_FIELDS))
    post.delete()


@transaction.atomic
def follow_assign(
    *, person_id: int, unit_id: int, acting_user: Any, started_on: dt.date
) -> FollowAssignment:
    """Assign a Standing Committee member to follow a subordinate unit of their committee."""
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage")
    unit = _active_unit(acting_user, unit_id, "unit")
    committee_post = (
        person.posts.filter(is_standing_committee=True, ended_on__isnull=True)
        .select_related("unit").order_by("unit__depth").first()
    )
    if committee_post is None:
        raise _fail("person", _("Only a current Standing Committee member can be assigned to follow a unit."))
    committee = committee_post.unit
    if unit.pk == committee.pk or not unit.path.startswith(committee.path):
        raise _fail("unit", _("The followed unit must be below %(unit)s.") % {"unit": committee.name})
    try:
        with transaction.atomic():
            assignment = FollowAssignment.objects.create(
                person=person, committee=committee, unit=unit, started_on=started_on
            )
    except IntegrityError as exc:
        raise _fail("unit", _("This person already follows this unit.")) from exc
    audit.record(acting_user, "follow.assigned", assignment,
                 after={"person": person.pk, "unit": unit.pk, "committee": committee.pk, "started_on": started_on})
    return assignment


@transaction.atomic
def follow_end(*, assignment_id: int, acting_user: Any, ended_on: dt.date) -> FollowAssignment:
    assignment = access(
        FollowAssignment.objects.all(), acting_user, assignment_id, view="people.view", action="people.manage",
        lock=True,
    )
    if assignment.ended_on is not None:
        raise ServiceError("already_ended", _("This assignment has already ended."))
    if ended_on < assignment.started_on:
        raise _fail("ended_on", _("An assignment cannot end before it began."))
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    audit.record(acting_user, "follow.ended", assignment, after={"ended_on": ended_on})
    return assignment

