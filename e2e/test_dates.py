"""A date is chosen with the browser's own picker; the record keeps it and the page shows it
dd/mm/yyyy."""

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("NEUGUONG_SCREENSHOTS")  # a folder to keep the phone screenshot in


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", user.raw_password)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_birth_date_chosen_with_the_picker_is_saved(new_page, newcomer, person):
    page = new_page(width=390, height=844)
    log_in(page, newcomer)
    page.goto(f"/people/{person.pk}/edit/")
    birth_date = page.locator("input[name=birth_date]")
    expect(birth_date).to_have_attribute("type", "date")

    birth_date.fill("1985-03-05")  # what the picker hands the page, whatever the locale shows
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "date-picker-390.png"), full_page=True)
    page.locator("form.stacked button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/$"))
    expect(page.locator("dl")).to_contain_text("05/03/1985")
    person.refresh_from_db()
    assert person.birth_date == dt.date(1985, 3, 5)
