"""Nobody grants or manages more than they hold themselves, nobody grants to themselves, restricted
permissions come only from a system administrator with a reason, and roles that require two-factor
reach the API only after a verified login."""

import io
import json
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from conftest import PASSWORD
from neuguong.accounts import services
from neuguong.accounts.models import ApiToken, RoleGrant, User
from neuguong.accounts.permissions import RESTRICTED_PERMISSIONS, ROLE_PERMISSIONS, Role, permissions_of
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

API = "/api/v1"
NEW_PASSWORD = "Mot-mat-khau-dai-2026"
REASON = "Cán bộ tiếp công dân được phân công xử lý đơn tố cáo"


def send(client, method: str, path: str, body: dict | None = None, **headers):
    if method == "get":
        return client.get(API + path, body or {}, **headers)
    return getattr(client, method)(API + path, json.dumps(body or {}), content_type="application/json", **headers)


def text(response) -> str:
    content = response.content.decode()
    return content.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in content else content


def accounts_snapshot():
    return (sorted(User.objects.values_list("id", "username", "is_active", "password")),
            sorted(RoleGrant.objects.values_list("id", "user_id", "role", "unit_id", "revoked_at", "reason")),
            sorted(TOTPDevice.objects.values_list("id", "user_id", "confirmed")),
            AuditEvent.objects.count())


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def logged_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def province_admin(commune, province):
    """A system administrator of the province whose person record is kept by commune A."""
    user = UserFactory(username="quantri_tinh", person=PersonFactory(full_name="Hà Văn Tỉnh", unit=commune))
    grant(user, Role.SYSTEM_ADMIN, province)
    return user


@pytest.fixture
def officer(commune):
    """Reception staff of commune A: holds the restricted reception.view_denouncer."""
    user = UserFactory(username="tiepdan_a", person=PersonFactory(full_name="Lý Thị Tiếp", unit=commune))
    grant(user, Role.RECEPTION_STAFF, commune)
    return user


@pytest.fixture
def newcomer(commune):
    return UserFactory(username="moi_a", person=PersonFactory(full_name="Đinh Văn Mới", unit=commune))


# --- Rule 1: managing a user -----------------------------------------------------------------


def test_restricted_permissions_are_declared_in_the_role_table():
    assert {"reception.view_denouncer"} == RESTRICTED_PERMISSIONS
    assert permissions_of(Role.RECEPTION_STAFF) >= RESTRICTED_PERMISSIONS
    assert not RESTRICTED_PERMISSIONS & permissions_of(Role.SYSTEM_ADMIN)


@pytest.mark.parametrize(("path", "data"), [
    ("password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    ("active/", {"active": "0"}),
    ("two-factor/remove/", {}),
])
def test_commune_admin_cannot_take_over_a_province_system_admin(admin_client_a, province_admin, path, data):
    TOTPDevice.objects.create(user=province_admin, name="default", confirmed=True)
    before = accounts_snapshot()
    response = admin_client_a.post(f"/accounts/users/{province_admin.pk}/{path}", data)
    assert response.status_code == 403
    assert accounts_snapshot() == before
    province_admin.refresh_from_db()
    assert province_admin.check_password(PASSWORD)


def test_commune_admin_cannot_reactivate_a_deactivated_system_admin(unit_admin, province_admin):
    User.objects.filter(pk=province_admin.pk).update(is_active=False)
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError):
        services.user_set_active(user_id=province_admin.pk, active=True, acting_user=unit_admin)
    assert accounts_snapshot() == before


def test_commune_admin_cannot_manage_a_user_holding_a_permission_the_admin_lacks(unit_admin, officer):
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError):
        services.user_set_password(user_id=officer.pk, password=NEW_PASSWORD, acting_user=unit_admin)
    assert accounts_snapshot() == before


def test_commune_admin_cannot_manage_a_user_with_a_grant_outside_the_commune(unit_admin, newcomer, sibling):
    grant(newcomer, Role.LEADER, sibling)
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError):
        services.user_set_password(user_id=newcomer.pk, password=NEW_PASSWORD, acting_user=unit_admin)
    with pytest.raises(PermissionDeniedError):
        services.grant_role(user_id=newcomer.pk, role=Role.LEADER, unit_id=unit_admin.person.unit_id,
                            acting_user=unit_admin)
    assert accounts_snapshot() == before


def test_commune_admin_cannot_revoke_a_role_of_a_system_admin(unit_admin, province_admin, cell):
    held = grant(province_admin, Role.LEADER, cell)
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError):
        services.revoke_role(grant_id=held.pk, acting_user=unit_admin)
    assert accounts_snapshot() == before


def test_commune_admin_still_manages_the_communes_ordinary_users(unit_admin, member):
    services.user_set_password(user_id=member.pk, password=NEW_PASSWORD, acting_user=unit_admin)
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_system_admin_manages_reception_staff_despite_lacking_the_restricted_permission(system_admin, officer):
    services.user_set_password(user_id=officer.pk, password=NEW_PASSWORD, acting_user=system_admin)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_user_page_offers_no_management_of_a_user_beyond_the_admin(admin_client_a, province_admin, member):
    page = text(admin_client_a.get(f"/accounts/users/{province_admin.pk}/"))
    assert "quantri_tinh" in page
    assert "Reset the password" not in page and "Grant a role" not in page and "Deactivate" not in page
    assert "Reset the password" in text(admin_client_a.get(f"/accounts/users/{member.pk}/"))


# --- Rule 2: granting a role -----------------------------------------------------------------


def test_nobody_grants_a_role_to_themselves(admin_client_a, unit_admin, commune):
    before = accounts_snapshot()
    response = send(admin_client_a, "post", "/grants", {"user_id": unit_admin.pk, "role": "leader",
                                                         "unit_id": commune.pk})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert accounts_snapshot() == before


def test_system_admin_cannot_grant_themselves_a_restricted_role(system_admin, province):
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError):
        services.grant_role(user_id=system_admin.pk, role=Role.RECEPTION_STAFF, unit_id=province.pk,
                            reason=REASON, acting_user=system_admin)
    assert accounts_snapshot() == before


def test_commune_admin_cannot_grant_reception_staff(admin_client_a, newcomer, commune):
    before = accounts_snapshot()
    response = send(admin_client_a, "post", "/grants", {"user_id": newcomer.pk, "role": "reception_staff",
                                                         "unit_id": commune.pk, "reason": REASON})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = admin_client_a.post(f"/accounts/users/{newcomer.pk}/grants/",
                                   {"role": Role.RECEPTION_STAFF, "unit": commune.pk, "reason": REASON})
    assert response.status_code == 403
    assert accounts_snapshot() == before


def test_commune_admin_cannot_grant_a_role_carrying_a_permission_the_admin_lacks(unit_admin, newcomer, commune,
                                                                                 monkeypatch):
    # No landed role outside system administration carries more than a unit administrator holds, so
    # the teller role is given a permission the administrator lacks for this test.
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.TELLER, permissions_of(Role.TELLER) | {"catalogues.manage"})
    before = accounts_snapshot()
    with pytest.raises(PermissionDeniedError) as error:
        services.grant_role(user_id=newcomer.pk, role=Role.TELLER, unit_id=commune.pk, acting_user=unit_admin)
    assert "catalogues.manage" in str(error.value.message)
    assert accounts_snapshot() == before


def test_commune_admin_appoints_the_communes_tellers(unit_admin, newcomer, commune):
    grant = services.grant_role(user_id=newcomer.pk, role=Role.TELLER, unit_id=commune.pk, acting_user=unit_admin)
    assert grant.role == Role.TELLER and grant.granted_by == unit_admin


def test_restricted_role_needs_a_reason(system_admin, newcomer, commune):
    before = accounts_snapshot()
    for reason in ["", "   ", "vì"]:
        with pytest.raises(ServiceError) as error:
            services.grant_role(user_id=newcomer.pk, role=Role.RECEPTION_STAFF, unit_id=commune.pk, reason=reason,
                                acting_user=system_admin)
        assert "reason" in error.value.field_errors
    assert accounts_snapshot() == before


def test_system_admin_grants_reception_staff_with_a_reason_and_it_is_audited(system_admin, newcomer, commune):
    client = logged_in(system_admin)
    response = send(client, "post", "/grants", {"user_id": newcomer.pk, "role": "reception_staff",
                                                "unit_id": commune.pk, "reason": REASON})
    assert response.status_code == 201 and response.json()["reason"] == REASON
    event = AuditEvent.objects.get(action="role.granted", object_id=str(response.json()["id"]))
    assert event.after["reason"] == REASON and event.after["restricted"] == ["reception.view_denouncer"]


def test_restricted_role_without_a_reason_answers_422_on_the_form(system_admin, newcomer, commune):
    client = logged_in(system_admin)
    before = accounts_snapshot()
    response = client.post(f"/accounts/users/{newcomer.pk}/grants/", {"role": Role.RECEPTION_STAFF,
                                                                       "unit": commune.pk})
    assert response.status_code == 422 and "Give the reason" in text(response)
    assert accounts_snapshot() == before
    client.post(f"/accounts/users/{newcomer.pk}/grants/", {"role": Role.RECEPTION_STAFF, "unit": commune.pk,
                                                            "reason": REASON})
    assert REASON in text(client.get(f"/accounts/users/{newcomer.pk}/"))


# --- The restricted access report ------------------------------------------------------------


@pytest.fixture
def restricted_grants(system_admin, officer, newcomer, commune, cell):
    """The officer's grant (from the fixtures), and one granted with a reason then revoked."""
    granted = services.grant_role(user_id=newcomer.pk, role=Role.RECEPTION_STAFF, unit_id=cell.pk, reason=REASON,
                                  acting_user=system_admin)
    services.revoke_role(grant_id=granted.pk, acting_user=system_admin)
    grant(newcomer, Role.LEADER, commune)  # not restricted: not in the report
    return granted


def test_restricted_access_report_lists_active_and_past_grants(system_admin, restricted_grants):
    client = logged_in(system_admin)
    page = text(client.get("/accounts/restricted/"))
    assert "tiepdan_a" in page and "moi_a" in page and REASON in page and "sysadmin" in page
    assert "Leader" not in page
    body = send(client, "get", "/grants/restricted").json()
    assert [(g["username"], bool(g["revoked_at"])) for g in body["items"]] == [("tiepdan_a", False),
                                                                                ("moi_a", True)]
    assert body["items"][1]["reason"] == REASON and body["items"][1]["granted_by"] == "sysadmin"


def test_restricted_access_report_reads_the_same_number_of_queries_however_many_grants(
        system_admin, restricted_grants, commune):
    client = logged_in(system_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/accounts/restricted/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(5):
        user = UserFactory(username=f"tiepdan_{number}", person=PersonFactory(full_name=f"Lê Văn Tiếp {number}",
                                                                                 unit=commune))
        grant(user, Role.RECEPTION_STAFF, commune)
    assert queries() == few


def test_restricted_access_report_exports_a_workbook(system_admin, restricted_grants):
    response = logged_in(system_admin).get("/accounts/restricted/?export=xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="restricted-access.xlsx"; filename*=')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["tiepdan_a", "moi_a"] and REASON in rows[2]


def test_restricted_access_report_has_an_empty_state(system_admin):
    assert "No grant of a restricted permission" in text(logged_in(system_admin).get("/accounts/restricted/"))


def test_restricted_access_report_is_for_system_admins_only(admin_client_a, restricted_grants):
    assert admin_client_a.get("/accounts/restricted/").status_code == 403
    assert admin_client_a.get("/accounts/restricted/?export=xlsx").status_code == 403
    assert send(admin_client_a, "get", "/grants/restricted").json()["count"] == 0


def test_restricted_access_report_is_in_the_navigation_of_system_admins_only(system_admin, admin_client_a):
    assert "/accounts/restricted/" in logged_in(system_admin).get("/").content.decode()
    assert "/accounts/restricted/" not in admin_client_a.get("/").content.decode()


# --- Rule 3: two-factor before the API -------------------------------------------------------


def ask_token(username: str, **extra):
    return send(Client(), "post", "/auth/token", {"username": username, "password": PASSWORD, **extra})


def test_token_is_refused_to_a_required_role_without_a_device(unit_admin, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    response = ask_token("admin_a")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_enrolment_required"
    assert set(response.json()) == {"code", "message", "errors"}
    assert not ApiToken.objects.exists()


def test_token_of_a_required_role_needs_the_code_and_then_works(unit_admin, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    device = TOTPDevice.objects.create(user=unit_admin, name="default", confirmed=True)
    assert ask_token("admin_a").status_code == 401
    assert not ApiToken.objects.exists()
    response = ask_token("admin_a", otp=current_code(device))
    assert response.status_code == 201
    headers = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}
    assert send(Client(), "get", "/me", **headers).status_code == 200


def test_password_only_token_stops_working_once_the_role_requires_two_factor(unit_admin, settings):
    _token, raw = services.api_token_create(user=unit_admin, name="cũ", acting_user=unit_admin)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert send(Client(), "get", "/me", **headers).status_code == 200
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    response = send(Client(), "get", "/me", **headers)
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"


def test_password_only_token_is_refused_on_a_write_with_an_idempotency_key_too(unit_admin, commune, settings):
    _token, raw = services.api_token_create(user=unit_admin, name="cũ", acting_user=unit_admin)
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    before = accounts_snapshot()
    response = send(Client(), "post", "/people", {"full_name": "Nguyễn Văn Mới", "unit_id": commune.pk},
                    HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"
    assert accounts_snapshot() == before


def test_session_without_a_verified_code_gets_no_api_answer_for_a_required_role(admin_client_a, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    response = send(admin_client_a, "get", "/units")
    assert response.status_code == 403 and response.json()["code"] == "two_factor_required"
    assert set(response.json()) == {"code", "message", "errors"}


def test_session_verified_in_this_login_reaches_the_api(unit_admin, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    device = TOTPDevice.objects.create(user=unit_admin, name="default", confirmed=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/accounts/login/", {"username": "admin_a", "password": PASSWORD})
    client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert send(client, "get", "/units").status_code == 200
    created = client.post("/accounts/profile/", {"name": "sau xác thực"})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=unit_admin)
    assert token.two_factor_verified and token.created_at <= timezone.now()


def test_roles_without_the_requirement_keep_password_only_access(member, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    assert ask_token("member_a").status_code == 201
    assert send(logged_in(member), "get", "/me").status_code == 200


# --- Concurrency -------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_password_reset_racing_a_system_admin_grant_waits_for_it_and_is_refused(system_admin, unit_admin,
                                                                                   newcomer, province):
    """The grant locks the account before checking; so does the reset, which then sees the grant."""
    granted, reset = threading.Event(), []

    def grant_and_linger() -> None:
        try:
            with transaction.atomic():
                services.grant_role(user_id=newcomer.pk, role=Role.SYSTEM_ADMIN, unit_id=province.pk,
                                    acting_user=system_admin)
                granted.set()
                time.sleep(0.5)  # the reset starts meanwhile and must wait for this commit
        finally:
            connections.close_all()

    def reset_password() -> None:
        granted.wait()
        try:
            services.user_set_password(user_id=newcomer.pk, password=NEW_PASSWORD, acting_user=unit_admin)
            reset.append("done")
        except PermissionDeniedError:
            reset.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=grant_and_linger), threading.Thread(target=reset_password)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert reset == ["refused"]
    assert User.objects.get(pk=newcomer.pk).check_password(PASSWORD)
