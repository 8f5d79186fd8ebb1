"""What an actor may hand out and whom they may manage.

A permission check on a grant or on an account asks what the actor holds, not only where the target
sits: nobody grants or manages more than they hold themselves, and nobody grants to themselves.

- Granting a role on a unit: every permission of the role must be held by the actor on that unit.
- Managing an account (password, activation, two-factor device, grants): every active grant of the
  account must lie inside the actor's ``accounts.manage`` subtrees and carry no permission the actor
  lacks there.
- Only system administrators grant, revoke or manage system administration.
- Restricted permissions (``RESTRICTED_PERMISSIONS``) are granted only by system administrators, who
  never hold them: for these permissions alone a system administrator is exempt from the rule.
"""

from typing import Any

from django.utils.translation import gettext as _

from neuguong.core.errors import PermissionDeniedError
from neuguong.orgs.models import UnitStatus

from .models import RoleGrant
from .permissions import RESTRICTED_PERMISSIONS, Role, permissions_of
from .scoping import has_permission, held_grants


def is_system_admin_at(actor: Any, path: str) -> bool:
    return any(role == Role.SYSTEM_ADMIN and path.startswith(top) for role, top in held_grants(actor))


def permissions_held_at(actor: Any, path: str) -> frozenset[str]:
    """Every permission the actor holds on the unit with ``path``, through any of their grants."""
    held: frozenset[str] = frozenset()
    for role, top in held_grants(actor):
        if path.startswith(top):
            held |= permissions_of(role)
    return held


def missing_permissions(actor: Any, role: str, path: str) -> list[str]:
    """The permissions of ``role`` the actor could not hand out on the unit with ``path``."""
    missing = permissions_of(role) - permissions_held_at(actor, path)
    if is_system_admin_at(actor, path):
        missing -= RESTRICTED_PERMISSIONS
    return sorted(missing)


def is_restricted(role: str) -> bool:
    return bool(permissions_of(role) & RESTRICTED_PERMISSIONS)


def ensure_may_grant(actor: Any, target: Any, role: str, path: str) -> None:
    """Refuse a grant of ``role`` on the unit with ``path`` to ``target`` that exceeds the actor."""
    if getattr(actor, "pk", None) is not None and actor.pk == target.pk:
        raise PermissionDeniedError(_("Nobody can grant a role to themselves."))
    if role == Role.SYSTEM_ADMIN and not is_system_admin_at(actor, path):
        raise PermissionDeniedError(_("Only a system administrator can grant or revoke system administration."))
    if is_restricted(role) and not is_system_admin_at(actor, path):
        raise PermissionDeniedError(
            _("Only a system administrator can grant a role with restricted permissions (%(permissions)s).")
            % {"permissions": ", ".join(sorted(permissions_of(role) & RESTRICTED_PERMISSIONS))}
        )
    missing = missing_permissions(actor, role, path)
    if missing:
        raise PermissionDeniedError(
            _("You cannot grant permissions you do not hold on this unit: %(permissions)s.")
            % {"permissions": ", ".join(missing)}
        )


def _active_grants_of(target: Any) -> list[tuple[str, str]]:
    """The target's live grants, read afresh and whether or not the account is active: a
    deactivated system administrator is still one."""
    return list(
        RoleGrant.objects.filter(user=target, revoked_at__isnull=True, unit__status=UnitStatus.ACTIVE)
        .values_list("role", "unit__path")
    )


def refusal_to_manage(actor: Any, target: Any) -> str | None:
    """Why the actor may not manage the target's account, or None when they may."""
    for role, path in _active_grants_of(target):
        if role == Role.SYSTEM_ADMIN and not is_system_admin_at(actor, path):
            return _("Only a system administrator can manage a system administrator.")
        if not has_permission(actor, "accounts.manage", path) or missing_permissions(actor, role, path):
            return _("This account holds roles beyond your own, so you cannot manage it.")
    return None


def ensure_may_manage(actor: Any, target: Any) -> None:
    refusal = refusal_to_manage(actor, target)
    if refusal is not None:
        raise PermissionDeniedError(refusal)
