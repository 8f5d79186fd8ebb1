"""The audit trail's filters in a browser: choosing a module narrows the actions offered, and
the events are named in Vietnamese."""

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from neuguong.audit import services as audit

from .test_newcomer import log_in

pytestmark = pytest.mark.e2e


def test_choosing_a_module_offers_its_actions_and_filters_the_events(new_page, newcomer, cell):
    with transaction.atomic():
        audit.record(newcomer, "petition.received", unit=cell)
    page = new_page(width=1366, height=900)
    log_in(page, newcomer)
    page.goto("/audit/")
    table = page.get_by_role("table", name="Sự kiện")
    expect(table).to_contain_text("Tạo đơn vị")  # the cell's creation, before filtering

    page.select_option("#id_module", "reception")
    actions = page.locator("#id_action")
    expect(actions.locator("option[value='petition.received']")).to_have_text("Tiếp nhận đơn")
    expect(actions.locator("option[value='user.logged_in']")).to_have_count(0)
    actions.select_option("petition.received")
    page.locator("form[role=search] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"module=reception&action=petition.received"))
    expect(table).to_contain_text("Tiếp nhận đơn")
    expect(table).not_to_contain_text("Tạo đơn vị")
    expect(page.locator("#id_module")).to_have_value("reception")
