"""Writes on accounts: users, role grants, login attempts, API tokens and two-factor devices."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from neuguong.audit import services as audit
from neuguong.core import throttle
from neuguong.core.errors import ServiceError
from neuguong.core.net import client_address
from neuguong.orgs.models import Person, Unit, UnitStatus

from . import privileges, selectors
from .models import ApiToken, RoleGrant, User
from .permissions import RESTRICTED_PERMISSIONS, Role, permissions_of
from .scoping import NotFound, access, ensure_permission_on, forget_grants

TOKEN_PREFIX = "ng_"  # noqa: S105 (a public marker, not a secret)
REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 1000


def _fail(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [message]})


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError("invalid", exc.messages[0], field_errors={"password": list(exc.messages)}) from exc


@transaction.atomic
def user_create(*, username: str, password: str, person_id: int, acting_user: Any, email: str = "") -> User:
    """Create an account for a person of the acting user's subtree."""
    person = access(Person.objects.all(), acting_user, person_id, view="people.view", action="accounts.manage")
    username = (username or "").strip().lower()
    if not username:
        raise _fail("username", _("Enter a username."))
    if User.objects.filter(username=username).exists():
        raise _fail("username", _("This username is already taken."))
    if User.objects.filter(person=person).exists():
        raise _fail("person_id", _("This person already has an account."))
    user = User(username=username, email=email or person.email, person=person,
                first_name=person.given_name, last_name=person.family_name)
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise _fail("username", _("This username is already taken.")) from exc
    audit.record(acting_user, "user.created", user, after={"username": username, "person": person.pk})
    return user


def _managed_user(user_id: Any, acting_user: Any) -> User:
    """The account, once the actor may manage it: it sits in their subtree and holds nothing beyond
    them. Its row is locked first, so that no grant lands on it between the check and the write;
    only its row (the scope check joins the person and unit, which must stay unlocked)."""
    found = access(User.objects.all(), acting_user, user_id, view="accounts.view", action="accounts.manage")
    user = User.objects.select_for_update(no_key=True).get(pk=found.pk)
    privileges.ensure_may_manage(acting_user, user)
    return user


@transaction.atomic
def user_set_active(*, user_id: int, active: bool, acting_user: Any) -> User:
    user = _managed_user(user_id, acting_user)
    if user.pk == getattr(acting_user, "pk", None) and not active:
        raise ServiceError("self_deactivate", _("You cannot deactivate your own account."))
    before = {"is_active": user.is_active}
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(acting_user, "user.activated" if active else "user.deactivated", user, before=before,
                 after={"is_active": active})
    return user


@transaction.atomic
def user_set_password(*, user_id: int, password: str, acting_user: Any) -> User:
    user = _managed_user(user_id, acting_user)
    _check_password(password, user)
    user.set_password(password)
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["password", "failed_logins", "locked_until"])
    audit.record(acting_user, "user.password_reset", user)
    return user


def _grant_reason(role: str, reason: str) -> str:
    """The reason of a grant: optional, except for a role carrying a restricted permission."""
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX_LENGTH:
        raise _fail("reason", _("Keep the reason under %(n)d characters.") % {"n": REASON_MAX_LENGTH})
    if privileges.is_restricted(role) and len(reason) < REASON_MIN_LENGTH:
        raise _fail("reason", _("Give the reason for granting a role with restricted permissions "
                                "(at least %(n)d characters).") % {"n": REASON_MIN_LENGTH})
    return reason


@transaction.atomic
def grant_role(*, user_id: int, role: str, unit_id: int, acting_user: Any, reason: str = "") -> RoleGrant:
    """Grant a role on a unit's subtree: only to an account the actor manages, never to oneself, and
    with no permission the actor does not hold on that unit (see ``privileges``)."""
    if role not in Role.values:
        raise _fail("role", _("Choose a valid role."))
    user = _managed_user(user_id, acting_user)
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action="accounts.manage")
    if unit.status != UnitStatus.ACTIVE:
        raise _fail("unit", _("%(unit)s is no longer active.") % {"unit": unit.name})
    privileges.ensure_may_grant(acting_user, user, role, unit.path)
    reason = _grant_reason(role, reason)
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user, role=role, unit=unit, reason=reason,
                granted_by=acting_user if isinstance(acting_user, User) else None,
            )
    except IntegrityError as exc:
        raise _fail("role", _("The user already holds this role on this unit.")) from exc
    forget_grants(user)
    restricted = sorted(permissions_of(role) & RESTRICTED_PERMISSIONS)
    audit.record(acting_user, "role.granted", grant, after={"user": user.username, "role": role, "unit": unit.pk,
                                                           "reason": reason, "restricted": restricted})
    return grant


@transaction.atomic
def revoke_role(*, grant_id: int, acting_user: Any) -> RoleGrant:
    grant = access(
        RoleGrant.objects.select_related("user", "unit"), acting_user, grant_id, view="accounts.view",
        action="accounts.manage", lock=True,
    )
    if grant.revoked_at is not None:
        raise ServiceError("already_revoked", _("This role has already been revoked."))
    # Taking a role away is managing its holder: a system administrator's roles are revoked only
    # by system administrators, a role the actor could not grant only by someone who could.
    privileges.ensure_may_manage(acting_user, User.objects.select_for_update(no_key=True).get(pk=grant.user_id))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    forget_grants(grant.user)
    audit.record(acting_user, "role.revoked", grant,
                 before={"user": grant.user.username, "role": grant.role, "unit": grant.unit_id})
    return grant


def grants_revoke_on_unit(*, unit: Unit, acting_user: Any) -> int:
    """Revoke every active grant on a unit that ends (merged or dissolved). Caller holds the transaction
    and has already checked ``units.manage`` on the unit."""
    grants = list(RoleGrant.objects.select_for_update(no_key=True).filter(unit=unit, revoked_at__isnull=True))
    now = timezone.now()
    for grant in grants:
        grant.revoked_at = now
        grant.save(update_fields=["revoked_at"])
        audit.record(acting_user, "role.revoked", grant, unit=unit,
                     before={"user_id": grant.user_id, "role": grant.role, "unit": unit.pk},
                     note="unit ended")
    return len(grants)


# --- Login -----------------------------------------------------------------------------------


FAILURES_PER_ADDRESS = throttle.Rule(
    name="accounts.login.address", limit=30, window=3600, setting="LOGIN_ADDRESS_MAX_FAILURES", per_address=True,
    message=gettext_lazy("Too many failed logins from this connection. Try again in %(wait)s."),
)


def login_attempt(*, request: Any, username: str, password: str) -> User:
    """Check a username and password, limited per client address and per account.

    Every attempt counts against the client address and a right password gives it back, so only
    failures use up the limit (``FAILURES_PER_ADDRESS``). Failures on one account lock it: its
    counter moves with a conditional update so that parallel attempts all count.
    """
    address = client_address(request)
    throttle.hit(FAILURES_PER_ADDRESS, address)
    username = (username or "").strip().lower()
    now = timezone.now()
    locked_until = User.objects.filter(username=username, locked_until__gt=now).values_list(
        "locked_until", flat=True).first()
    if locked_until is not None:
        raise throttle.throttled(
            "locked", gettext_lazy("Too many failed attempts: the account is locked. Try again in %(wait)s."),
            (locked_until - now).total_seconds())
    user = authenticate(request, username=username, password=password)
    if user is None:
        _count_failed_login(username, now)
        raise ServiceError("bad_credentials", _("The username or password is wrong."))
    throttle.refund(FAILURES_PER_ADDRESS, address)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None, last_login=now)
        audit.record(user, "user.logged_in", user)
    return user  # type: ignore[return-value]


@transaction.atomic
def _count_failed_login(username: str, now: dt.datetime) -> None:
    if not User.objects.filter(username=username).update(failed_logins=F("failed_logins") + 1):
        return
    User.objects.filter(username=username, failed_logins__gte=settings.LOGIN_MAX_FAILURES).update(
        locked_until=now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES), failed_logins=0
    )
    target = User.objects.get(username=username)
    audit.record(None, "user.login_failed", target, after={"locked": target.locked_until is not None})


# --- API tokens ------------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, acting_user: Any, two_factor_verified: bool = False
) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and never stored.
    ``two_factor_verified`` says that the second factor was verified in the login minting it."""
    if acting_user.pk != user.pk:
        ensure_permission_on(acting_user, "accounts.manage", user)
        privileges.ensure_may_manage(acting_user, user)
    name = (name or "").strip() or _("API token")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:10], key_hash=_hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        two_factor_verified=two_factor_verified,
    )
    audit.record(acting_user, "api_token.created", token, after={"name": token.name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def api_token_revoke(*, token_id: int, acting_user: User) -> ApiToken:
    token = ApiToken.objects.select_for_update(no_key=True).filter(pk=token_id, user=acting_user).first()
    if token is None:
        raise NotFound(_("Not found."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(acting_user, "api_token.revoked", token)
    return token


def api_token_login(*, request: Any, username: str, password: str, otp: str, name: str) -> tuple[ApiToken, str]:
    """A token for a username and password, and the current code when the user enrolled a device.
    A user whose role requires two-factor gets no token before enrolling one."""
    user = login_attempt(request=request, username=username, password=password)
    device = None
    if selectors.has_confirmed_device(user):
        device = totp_verify(user=user, token=otp)
        if device is None:
            raise ServiceError("otp_required", _("Enter the current 6-digit code from your authenticator app."),
                               field_errors={"otp": [_("The code is wrong or has expired.")]})
    elif selectors.two_factor_required(user):
        raise ServiceError("two_factor_enrolment_required",
                           _("Your role requires two-factor authentication. Log in on the website and set up "
                             "an authenticator app before asking for a token."))
    return api_token_create(user=user, name=name, acting_user=user, two_factor_verified=device is not None)


def api_token_user(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None. A token minted without a verified
    second factor is refused once the user's role requires two-factor."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if not token.two_factor_verified and selectors.two_factor_required(token.user):
        raise ServiceError("two_factor_required",
                           _("Your role requires two-factor authentication, and this token was created without "
                             "it. Create a new token after logging in with your 6-digit code."))
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Two-factor ------------------------------------------------------------------------------


@transaction.atomic
def totp_enrolment_start(*, user: User, keep_pending: bool = False) -> TOTPDevice:
    """An unconfirmed device whose secret the user scans; replaces any earlier unconfirmed one,
    unless ``keep_pending`` asks to reuse it."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    if keep_pending and (device := pending.first()) is not None:
        return device
    pending.delete()
    return TOTPDevice.objects.create(user=user, name="default", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update(no_key=True).filter(user=user, confirmed=False).first()
    if device is None:
        raise ServiceError("no_enrolment", _("Start the enrolment again."))
    if not device.verify_token((token or "").strip()):
        raise _fail("token", _("The code is wrong or has expired. Enter the current 6-digit code."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    audit.record(user, "user.two_factor_enrolled", user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The confirmed device that accepts ``token``, or None. Verifying records the spent window
    and the throttling state on the device, so it is a write. An empty code is not a guess: it
    must not throttle the device."""
    token = (token or "").strip()
    if not token:
        return None
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    return next((device for device in devices if device.verify_token(token)), None)


@transaction.atomic
def totp_remove(*, user_id: int, acting_user: Any) -> None:
    """An administrator removes a user's device (lost phone); the user enrols again at next login."""
    user = _managed_user(user_id, acting_user)
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit.record(acting_user, "user.two_factor_removed", user)
