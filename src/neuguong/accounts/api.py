"""Authentication, user accounts, role grants and the caller's own account in the JSON API."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from neuguong.core.api import QUERY_MAX_LENGTH, caller, paged, sized
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.api import PersonOut

from . import selectors, services
from .models import ApiToken, RoleGrant, User
from .permissions import Role

router = Router(tags=["auth"])


# Passwords are never stored as typed; the bound only keeps hashing a huge one off the server.
PASSWORD_MAX_LENGTH = 1000
OTP_MAX_LENGTH = 10


class TokenIn(Schema):
    username: str = sized(User, "username")
    password: str = Field(max_length=PASSWORD_MAX_LENGTH)
    name: str = sized(ApiToken, "name", "API")
    otp: str = Field("", max_length=OTP_MAX_LENGTH)


class TokenOut(Schema):
    token: str
    expires_at: str


@router.post("/auth/token", auth=None, response={201: TokenOut},
             summary="Exchange a username and password (and the two-factor code if enrolled) for a token")
def create_token(request: HttpRequest, body: TokenIn):
    """A role that requires two-factor gets 403 ``two_factor_enrolment_required`` until a device is enrolled."""
    token, raw = services.api_token_login(request=request, username=body.username, password=body.password,
                                          otp=body.otp, name=body.name)
    return 201, {"token": raw, "expires_at": token.expires_at.isoformat()}


# --- Users and role grants -------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_active: bool
    last_login: dt.datetime | None
    person_id: int | None
    person_name: str | None

    @staticmethod
    def resolve_person_name(obj) -> str | None:
        return obj.person.full_name if obj.person_id else None


class UserIn(Schema):
    username: str = sized(User, "username")
    password: str = Field(max_length=PASSWORD_MAX_LENGTH)
    person_id: int
    email: str = sized(User, "email", "")


class GrantOut(Schema):
    id: int
    user_id: int
    username: str = Field(alias="user.username")
    role: Role
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    granted_at: dt.datetime
    revoked_at: dt.datetime | None
    reason: str


class GrantIn(Schema):
    user_id: int
    role: Role
    unit_id: int
    reason: str = sized(RoleGrant, "reason", "",
                        description="Why the role is granted; required for a role with restricted permissions")


class RestrictedGrantOut(GrantOut):
    full_name: str | None
    granted_by: str | None

    @staticmethod
    def resolve_full_name(obj) -> str | None:
        return obj.user.person.full_name if obj.user.person_id else None

    @staticmethod
    def resolve_granted_by(obj) -> str | None:
        return obj.granted_by.username if obj.granted_by_id else None


class MeOut(Schema):
    user: UserOut
    person: PersonOut | None
    grants: list[GrantOut]


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@router.get("/users", response=list[UserOut], tags=["users"], summary="List user accounts")
@paged
def list_users(request: HttpRequest, q: str = Query("", max_length=QUERY_MAX_LENGTH), role: Role | None = None,
               active: bool | None = None):
    return selectors.users_for(caller(request), q=q, role=role or "", active=active)


@router.post("/users", response={201: UserOut}, tags=["users"], summary="Create an account for a person")
def create_user(request: HttpRequest, body: UserIn):
    user = services.user_create(username=body.username, password=body.password, person_id=body.person_id,
                                email=body.email, acting_user=caller(request))
    return 201, user


@router.get("/users/{user_id}", response=UserOut, tags=["users"], summary="Get a user account")
def get_user(request: HttpRequest, user_id: int):
    return selectors.user_get(caller(request), user_id)


@router.get("/users/{user_id}/grants", response=list[GrantOut], tags=["grants"],
            summary="A user's role grants inside the caller's subtrees")
@paged
def list_user_grants(request: HttpRequest, user_id: int):
    return selectors.grants_of(caller(request), selectors.user_get(caller(request), user_id))


@router.get("/grants", response=list[GrantOut], tags=["grants"], summary="List role grants")
@paged
def list_grants(request: HttpRequest, unit: int | None = None, active: bool = True):
    scope = org_selectors.unit_get(caller(request), unit) if unit is not None else None
    return selectors.grants_for(caller(request), unit=scope, active=active)


@router.post("/grants", response={201: GrantOut}, tags=["grants"], summary="Grant a role on a unit's subtree")
def create_grant(request: HttpRequest, body: GrantIn):
    grant = services.grant_role(user_id=body.user_id, role=body.role, unit_id=body.unit_id, reason=body.reason,
                                acting_user=caller(request))
    return 201, grant


@router.get("/grants/restricted", response=list[RestrictedGrantOut], tags=["grants"],
            summary="Active and past grants of roles carrying restricted permissions (system administrators)")
@paged
def list_restricted_grants(request: HttpRequest):
    return selectors.restricted_grants_for(caller(request))


@router.post("/grants/{grant_id}/revoke", response=GrantOut, tags=["grants"], summary="Revoke a role grant")
def revoke_grant(request: HttpRequest, grant_id: int):
    return services.revoke_role(grant_id=grant_id, acting_user=caller(request))


# --- The caller's own account ----------------------------------------------------------------


@router.get("/me", response=MeOut, tags=["me"], summary="The caller's account, person record and roles")
def me(request: HttpRequest):
    user = caller(request)
    return {"user": user, "person": org_selectors.own_person(user), "grants": list(selectors.own_grants(user))}


@router.get("/me/tokens", response=list[ApiTokenOut], tags=["me"], summary="The caller's API tokens")
@paged
def list_tokens(request: HttpRequest):
    return selectors.api_tokens_of(caller(request))


@router.post("/me/tokens/{token_id}/revoke", response=ApiTokenOut, tags=["me"],
             summary="Revoke one of the caller's tokens")
def revoke_token(request: HttpRequest, token_id: int):
    return services.api_token_revoke(token_id=token_id, acting_user=caller(request))
