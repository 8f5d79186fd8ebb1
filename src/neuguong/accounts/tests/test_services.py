import datetime as dt
import time
from types import SimpleNamespace

import pyotp
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from neuguong.accounts import middleware, services
from neuguong.accounts.models import ApiToken, RoleGrant, User
from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import NotFound, has_permission
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs.tests.factories import PersonFactory


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_admin_creates_an_account_for_a_person_of_the_commune(unit_admin, person):
    user = services.user_create(username="An.Nguyen", password="Mot-mat-khau-dai-2026", person_id=person.pk,
                                acting_user=unit_admin)
    assert user.username == "an.nguyen" and user.check_password("Mot-mat-khau-dai-2026")
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).exists()


def test_weak_password_is_refused_and_no_account_is_created(unit_admin, person):
    with pytest.raises(ServiceError) as error:
        services.user_create(username="an", password="123", person_id=person.pk, acting_user=unit_admin)
    assert "password" in error.value.field_errors
    assert not User.objects.filter(username="an").exists()


def test_outsider_cannot_create_an_account_for_another_communes_person(outsider, person):
    with pytest.raises(NotFound):
        services.user_create(username="x", password="Mot-mat-khau-dai-2026", person_id=person.pk, acting_user=outsider)
    assert not User.objects.filter(username="x").exists()


def test_granted_role_applies_to_the_whole_subtree_and_revoking_removes_it(unit_admin, person, commune, cell):
    user = services.user_create(username="staff", password="Mot-mat-khau-dai-2026", person_id=person.pk,
                                acting_user=unit_admin)
    grant = services.grant_role(user_id=user.pk, role=Role.ORGANISATION_STAFF, unit_id=commune.pk,
                                acting_user=unit_admin)
    assert has_permission(user, "people.manage", cell.path)
    services.revoke_role(grant_id=grant.pk, acting_user=unit_admin)
    user = User.objects.get(pk=user.pk)  # a new request loads the user afresh
    assert not has_permission(user, "people.manage", cell.path)
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="role.").order_by("seq")] == [
        "role.granted", "role.revoked"]


def test_unit_admin_cannot_grant_system_administration(unit_admin, person, commune):
    user = services.user_create(username="staff", password="Mot-mat-khau-dai-2026", person_id=person.pk,
                                acting_user=unit_admin)
    with pytest.raises(PermissionDeniedError):
        services.grant_role(user_id=user.pk, role=Role.SYSTEM_ADMIN, unit_id=commune.pk, acting_user=unit_admin)
    assert not RoleGrant.objects.filter(user=user).exists()


def test_member_cannot_grant_roles(member, unit_admin, commune):
    with pytest.raises((PermissionDeniedError, NotFound)):
        services.grant_role(user_id=member.pk, role=Role.UNIT_ADMIN, unit_id=commune.pk, acting_user=member)
    assert RoleGrant.objects.filter(user=member).count() == 1


def test_same_active_grant_twice_is_refused(unit_admin, member, cell):
    with pytest.raises(ServiceError) as error:
        services.grant_role(user_id=member.pk, role=Role.PARTY_MEMBER, unit_id=cell.pk, acting_user=unit_admin)
    assert "role" in error.value.field_errors


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_repeated_failures_lock_the_account_even_for_the_right_password(member, rf):
    for _ in range(3):
        with pytest.raises(ServiceError):
            services.login_attempt(request=rf.post("/"), username="member_a", password="wrong")
    member.refresh_from_db()
    assert member.locked_until and member.locked_until > timezone.now()
    with pytest.raises(ServiceError) as error:
        services.login_attempt(request=rf.post("/"), username="member_a", password=PASSWORD)
    assert error.value.code == "locked"


def test_successful_login_resets_the_failure_counter(member, rf):
    with pytest.raises(ServiceError):
        services.login_attempt(request=rf.post("/"), username="member_a", password="wrong")
    services.login_attempt(request=rf.post("/"), username="MEMBER_A", password=PASSWORD)
    member.refresh_from_db()
    assert member.failed_logins == 0
    assert AuditEvent.objects.filter(action="user.logged_in", object_id=str(member.pk)).exists()


def test_api_token_is_stored_only_as_a_hash_and_expires(member):
    token, raw = services.api_token_create(user=member, name="script", acting_user=member)
    assert raw not in token.key_hash and raw.startswith("ng_")
    assert services.api_token_user(raw) == member
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.api_token_user(raw) is None


def test_revoked_token_no_longer_authenticates(member):
    token, raw = services.api_token_create(user=member, name="script", acting_user=member)
    services.api_token_revoke(token_id=token.pk, acting_user=member)
    assert services.api_token_user(raw) is None


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # the wrong code below would otherwise delay the next try
def test_login_with_an_enrolled_device_requires_the_code(member):
    device = services.totp_enrolment_start(user=member)
    services.totp_enrolment_confirm(user=member, token=current_code(device))
    # The enrolment spent this window's code (replays are refused); act as in the next window.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    client = Client()
    response = client.post("/accounts/login/", {"username": "member_a", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert client.get("/accounts/profile/").status_code == 302  # not logged in yet
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 422
    device.refresh_from_db()
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_wrong_enrolment_code_leaves_two_factor_off(member):
    services.totp_enrolment_start(user=member)
    with pytest.raises(ServiceError):
        services.totp_enrolment_confirm(user=member, token="000000")
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["unit_admin"])
def test_role_that_requires_two_factor_is_sent_to_enrolment(admin_client_a):
    response = admin_client_a.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/enrol/"


@override_settings(SESSION_ABSOLUTE_SECONDS=60)
def test_session_ends_after_the_absolute_limit(member_client):
    assert member_client.get("/").status_code == 200
    session = member_client.session
    session["neuguong_login_at"] -= 120
    session.save()
    response = member_client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_active_session_is_stored_again_once_a_minute_not_on_every_request(member_client, monkeypatch):
    clock = SimpleNamespace(now=time.time())
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: clock.now))
    assert member_client.get("/").status_code == 200
    key = member_client.session.session_key
    stored = Session.objects.get(pk=key).expire_date
    clock.now += settings.SESSION_REFRESH_SECONDS - 1
    assert member_client.get("/").status_code == 200
    assert Session.objects.get(pk=key).expire_date == stored  # the idle time did not start over yet
    clock.now += 1
    assert member_client.get("/").status_code == 200
    assert Session.objects.get(pk=key).expire_date > stored


def test_enrolment_secret_is_a_valid_totp_seed(member):
    device = services.totp_enrolment_start(user=member)
    assert pyotp.TOTP(__import__("base64").b32encode(device.bin_key).decode()).now() == current_code(device)


def test_deactivated_user_loses_every_permission(unit_admin, member, cell):
    services.user_set_active(user_id=member.pk, active=False, acting_user=unit_admin)
    member = User.objects.get(pk=member.pk)
    assert not has_permission(member, "units.view", cell.path)


def test_person_without_account_is_not_a_user(commune):
    assert not hasattr(PersonFactory(unit=commune), "user")
