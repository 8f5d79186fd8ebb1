"""Reads on accounts, already limited to the user's subtrees."""

from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from neuguong.core.text import search_key

from . import privileges
from .models import ApiToken, RoleGrant, User
from .permissions import ROLE_PERMISSIONS
from .scoping import access, has_permission, roles_of, scoped


def users_for(user: Any, *, q: str = "", role: str = "", active: bool | None = None) -> QuerySet[User]:
    users = scoped(User.objects.all(), user, "accounts.view")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(person__search_name__contains=search_key(q)))
    if role:
        users = users.filter(grants__role=role, grants__revoked_at__isnull=True)
    if active is not None:
        users = users.filter(is_active=active)
    active_grants = RoleGrant.objects.filter(revoked_at__isnull=True).select_related("unit")
    return (
        users.select_related("person", "person__unit")
        .prefetch_related(Prefetch("grants", queryset=active_grants, to_attr="active_grants"))
        .distinct()
        .order_by("username")
    )


def user_get(user: Any, user_id: Any) -> User:
    return access(User.objects.select_related("person", "person__unit"), user, user_id, view="accounts.view")


def grants_of(acting_user: Any, target: User) -> QuerySet[RoleGrant]:
    """The target's grants that lie inside the acting user's subtrees."""
    return scoped(RoleGrant.objects.filter(user=target), acting_user, "accounts.view").select_related(
        "user", "unit", "granted_by"
    ).order_by("revoked_at", "role")


def grants_for(user: Any, *, unit=None, active: bool = True) -> QuerySet[RoleGrant]:
    grants = scoped(RoleGrant.objects.all(), user, "accounts.view")
    if unit is not None:
        grants = grants.filter(unit__path__startswith=unit.path)
    if active:
        grants = grants.filter(revoked_at__isnull=True)
    return grants.select_related("user", "unit").order_by("unit__path", "role")


def may_manage(acting_user: Any, target: User) -> bool:
    """Whether the management actions on the target's page are offered (the services decide)."""
    unit_path = target.person.unit.path if target.person else None
    return (unit_path is not None and has_permission(acting_user, "accounts.manage", unit_path)
            and privileges.refusal_to_manage(acting_user, target) is None)


def restricted_grants_for(user: Any) -> QuerySet[RoleGrant]:
    """Grants of roles carrying a restricted permission, active ones first, then the newest."""
    roles = [role for role in ROLE_PERMISSIONS if privileges.is_restricted(role)]
    return (
        scoped(RoleGrant.objects.filter(role__in=roles), user, "accounts.view_restricted")
        .select_related("user", "user__person", "unit", "granted_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "-granted_at", "-id")
    )


def own_grants(user: Any) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("user", "unit")
        .order_by("unit__path")
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user: Any) -> bool:
    """Whether one of the user's roles must use two-factor authentication."""
    return bool(roles_of(user) & set(settings.TWO_FACTOR_REQUIRED_ROLES))
