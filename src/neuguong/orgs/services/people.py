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

PERSON_FIELDS = ["full_name", "gender", "birth_date", "phone", "email", "unit", "residence", "photo"]
MEMBERSHIP_FIELDS = ["person", "cell", "card_number", "joined_on", "full_member_on", "status", "ended_on", "end_reason"]
POST_FIELDS = ["person", "unit", "title", "management_level", "is_standing_committee", "started_on", "ended_on"]
PHOTO_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


def _fail(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [message]})


def _active_unit(acting_user: Any, unit_id: int | None, field: str, *, permission: str = "people.manage") -> Unit:
    if unit_id is None:
        raise _fail(field, _("This field is required."))
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action=permission)
    if unit.status != UnitStatus.ACTIVE:
        raise _fail(field, _("%(unit)s is no longer active.") % {"unit": unit.name})
    return unit


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


def _apply_person_fields(person: Person, data: dict[str, Any]) -> None:
    full_name = normalize_spaces(data.get("full_name") or "")
    if not full_name:
        raise _fail("full_name", _("Enter the person's full name."))
    if data.get("gender") not in Gender.values:
        raise _fail("gender", _("Choose a gender."))
    birth_date = data.get("birth_date")
    if birth_date and birth_date > dt.date.today():
        raise _fail("birth_date", _("The birth date cannot be in the future."))
    phone = normalize_phone(data.get("phone") or "")
    if error := phone_error(phone):
        raise _fail("phone", error)
    person.full_name = full_name
    person.family_name, person.given_name = (part[:40] for part in split_full_name(full_name))
    person.search_name = search_key(full_name)
    person.sort_key = name_sort_key(full_name)
    person.gender = data["gender"]
    person.birth_date = birth_date
    person.phone = phone
    person.email = (data.get("email") or "").strip()


def _apply_citizen_id(person: Person, citizen_id: str | None) -> None:
    if citizen_id is None:
        return
    citizen_id = citizen_id.strip()
    if error := citizen_id_error(citizen_id):
        raise _fail("citizen_id", error)
    person.citizen_id_encrypted = crypto.encrypt(citizen_id)
    person.citizen_id_hash = crypto.keyed_hash(citizen_id)


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
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
    *, person_id: int, acting_user: Any, data: dict[str, Any], photo: UploadedFile | None = None
) -> Person:
    """Update a person. A ``citizen_id`` of None leaves it unchanged; ``unit_id`` moves the record."""
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="people.manage", lock=True)
    before = audit.snapshot(person, PERSON_FIELDS)
    old_hash = person.citizen_id_hash
    if data.get("unit_id") and data["unit_id"] != person.unit_id:
        person.unit = _active_unit(acting_user, data["unit_id"], "unit")
    _apply_person_fields(person, data)
    _apply_citizen_id(person, data.get("citizen_id"))
    if "residence_id" in data:
        person.residence = _residence(acting_user, data.get("residence_id"))
    _check_photo(photo)
    if photo is not None:
        person.photo = photo
    _save_person(person)
    after = audit.snapshot(person, PERSON_FIELDS)
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


def _party_cell(acting_user: Any, cell_id: int | None) -> Unit:
    cell = _active_unit(acting_user, cell_id, "cell")
    if cell.kind not in PARTY_KINDS:
        message = _("Party membership is held in a party organisation, not in %(unit)s.") % {"unit": cell.name}
        raise _fail("cell", message)
    return cell


def _apply_membership_fields(membership: Membership, data: dict[str, Any]) -> None:
    joined_on = data.get("joined_on")
    if not joined_on:
        raise _fail("joined_on", _("Enter the date the person joined the Party."))
    full_member_on = data.get("full_member_on")
    if full_member_on and full_member_on < joined_on:
        raise _fail("full_member_on", _("A member is made full member after joining."))
    status = MembershipStatus.FULL if full_member_on else MembershipStatus.PROBATIONARY
    membership.joined_on = joined_on
    membership.full_member_on = full_member_on
    membership.status = status
    membership.card_number = (data.get("card_number") or "").strip()


def _save_membership(membership: Membership) -> None:
    try:
        with transaction.atomic():
            membership.save()
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
def membership_update(*, membership_id: int, acting_user: Any, data: dict[str, Any]) -> Membership:
    membership = access(
        Membership.objects.all(), acting_user, membership_id, view="people.view", action="people.manage", lock=True
    )
    if membership.status == MembershipStatus.ENDED:
        raise ServiceError("membership_ended", _("This membership has ended and can no longer be changed."))
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    if data.get("cell_id") and data["cell_id"] != membership.cell_id:
        membership.cell = _party_cell(acting_user, data["cell_id"])
    _apply_membership_fields(membership, data)
    _save_membership(membership)
    audit.record(acting_user, "membership.updated", membership, before=before,
                 after=audit.snapshot(membership, MEMBERSHIP_FIELDS))
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


def _apply_post_fields(post: Post, data: dict[str, Any]) -> None:
    title = normalize_spaces(data.get("title") or "")
    if not title:
        raise _fail("title", _("Enter the post's title."))
    started_on, ended_on = data.get("started_on"), data.get("ended_on")
    if not started_on:
        raise _fail("started_on", _("Enter the date the post began."))
    if ended_on and ended_on < started_on:
        raise _fail("ended_on", _("A post cannot end before it began."))
    level = data.get("management_level") or ManagementLevel.NONE
    if level not in ManagementLevel.values:
        raise _fail("management_level", _("Choose a valid management level."))
    post.title, post.started_on, post.ended_on = title, started_on, ended_on
    post.management_level = level
    post.is_standing_committee = bool(data.get("is_standing_committee"))


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
def post_update(*, post_id: int, acting_user: Any, data: dict[str, Any]) -> Post:
    post = access(Post.objects.all(), acting_user, post_id, view="people.view", action="people.manage", lock=True)
    before = audit.snapshot(post, POST_FIELDS)
    if data.get("unit_id") and data["unit_id"] != post.unit_id:
        post.unit = _active_unit(acting_user, data["unit_id"], "unit")
    _apply_post_fields(post, data)
    post.save()
    audit.record(acting_user, "post.updated", post, before=before, after=audit.snapshot(post, POST_FIELDS))
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

