"""User and role management pages, seen by the unit administrator of commune A, a party member
of commune A and the administrator of the sibling commune B; the login pages keep working."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from neuguong.accounts.models import RoleGrant, User
from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

NEW_PASSWORD = "Mot-mat-khau-dai-2026"
LIST_QUERY_BOUND = 14


def text(response) -> str:
    """The page's main content, without the header's unit picker."""
    content = response.content.decode()
    return content.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in content else content


def accounts_snapshot():
    return (sorted(User.objects.values_list("id", "username", "is_active", "password")),
            sorted(RoleGrant.objects.values_list("id", "user_id", "role", "unit_id", "revoked_at")),
            TOTPDevice.objects.count())


# --- Login still works -----------------------------------------------------------------------


def test_login_page_and_login_still_work(client, unit_admin):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "admin_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/users/").status_code == 200


def test_a_password_is_checked_exactly_as_typed_spaces_included(client, unit_admin):
    unit_admin.set_password(" " + PASSWORD + " ")
    unit_admin.save(update_fields=["password"])
    assert client.post("/accounts/login/", {"username": "admin_a", "password": PASSWORD}).status_code == 422
    assert client.post("/accounts/login/", {"username": "admin_a", "password": f" {PASSWORD} "}).status_code == 302


def test_wrong_password_answers_422_and_keeps_the_username(client, unit_admin):
    response = client.post("/accounts/login/", {"username": "admin_a", "password": "sai"})
    assert response.status_code == 422 and 'value="admin_a"' in response.content.decode()


# --- List ------------------------------------------------------------------------------------


def test_admin_lists_accounts_of_the_subtree(admin_client_a, member, outsider):
    page = text(admin_client_a.get("/accounts/users/"))
    assert "admin_a" in page and "member_a" in page and "admin_b" not in page
    assert "Party member" in page or "Đảng viên" in page


def test_search_and_role_filter(admin_client_a, member):
    page = text(admin_client_a.get("/accounts/users/", {"q": "pham thi"}))
    assert "member_a" in page and "admin_a" not in page
    page = text(admin_client_a.get("/accounts/users/", {"role": Role.UNIT_ADMIN}))
    assert "admin_a" in page and "member_a" not in page
    assert "member_a" not in text(admin_client_a.get("/accounts/users/", {"active": "no"}))


@pytest.mark.parametrize("rows", [3, 30])
def test_account_list_query_count_does_not_grow_with_rows(admin_client_a, commune, rows,
                                                          django_assert_max_num_queries):
    for n in range(rows):
        user = UserFactory(username=f"can_bo_{n:02d}", person=PersonFactory(unit=commune))
        grant(user, Role.ORGANISATION_STAFF, commune)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = admin_client_a.get("/accounts/users/", {"q": "can_bo"})
    assert text(response).count("can_bo_") == rows


def test_member_cannot_open_account_management(member_client, unit_admin):
    assert member_client.get("/accounts/users/").status_code == 403
    assert member_client.get(f"/accounts/users/{unit_admin.pk}/").status_code == 403
    assert member_client.get("/accounts/users/new/").status_code == 403


# --- Create ----------------------------------------------------------------------------------


def test_account_creation_starts_by_finding_the_person(admin_client_a, person):
    page = text(admin_client_a.get("/accounts/users/new/", {"q": "nguyen van an"}))
    assert "Nguyễn Văn An" in page and f"?person={person.pk}" in page


def test_admin_creates_an_account_for_a_person_of_the_subtree(admin_client_a, person):
    assert "Nguyễn Văn An" in text(admin_client_a.get("/accounts/users/new/", {"person": person.pk}))
    response = admin_client_a.post("/accounts/users/new/", {
        "person": person.pk, "username": "an.nguyen", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    created = User.objects.get(username="an.nguyen")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{created.pk}/"
    assert created.person == person and created.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="user.created", object_id=str(created.pk)).exists()


def test_weak_password_answers_422_with_the_message_and_keeps_the_username(admin_client_a, person):
    before = accounts_snapshot()
    response = admin_client_a.post("/accounts/users/new/", {
        "person": person.pk, "username": "an.nguyen", "password1": "12345678901", "password2": "12345678901"})
    assert response.status_code == 422
    page = text(response)
    assert 'value="an.nguyen"' in page and "errorlist" in page
    assert accounts_snapshot() == before


def test_taken_username_is_shown_on_its_field(admin_client_a, person, member):
    response = admin_client_a.post("/accounts/users/new/", {
        "person": person.pk, "username": "member_a", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 422 and "This username is already taken" in text(response)


def test_different_passwords_are_refused(admin_client_a, person):
    response = admin_client_a.post("/accounts/users/new/", {
        "person": person.pk, "username": "an.nguyen", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.status_code == 422 and "The two passwords differ" in text(response)
    assert not User.objects.filter(username="an.nguyen").exists()


def test_outsider_cannot_create_an_account_for_a_person_of_another_commune(outsider_client, person):
    before = accounts_snapshot()
    assert outsider_client.get("/accounts/users/new/", {"person": person.pk}).status_code == 404
    response = outsider_client.post("/accounts/users/new/", {
        "person": person.pk, "username": "x.y", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert accounts_snapshot() == before


# --- Detail, grants, activation, password, two-factor ----------------------------------------


def test_admin_sees_a_user_with_grants_and_actions(admin_client_a, member, cell):
    page = text(admin_client_a.get(f"/accounts/users/{member.pk}/"))
    assert "member_a" in page and cell.name in page and "Grant a role" in page


def test_outsider_gets_404_on_users_of_another_commune(outsider_client, unit_admin, member):
    before = accounts_snapshot()
    assert outsider_client.get(f"/accounts/users/{member.pk}/").status_code == 404
    for path, data in [("grants/", {"role": Role.UNIT_ADMIN, "unit": 1}), ("active/", {"active": "0"}),
                       ("password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
                       ("two-factor/remove/", {})]:
        assert outsider_client.post(f"/accounts/users/{member.pk}/{path}", data).status_code == 404, path
    grant_id = RoleGrant.objects.get(user=member).pk
    assert outsider_client.post(f"/accounts/grants/{grant_id}/revoke/").status_code == 404
    assert accounts_snapshot() == before


def test_member_is_refused_every_account_action(member_client, unit_admin):
    before = accounts_snapshot()
    for path in ["grants/", "active/", "password/", "two-factor/remove/"]:
        assert member_client.post(f"/accounts/users/{unit_admin.pk}/{path}", {"active": "0"}).status_code == 403
    assert accounts_snapshot() == before


def test_admin_grants_and_revokes_a_role(admin_client_a, member, cell):
    response = admin_client_a.post(f"/accounts/users/{member.pk}/grants/", {"role": Role.LEADER, "unit": cell.pk})
    assert response.status_code == 302
    granted = RoleGrant.objects.get(user=member, role=Role.LEADER, revoked_at__isnull=True)
    assert admin_client_a.post(f"/accounts/grants/{granted.pk}/revoke/").status_code == 302
    granted.refresh_from_db()
    assert granted.revoked_at is not None


def test_granting_a_role_twice_is_refused_on_the_form(admin_client_a, member, cell):
    before = accounts_snapshot()
    response = admin_client_a.post(f"/accounts/users/{member.pk}/grants/",
                                   {"role": Role.PARTY_MEMBER, "unit": cell.pk})
    assert response.status_code == 422 and "already holds this role" in text(response)
    assert f'<option value="{cell.pk}" selected' in text(response)
    assert accounts_snapshot() == before


def test_granting_on_a_unit_of_another_commune_is_refused(admin_client_a, member, sibling):
    before = accounts_snapshot()
    response = admin_client_a.post(f"/accounts/users/{member.pk}/grants/",
                                   {"role": Role.TELLER, "unit": sibling.pk})
    assert response.status_code == 422
    assert accounts_snapshot() == before


def test_admin_deactivates_and_activates_an_account(admin_client_a, member):
    assert admin_client_a.post(f"/accounts/users/{member.pk}/active/", {"active": "0"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    admin_client_a.post(f"/accounts/users/{member.pk}/active/", {"active": "1"})
    member.refresh_from_db()
    assert member.is_active


def test_admin_cannot_deactivate_their_own_account(admin_client_a, unit_admin):
    response = admin_client_a.post(f"/accounts/users/{unit_admin.pk}/active/", {"active": "0"}, follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    unit_admin.refresh_from_db()
    assert unit_admin.is_active


def test_admin_resets_a_password(admin_client_a, member):
    response = admin_client_a.post(f"/accounts/users/{member.pk}/password/",
                                   {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_too_short_password_is_refused_on_the_form(admin_client_a, member):
    response = admin_client_a.post(f"/accounts/users/{member.pk}/password/", {"password1": "ngan", "password2": "ngan"})
    assert response.status_code == 422 and "errorlist" in text(response)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_admin_removes_a_lost_two_factor_device(admin_client_a, member):
    TOTPDevice.objects.create(user=member, name="default", confirmed=True)
    assert "Remove the two-factor device" in text(admin_client_a.get(f"/accounts/users/{member.pk}/"))
    assert admin_client_a.post(f"/accounts/users/{member.pk}/two-factor/remove/").status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="user.two_factor_removed").exists()


def test_profile_page_still_works(member):
    client = Client()
    client.force_login(member)
    assert client.get("/accounts/profile/").status_code == 200


def test_every_management_page_declares_its_permission():
    from neuguong.accounts.urls import urlpatterns

    management = [p for p in urlpatterns if "users" in str(p.pattern) or "grants" in str(p.pattern)]
    assert management and all(getattr(p.callback, "permission", None) for p in management)


def test_user_management_is_not_reachable_before_a_required_two_factor_enrolment(admin_client_a, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["unit_admin"]
    response = admin_client_a.get("/accounts/users/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/enrol/"
    assert admin_client_a.get("/accounts/two-factor/enrol/").status_code == 200
