"""A newcomer's first minutes: log in, try English and back, find a colleague by typing the
name without diacritics, open the record; and the same navigation on a phone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", user.raw_password)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def search_button(page):
    return page.locator("form[role=search] button[type=submit]")


def test_newcomer_switches_language_and_finds_a_person(new_page, newcomer, person):
    page = new_page()
    log_in(page, newcomer)
    page.goto("/people/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    vietnamese_label = search_button(page).inner_text()

    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(search_button(page)).to_have_text("Search")
    assert vietnamese_label != "Search"
    expect(page.get_by_test_id("lang-vi")).to_have_text("Tiếng Việt")

    page.get_by_test_id("lang-vi").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(search_button(page)).to_have_text(vietnamese_label)

    table = page.locator("#people-table")
    expect(table).to_contain_text("Đinh Thị Mới")  # the newcomer's own record, before searching
    page.get_by_test_id("people-search").fill("nguyen van")
    expect(table).not_to_contain_text("Đinh Thị Mới")
    expect(page).to_have_url(re.compile(r"q=nguyen"))  # the live search keeps the address shareable
    table.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/$"))


def test_navigation_is_reachable_on_a_phone(new_page, newcomer):
    page = new_page(width=375, height=667)
    log_in(page, newcomer)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    navigation = page.locator("nav.sidebar")
    expect(navigation).to_be_visible()
    people_link = navigation.locator("a[href='/people/']")
    expect(people_link).to_be_in_viewport()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    people_link.click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(navigation.locator("a[aria-current=page]")).to_have_attribute("href", "/people/")
