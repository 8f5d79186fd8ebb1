"""Logins are limited per client address (failures only) and per account (the lockout)."""

import json
import re

from django.conf import settings
from django.test import Client

from conftest import PASSWORD, vietnamese_wait
from neuguong.accounts.models import ApiToken
from neuguong.audit.models import AuditEvent


def ask_token(username: str, password: str = PASSWORD, address: str = "198.51.100.9", **extra):
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/auth/token", json.dumps({"username": username, "password": password}),
        content_type="application/json", REMOTE_ADDR=address, **extra)


def test_failed_logins_from_one_address_are_limited_across_usernames(unit_admin, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 3
    for name in ("an", "binh", "cuong"):
        assert ask_token(name, "wrong-password").status_code == 401
    events = AuditEvent.objects.count()
    refused = ask_token("admin_a")  # even the right password of another account
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 3600 and not ApiToken.objects.exists()
    assert AuditEvent.objects.count() == events
    assert ask_token("admin_a", address="198.51.100.10").status_code == 201


def test_behind_a_proxy_failed_logins_of_one_user_do_not_block_the_office(unit_admin, settings):
    settings.TRUSTED_PROXIES = 1
    settings.LOGIN_ADDRESS_MAX_FAILURES = 3
    for name in ("an", "binh", "cuong"):
        ask_token(name, "wrong-password", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert ask_token("admin_a", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert ask_token("admin_a", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 201


def test_right_passwords_do_not_use_up_the_address_limit(unit_admin, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 2
    for _attempt in range(4):
        assert ask_token("admin_a").status_code == 201
    assert ask_token("nobody", "wrong-password").status_code == 401


def test_a_locked_account_says_when_to_try_again(unit_admin):
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        ask_token("admin_a", "wrong-password", address=f"198.51.100.{_attempt}")
    response = ask_token("admin_a", address="198.51.100.200")
    assert response.status_code == 429 and response.json()["code"] == "locked"
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= settings.LOGIN_LOCKOUT_MINUTES * 60
    assert re.search(r"Try again in \d+ minutes?", response.json()["message"])


def test_the_login_page_tells_a_blocked_address_in_vietnamese_when_to_try_again(unit_admin, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 1
    browser = Client()  # the product's default language
    browser.post("/accounts/login/", {"username": "an", "password": "wrong-password"})
    response = browser.post("/accounts/login/", {"username": "admin_a", "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in browser.session
    assert vietnamese_wait(int(response["Retry-After"])) in response.content.decode()
