"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from neuguong.accounts.permissions import Role
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

# Playwright's sync API runs an event loop in the test thread; the test's own database calls
# (fixtures) are still plain synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

NEWCOMER_PASSWORD = "Nguoi-moi-vao-2026"  # noqa: S105 (a test account's password)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (no cookies) on the live server, with a given viewport.

    The test fails when the browser refused anything under the Content-Security-Policy: Chromium
    reports each refused script, style or handler on the console."""
    contexts = []
    refused: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(f"{message.location.get('url', '')}: {message.text}")

    def open_page(width: int = 1280, height: int = 800):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                      locale="vi-VN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", on_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert refused == [], "the Content-Security-Policy refused something"


@pytest.fixture
def newcomer(commune):
    """A new unit administrator of commune A, with a password the configured hasher stores."""
    user = UserFactory(username="newcomer", person=PersonFactory(full_name="Đinh Thị Mới", unit=commune))
    user.set_password(NEWCOMER_PASSWORD)
    user.save(update_fields=["password"])
    grant(user, Role.UNIT_ADMIN, commune)
    user.raw_password = NEWCOMER_PASSWORD  # what the newcomer types on the login page
    return user
