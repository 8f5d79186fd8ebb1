"""The JSON API's authentication (tokens, sessions with CSRF), user accounts, role grants and the
caller's own account."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from neuguong.accounts import services
from neuguong.accounts.models import ApiToken, RoleGrant, User
from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

API = "/api/v1"
MISSING = 999_999
NEW_PASSWORD = "Mot-mat-khau-dai-2026"


def send(client, method: str, path: str, body: dict | None = None, **headers):
    if method == "get":
        return client.get(API + path, body or {}, **headers)
    return getattr(client, method)(API + path, json.dumps(body or {}), content_type="application/json", **headers)


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def ask_token(username: str, password: str = PASSWORD, **extra):
    return send(Client(), "post", "/auth/token", {"username": username, "password": password, **extra})


def db_state() -> dict:
    """Every row of the orgs and accounts tables, and the length of the audit trail."""
    models = [*apps.get_app_config("orgs").get_models(), *apps.get_app_config("accounts").get_models()]
    state: dict = {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}
    state["audit events"] = AuditEvent.objects.count()
    return state


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- Tokens ----------------------------------------------------------------------------------


def test_password_exchanged_for_a_token_that_works_as_bearer(unit_admin):
    response = ask_token("admin_a", name="Báo cáo")
    assert response.status_code == 201
    raw = response.json()["token"]
    me = send(Client(), "get", "/me", **bearer(raw))
    assert me.status_code == 200 and me.json()["user"]["username"] == "admin_a"
    assert ApiToken.objects.get(user=unit_admin).name == "Báo cáo"


def test_wrong_password_answers_401(unit_admin):
    response = ask_token("admin_a", "wrong-password")
    assert response.status_code == 401
    assert response.json()["code"] == "bad_credentials" and set(response.json()) == {"code", "message", "errors"}
    assert not ApiToken.objects.exists()


def test_five_failures_lock_the_account_even_for_the_right_password(unit_admin):
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        assert ask_token("admin_a", "wrong-password").status_code == 401
    response = ask_token("admin_a")
    assert response.status_code == 429 and response.json()["code"] == "locked"
    assert not ApiToken.objects.exists()


def test_two_factor_user_needs_the_current_code(unit_admin):
    device = TOTPDevice.objects.create(user=unit_admin, name="default", confirmed=True)
    refused = ask_token("admin_a")
    assert refused.status_code == 401
    assert refused.json()["code"] == "otp_required" and "otp" in refused.json()["errors"]
    assert ask_token("admin_a", otp=current_code(device)).status_code == 201


def test_two_factor_user_with_a_wrong_code_gets_no_token(unit_admin):
    device = TOTPDevice.objects.create(user=unit_admin, name="default", confirmed=True)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = ask_token("admin_a", otp=wrong)
    assert response.status_code == 401 and "otp" in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_revoked_token_is_refused(unit_admin):
    token, raw = services.api_token_create(user=unit_admin, name="x", acting_user=unit_admin)
    revoked = send(Client(), "post", f"/me/tokens/{token.pk}/revoke", **bearer(raw))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert send(Client(), "get", "/me", **bearer(raw)).status_code == 401


def test_expired_token_is_refused(unit_admin):
    token, raw = services.api_token_create(user=unit_admin, name="x", acting_user=unit_admin)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = send(Client(), "get", "/me", **bearer(raw))
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_token_of_a_deactivated_user_is_refused(unit_admin):
    _token, raw = services.api_token_create(user=unit_admin, name="x", acting_user=unit_admin)
    User.objects.filter(pk=unit_admin.pk).update(is_active=False)
    assert send(Client(), "get", "/me", **bearer(raw)).status_code == 401


@pytest.mark.parametrize("headers", [{}, bearer("ng_not-a-token"), {"HTTP_AUTHORIZATION": "Basic abc"}])
def test_requests_without_valid_credentials_answer_401(db, headers):
    for method, path in [("get", "/units"), ("get", "/me"), ("post", "/units")]:
        response = send(Client(), method, path, {"name": "X", "kind": "cell"}, **headers)
        assert response.status_code == 401, (method, path)
        assert response.json() == {"code": "unauthenticated", "message": response.json()["message"], "errors": {}}


# --- CSRF ------------------------------------------------------------------------------------


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie value and the matching token for the X-CSRFToken header."""
    request = RequestFactory().get("/")
    token = get_token(request)
    return request.META["CSRF_COOKIE"], token


def test_session_write_without_csrf_token_is_refused(unit_admin, commune):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_admin)
    before = db_state()
    response = send(client, "post", "/units", {"name": "Chi bộ CSRF", "kind": "cell", "parent_id": commune.pk})
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert db_state() == before
    assert send(client, "get", "/units").status_code == 200


def test_session_write_with_csrf_token_is_accepted(unit_admin, commune):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_admin)
    cookie, token = csrf_pair()
    client.cookies[settings.CSRF_COOKIE_NAME] = cookie
    response = send(client, "post", "/units", {"name": "Chi bộ CSRF", "kind": "cell", "parent_id": commune.pk},
                    HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_bearer_write_needs_no_csrf_token(unit_admin, commune):
    _token, raw = services.api_token_create(user=unit_admin, name="x", acting_user=unit_admin)
    client = Client(enforce_csrf_checks=True)
    response = send(client, "post", "/units", {"name": "Chi bộ API", "kind": "cell", "parent_id": commune.pk},
                    **bearer(raw))
    assert response.status_code == 201
    assert AuditEvent.objects.filter(action="unit.created", actor=unit_admin).exists()


def test_anonymous_write_answers_401_not_a_csrf_error(db):
    response = send(Client(enforce_csrf_checks=True), "post", "/units", {"name": "X", "kind": "cell"})
    assert response.status_code == 401


# --- Users -----------------------------------------------------------------------------------


def test_admin_lists_the_communes_accounts(admin_client_a, member, outsider):
    body = send(admin_client_a, "get", "/users").json()
    assert [u["username"] for u in body["items"]] == ["admin_a", "member_a"] and body["count"] == 2
    assert body["items"][1]["person_name"] == "Phạm Thị Hoa"
    only_members = send(admin_client_a, "get", "/users", {"role": "party_member"}).json()
    assert [u["username"] for u in only_members["items"]] == ["member_a"]


def test_member_and_outsider_see_no_accounts_of_commune_a(member_client, outsider_client, unit_admin, member):
    assert send(member_client, "get", "/users").json() == {"items": [], "count": 0}
    assert [u["username"] for u in send(outsider_client, "get", "/users").json()["items"]] == ["admin_b"]
    for client in (member_client, outsider_client):
        response = send(client, "get", f"/users/{member.pk}")
        assert response.status_code == 404
        assert response.json() == send(client, "get", f"/users/{MISSING}").json()


def test_admin_creates_an_account_with_201(admin_client_a, person):
    response = send(admin_client_a, "post", "/users", {"username": "An.Nguyen", "password": NEW_PASSWORD,
                                                        "person_id": person.pk})
    assert response.status_code == 201
    assert response.json()["username"] == "an.nguyen" and response.json()["person_name"] == "Nguyễn Văn An"
    assert "password" not in response.json()
    assert AuditEvent.objects.filter(action="user.created", object_id=str(response.json()["id"])).exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"username": "an", "password": "123"}, "password"),
    ({"username": "member_a", "password": NEW_PASSWORD}, "username"),
    ({"username": "an"}, "password"),
])
def test_bad_account_input_answers_422_with_the_field(admin_client_a, member, person, body, field):
    before = db_state()
    response = send(admin_client_a, "post", "/users", {**body, "person_id": person.pk})
    assert response.status_code == 422 and field in response.json()["errors"]
    assert db_state() == before


@pytest.mark.parametrize("actor", ["member_client", "outsider_client"])
def test_account_creation_for_a_person_of_commune_a_is_refused_elsewhere(request, actor, person):
    client = request.getfixturevalue(actor)
    before = db_state()
    response = send(client, "post", "/users", {"username": "an", "password": NEW_PASSWORD, "person_id": person.pk})
    assert response.status_code == 404
    assert response.json() == send(client, "post", "/users", {"username": "an", "password": NEW_PASSWORD,
                                                              "person_id": MISSING}).json()
    assert db_state() == before


# --- Grants ----------------------------------------------------------------------------------


@pytest.fixture
def staff(person):
    return UserFactory(username="staff_a", person=person)


def test_admin_grants_and_revokes_a_role(admin_client_a, staff, cell):
    created = send(admin_client_a, "post", "/grants", {"user_id": staff.pk, "role": "organisation_staff",
                                                        "unit_id": cell.pk})
    assert created.status_code == 201
    assert created.json()["unit_name"] == "Chi bộ thôn Đông" and created.json()["username"] == "staff_a"
    grant_id = created.json()["id"]
    listed = send(admin_client_a, "get", f"/users/{staff.pk}/grants").json()
    assert [g["id"] for g in listed["items"]] == [grant_id]
    revoked = send(admin_client_a, "post", f"/grants/{grant_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = send(admin_client_a, "post", f"/grants/{grant_id}/revoke")
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="role.")] == ["role.revoked",
                                                                                         "role.granted"]


def test_grant_list_filters_by_unit_and_state(admin_client_a, member, cell, commune):
    in_cell = send(admin_client_a, "get", "/grants", {"unit": cell.pk}).json()
    assert [(g["username"], g["role"]) for g in in_cell["items"]] == [("member_a", "party_member")]
    RoleGrant.objects.filter(user=member).update(revoked_at=timezone.now())
    assert send(admin_client_a, "get", "/grants", {"unit": cell.pk}).json()["count"] == 0
    assert send(admin_client_a, "get", "/grants", {"unit": cell.pk, "active": False}).json()["count"] == 1


def test_unit_admin_cannot_grant_system_administration(admin_client_a, staff, commune):
    before = db_state()
    response = send(admin_client_a, "post", "/grants", {"user_id": staff.pk, "role": "system_admin",
                                                         "unit_id": commune.pk})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert db_state() == before


def test_unknown_role_answers_422(admin_client_a, staff, commune):
    response = send(admin_client_a, "post", "/grants", {"user_id": staff.pk, "role": "king", "unit_id": commune.pk})
    assert response.status_code == 422 and "role" in response.json()["errors"]


@pytest.mark.parametrize("actor", ["member_client", "outsider_client"])
def test_grants_of_commune_a_are_out_of_reach_elsewhere(request, actor, staff, member, cell):
    client = request.getfixturevalue(actor)
    member_grant = RoleGrant.objects.get(user=member)
    before = db_state()
    attempts = [
        ("post", "/grants", {"user_id": staff.pk, "role": "organisation_staff", "unit_id": cell.pk},
         {"user_id": MISSING, "role": "organisation_staff", "unit_id": MISSING}),
        ("post", f"/grants/{member_grant.pk}/revoke", {}, {}),
        ("get", f"/users/{member.pk}/grants", None, None),
    ]
    for method, path, body, missing_body in attempts:
        response = send(client, method, path, body)
        missing = send(client, method, path.replace(str(member_grant.pk), str(MISSING))
                       .replace(str(member.pk), str(MISSING)), missing_body)
        assert response.status_code == 404, (method, path)
        assert response.json() == missing.json()
    listed = send(client, "get", "/grants").json()
    assert "member_a" not in json.dumps(listed)
    assert db_state() == before


# --- The caller's own account ----------------------------------------------------------------


def test_me_shows_the_callers_user_person_and_grants(member_client, member):
    body = send(member_client, "get", "/me").json()
    assert body["user"]["username"] == "member_a"
    assert body["person"]["full_name"] == "Phạm Thị Hoa" and "citizen_id" not in body["person"]
    assert [(g["role"], g["unit_name"]) for g in body["grants"]] == [("party_member", "Chi bộ thôn Đông")]


def test_me_without_a_person_record(client, commune):
    user = UserFactory(username="lonely")
    grant(user, Role.LEADER, commune)
    client.force_login(user)
    assert send(client, "get", "/me").json()["person"] is None


def test_callers_see_and_revoke_only_their_own_tokens(member_client, member, unit_admin):
    own, _raw = services.api_token_create(user=member, name="mine", acting_user=member)
    other, _raw = services.api_token_create(user=unit_admin, name="theirs", acting_user=unit_admin)
    listed = send(member_client, "get", "/me/tokens").json()
    assert [t["name"] for t in listed["items"]] == ["mine"]
    assert "key_hash" not in listed["items"][0]
    before = db_state()
    response = send(member_client, "post", f"/me/tokens/{other.pk}/revoke")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert db_state() == before
    assert send(member_client, "post", f"/me/tokens/{own.pk}/revoke").json()["revoked_at"]


# --- Lists ------------------------------------------------------------------------------------


def _add_accounts(commune, owner, n: int) -> None:
    """n accounts of the commune with a grant each, and n API tokens of ``owner``."""
    for _n in range(n):
        grant(UserFactory(person=PersonFactory(unit=commune)), Role.LEADER, commune)
        services.api_token_create(user=owner, name="x", acting_user=owner)


def test_user_list_is_paginated(admin_client_a, unit_admin, commune):
    _add_accounts(commune, unit_admin, 4)
    page = send(admin_client_a, "get", "/users", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 5 and len(page["items"]) == 2


@pytest.mark.parametrize("path", ["/users", "/grants", "/me/tokens"])
def test_list_queries_do_not_grow_with_rows(admin_client_a, unit_admin, commune, path,
                                            django_assert_max_num_queries):
    _add_accounts(commune, unit_admin, 3)
    with CaptureQueriesContext(connection) as few:
        send(admin_client_a, "get", path)
    _add_accounts(commune, unit_admin, 27)
    with django_assert_max_num_queries(len(few)):
        response = send(admin_client_a, "get", path)
    assert response.json()["count"] >= 30


def test_openapi_documents_the_account_routes(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    expected = {
        "/auth/token": {"post"}, "/users": {"get", "post"}, "/users/{user_id}": {"get"},
        "/users/{user_id}/grants": {"get"}, "/grants": {"get", "post"}, "/grants/{grant_id}/revoke": {"post"},
        "/me": {"get"}, "/me/tokens": {"get"}, "/me/tokens/{token_id}/revoke": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[API + path]), path
    assert {"page", "page_size"} <= {p["name"] for p in paths[f"{API}/users"]["get"]["parameters"]}

