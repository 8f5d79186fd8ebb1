"""The one scoping helper used by every selector and service.

A user acts through role grants on unit subtrees. ``scoped`` limits a queryset to the subtrees
where the user holds a permission; ``access`` fetches one record the same way and answers
``NotFound`` for a record out of scope exactly as for a missing one.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from neuguong.core.errors import PermissionDeniedError

from .permissions import ROLE_PERMISSIONS

M = TypeVar("M", bound=Model)

# How each model reaches the materialized path of the unit it belongs to.
SCOPE_PATHS: dict[str, str] = {
    "orgs.unit": "path",
    "orgs.unitchange": "unit__path",
    "orgs.person": "unit__path",
    "orgs.membership": "cell__path",
    "orgs.post": "unit__path",
    "orgs.followassignment": "committee__path",
    "accounts.rolegrant": "unit__path",
    "accounts.user": "person__unit__path",
    "audit.auditevent": "unit_path",
}


class NotFound(Http404):
    """Missing, or outside the user's subtrees: the two are indistinguishable on purpose."""


def register_scope(model_label: str, path_lookup: str) -> None:
    """Domain apps declare how their models reach a unit path."""
    SCOPE_PATHS[model_label] = path_lookup


def held_grants(user: Any) -> list[tuple[str, str]]:
    """(role, unit path) of the user's live grants; none for an inactive or anonymous user."""
    if getattr(user, "is_system", False):
        return [("system_admin", "/")]
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_neuguong_grants", None)
    if cached is None:
        cached = list(
            user.grants.filter(revoked_at__isnull=True, unit__status="active").values_list("role", "unit__path")
        )
        user._neuguong_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_neuguong_grants"):
        del user._neuguong_grants


def unit_paths_with(user: Any, permission: str) -> list[str]:
    """Top-most unit paths where the user holds ``permission`` (nested subtrees collapsed)."""
    paths = sorted({path for role, path in held_grants(user) if permission in ROLE_PERMISSIONS.get(role, ())})
    top: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in top):
            top.append(path)
    return top


def has_permission(user: Any, permission: str, unit_path: str | None = None) -> bool:
    """Whether the user holds the permission anywhere, or on the unit with ``unit_path``."""
    paths = unit_paths_with(user, permission)
    if unit_path is None:
        return bool(paths)
    return any(unit_path.startswith(path) for path in paths)


def roles_of(user: Any) -> set[str]:
    return {role for role, _path in held_grants(user)}


def scope_lookup(model: type[Model]) -> str:
    return SCOPE_PATHS[model._meta.label_lower]


def paths_within(user: Any, permission: str, path: str) -> list[str]:
    """The subtrees where ``user`` holds ``permission`` inside the subtree at ``path``: ``path``
    itself when the user holds it over the whole subtree, else the user's subtrees below it."""
    paths = unit_paths_with(user, permission)
    if any(path.startswith(top) for top in paths):
        return [path]
    return [top for top in paths if top.startswith(path)]


def scoped(queryset: QuerySet[M], user: Any, permission: str, *, path_lookup: str | None = None,
           within: str | None = None) -> QuerySet[M]:
    """Limit ``queryset`` to the subtrees where ``user`` holds ``permission``; with ``within`` (a unit
    path), to those parts of them inside that unit's subtree, resolved here into one condition."""
    lookup = path_lookup or scope_lookup(queryset.model)
    paths = unit_paths_with(user, permission) if within is None else paths_within(user, permission, within)
    if not paths:
        return queryset.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__startswith": path})
    return queryset.filter(condition)


def access(
    queryset: QuerySet[M], user: Any, pk: Any, *, view: str, action: str | None = None, lock: bool = False
) -> M:
    """Fetch one record the user may see; 404 if missing or out of scope, 403 if visible but the
    user lacks ``action`` on it."""
    candidates = scoped(queryset, user, view)
    if lock:
        candidates = candidates.select_for_update(no_key=True)
    try:
        obj = candidates.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("Not found.")) from exc
    if action is not None:
        ensure_permission_on(user, action, obj)
    return obj


def path_of(obj: Model) -> str:
    value: Any = obj
    for part in scope_lookup(type(obj)).split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value)


def ensure_permission_on(user: Any, permission: str, obj: Model | None = None, *, unit: Any = None) -> None:
    """Raise PermissionDeniedError unless the user holds ``permission`` on the object's or unit's subtree."""
    target_path = unit.path if unit is not None else (path_of(obj) if obj is not None else None)
    if not has_permission(user, permission, target_path):
        raise PermissionDeniedError(_("You do not have permission to do this here."))
