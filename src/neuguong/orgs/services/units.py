"""Writes on the unit tree: create, edit, move, merge, dissolve, delete."""

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F, ProtectedError, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import access, ensure_permission_on
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces, search_key

from ..models import Membership, Person, Post, Unit, UnitChange, UnitChangeKind, UnitKind, UnitStatus
from .changes import changed_only, ensure_known

UNIT_FIELDS = ["name", "short_name", "kind", "parent", "path", "status", "merged_into", "ended_on"]
UNIT_CHANGES = ("name", "kind", "short_name")


def _clean_name(name: str) -> str:
    name = normalize_spaces(name or "")
    if not name:
        message = _("Enter the unit's name.")
        raise ServiceError("invalid", message, field_errors={"name": [message]})
    return name


def _clean_kind(kind: str) -> str:
    if kind not in UnitKind.values:
        raise ServiceError("invalid", _("Choose a valid kind."), field_errors={"kind": [_("Choose a valid kind.")]})
    return kind


def _ensure_active(unit: Unit) -> None:
    if unit.status != UnitStatus.ACTIVE:
        raise ServiceError("unit_inactive", _("%(unit)s is no longer active.") % {"unit": unit.name})


@transaction.atomic
def unit_create(*, name: str, kind: str, parent_id: int | None, acting_user: Any, short_name: str = "") -> Unit:
    name, kind = _clean_name(name), _clean_kind(kind)
    parent = None
    if parent_id is not None:
        # Locked, like every unit something is attached to: a dissolution waits, or is waited for.
        parent = access(Unit.objects.all(), acting_user, parent_id, view="units.view", action="units.manage",
                        lock=True)
        _ensure_active(parent)
    elif not getattr(acting_user, "is_system", False):
        ensure_permission_on(acting_user, "units.manage", unit=Unit(path="/"))
    unit = Unit.objects.create(
        name=name,
        short_name=normalize_spaces(short_name or ""),
        kind=kind,
        parent=parent,
        path=f"/new-{uuid.uuid4().hex}/",
        depth=(parent.depth + 1) if parent else 0,
        search_name=search_key(name),
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    UnitChange.objects.create(unit=unit, kind=UnitChangeKind.CREATED, effective_on=timezone.localdate(), new_value=name)
    audit.record(acting_user, "unit.created", unit, after=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(
    *, unit_id: int, acting_user: Any, changes: dict[str, Any], effective_on: dt.date | None = None,
    decision: str = "",
) -> Unit:
    """Change the given fields (``name``, ``kind``, ``short_name``) of the locked unit; the others
    keep their current values, whatever the caller last read."""
    ensure_known(changes, UNIT_CHANGES)
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="units.manage", lock=True)
    values = {}
    if "name" in changes:
        values["name"] = _clean_name(changes["name"])
    if "kind" in changes:
        values["kind"] = _clean_kind(changes["kind"])
    if "short_name" in changes:
        values["short_name"] = normalize_spaces(changes["short_name"] or "")
    before = audit.snapshot(unit, UNIT_FIELDS)
    if "name" in values and values["name"] != unit.name:
        UnitChange.objects.create(
            unit=unit, kind=UnitChangeKind.RENAMED, effective_on=effective_on or timezone.localdate(),
            old_value=unit.name, new_value=values["name"], decision=decision,
        )
    for name, value in values.items():
        setattr(unit, name, value)
    if "name" in values:
        unit.search_name = search_key(unit.name)
        values["search_name"] = unit.search_name
    if values:
        unit.save(update_fields=list(values))
    before, after = changed_only(before, audit.snapshot(unit, UNIT_FIELDS))
    audit.record(acting_user, "unit.updated", unit, before=before, after=after)
    return unit


def _move_subtree(unit: Unit, new_parent: Unit) -> None:
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    delta = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + delta
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)


@transaction.atomic
def unit_move(
    *, unit_id: int, new_parent_id: int, acting_user: Any, effective_on: dt.date | None = None, decision: str = ""
) -> Unit:
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="units.manage", lock=True)
    new_parent = access(Unit.objects.all(), acting_user, new_parent_id, view="units.view", action="units.manage",
                        lock=True)
    _ensure_active(new_parent)
    if new_parent.path.startswith(unit.path):
        raise ServiceError(
            "move_into_own_subtree",
            _("A unit cannot be moved under itself or one of its own sub-units."),
            field_errors={"parent": [_("Choose a unit outside this unit's subtree.")]},
        )
    if unit.parent_id is None:
        raise ServiceError("move_root", _("The top unit of the tree cannot be moved."))
    before = audit.snapshot(unit, UNIT_FIELDS)
    old_parent_name = unit.parent.name if unit.parent else ""
    _move_subtree(unit, new_parent)
    UnitChange.objects.create(
        unit=unit, kind=UnitChangeKind.MOVED, effective_on=effective_on or timezone.localdate(),
        old_value=old_parent_name, new_value=new_parent.name, decision=decision,
    )
    unit.refresh_from_db()
    audit.record(acting_user, "unit.moved", unit, before=before, after=audit.snapshot(unit, UNIT_FIELDS))
    return unit


def _lock_moved_rows(source: Unit) -> None:
    """Lock the rows a merger moves before its first audit event takes the audit chain's head: a
    writer holding one of them (adding a person to a sub-unit, say) wants the head next, and
    would deadlock with a merger holding the head and waiting for that row."""
    for rows in (Unit.objects.filter(path__startswith=source.path), Person.objects.filter(unit=source),
                 Membership.objects.filter(cell=source).exclude(status="ended")):
        list(rows.select_for_update(no_key=True).values_list("pk", flat=True))


@transaction.atomic
def unit_merge(
    *, source_ids: list[int], target_id: int, acting_user: Any, effective_on: dt.date | None = None,
    decision: str = "",
) -> Unit:
    """Merge units into a target: their sub-units, people and members move to the target; the
    merged units stay in the tree, marked merged, so their history and records remain."""
    from neuguong.accounts import services as account_services

    target = access(Unit.objects.all(), acting_user, target_id, view="units.view", action="units.manage", lock=True)
    _ensure_active(target)
    if not source_ids:
        raise ServiceError("invalid", _("Choose at least one unit to merge."),
                           field_errors={"sources": [_("This field is required.")]})
    effective_on = effective_on or timezone.localdate()
    sources = [
        access(Unit.objects.all(), acting_user, pk, view="units.view", action="units.manage", lock=True)
        for pk in dict.fromkeys(source_ids)
    ]
    for source in sources:
        _ensure_active(source)
        if target.path.startswith(source.path):
            raise ServiceError(
                "merge_into_own_subtree",
                _("%(unit)s cannot be merged into itself or one of its own sub-units.") % {"unit": source.name},
            )
    for source in sources:
        _lock_moved_rows(source)
    for source in sources:
        before = audit.snapshot(source, UNIT_FIELDS)
        for child in list(source.children.filter(status=UnitStatus.ACTIVE)):
            _move_subtree(child, target)
        moved_people = Person.objects.filter(unit=source).update(unit=target)
        moved_members = Membership.objects.filter(cell=source).exclude(status="ended").update(cell=target)
        account_services.grants_revoke_on_unit(unit=source, acting_user=acting_user)
        Unit.objects.filter(pk=source.pk).update(
            status=UnitStatus.MERGED, merged_into=target, ended_on=effective_on
        )
        UnitChange.objects.create(
            unit=source, kind=UnitChangeKind.MERGED, effective_on=effective_on,
            old_value=source.name, new_value=target.name, decision=decision,
        )
        source.refresh_from_db()
        audit.record(
            acting_user, "unit.merged", source, before=before,
            after={**audit.snapshot(source, UNIT_FIELDS), "people_moved": moved_people, "members_moved": moved_members},
            note=decision,
        )
    UnitChange.objects.create(
        unit=target, kind=UnitChangeKind.MERGED, effective_on=effective_on,
        old_value=", ".join(s.name for s in sources)[:255], new_value=target.name, decision=decision,
    )
    return target


def _blocking_records(unit: Unit) -> list[str]:
    reasons = []
    checks = [
        (unit.children.exists(), _("it has sub-units")),
        (Person.objects.filter(unit=unit).exists(), _("people are managed by it")),
        (Person.objects.filter(residence=unit).exists(), _("people live in it")),
        (Membership.objects.filter(cell=unit).exists(), _("party memberships are held in it")),
        (unit.posts.exists(), _("posts are held in it")),
    ]
    for blocked, reason in checks:
        if blocked:
            reasons.append(reason)
    return reasons


@transaction.atomic
def unit_dissolve(*, unit_id: int, acting_user: Any, effective_on: dt.date | None = None, decision: str = "") -> Unit:
    """Dissolve an empty unit. Whatever attaches a sub-unit, person, membership, post or petition
    to a unit locks the unit's row first, as this does: so the checks below see every attachment
    committed before, and every later one waits and then finds the unit dissolved."""
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="units.manage", lock=True)
    _ensure_active(unit)
    if unit.parent_id is None:
        raise ServiceError("dissolve_root", _("The top unit of the tree cannot be dissolved."))
    active_reasons = []
    if unit.children.filter(status=UnitStatus.ACTIVE).exists():
        active_reasons.append(_("it has active sub-units"))
    if Person.objects.filter(unit=unit).exists():
        active_reasons.append(_("people are managed by it"))
    if Membership.objects.filter(cell=unit).exclude(status="ended").exists():
        active_reasons.append(_("party members are still in it"))
    if Post.objects.filter(unit=unit, ended_on__isnull=True).exists():
        active_reasons.append(_("current posts are held in it"))
    if active_reasons:
        raise ServiceError(
            "unit_not_empty",
            _("%(unit)s cannot be dissolved: %(reasons)s.") % {"unit": unit.name, "reasons": "; ".join(active_reasons)},
        )
    before = audit.snapshot(unit, UNIT_FIELDS)
    effective_on = effective_on or timezone.localdate()
    from neuguong.accounts import services as account_services

    account_services.grants_revoke_on_unit(unit=unit, acting_user=acting_user)
    Unit.objects.filter(pk=unit.pk).update(status=UnitStatus.DISSOLVED, ended_on=effective_on)
    UnitChange.objects.create(
        unit=unit, kind=UnitChangeKind.DISSOLVED, effective_on=effective_on, old_value=unit.name, decision=decision
    )
    unit.refresh_from_db()
    audit.record(acting_user, "unit.dissolved", unit, before=before, after=audit.snapshot(unit, UNIT_FIELDS),
                 note=decision)
    return unit


@transaction.atomic
def unit_delete(*, unit_id: int, acting_user: Any) -> None:
    """Delete a unit created by mistake. Refused, with the reason, while anything refers to it."""
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="units.manage", lock=True)
    reasons = _blocking_records(unit)
    if unit.parent_id is None:
        reasons.append(_("it is the top of the tree"))
    if reasons:
        raise ServiceError(
            "unit_not_empty",
            _("%(unit)s cannot be deleted: %(reasons)s.") % {"unit": unit.name, "reasons": "; ".join(reasons)},
        )
    before = audit.snapshot(unit, UNIT_FIELDS)
    audit.record(acting_user, "unit.deleted", unit, before=before)
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError as exc:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ServiceError(
            "unit_has_records",
            _("%(unit)s cannot be deleted: other records refer to it (%(records)s).")
            % {"unit": unit.name, "records": ", ".join(names)},
        ) from exc
