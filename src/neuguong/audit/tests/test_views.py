"""The audit viewer, seen by the unit administrator of commune A, a party member of commune A and
the administrator of the sibling commune B."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.tests.tampering import append_plain
from neuguong.audit.views import diff_rows
from neuguong.orgs import services as org_services

LIST_QUERY_BOUND = 14


def text(response) -> str:
    content = response.content.decode()
    return content.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in content else content


def table(response) -> str:
    """The events table only: the filters' options name every action too."""
    page = text(response)
    return page.split("<table", 1)[1].split("</table>", 1)[0] if "<table" in page else ""


def record(unit, action="demo.loaded", n=0, **values):
    with transaction.atomic():
        return audit.record(None, action, unit, after={"n": n, **values})


def test_admin_sees_the_events_of_the_subtree_only(admin_client_a, cell, sibling):
    record(cell, "unit.moved")
    record(sibling, "unit.dissolved")
    events = table(admin_client_a.get("/audit/"))
    assert "Unit moved" in events and "unit.dissolved" not in events and "Unit dissolved" not in events


def test_the_list_names_actions_in_vietnamese_with_the_code_beside(unit_admin, cell):
    record(cell, "unit.moved")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(unit_admin)
    events = table(client.get("/audit/"))
    assert '<span title="unit.moved">Chuyển đơn vị</span>' in events
    assert '<span class="helptext"><code>unit.moved</code></span>' in events


def test_an_event_about_no_record_shows_no_kind_of_record(admin_client_a, cell):
    with transaction.atomic():
        audit.record(None, "catalogue.loaded", unit=cell)
    events = table(admin_client_a.get("/audit/", {"module": "catalogues"}))
    assert "Catalogue loaded" in events and "Any kind of record" not in events


def test_an_event_of_a_retired_action_shows_its_code(admin_client_a, cell):
    with transaction.atomic():
        append_plain(cell, action="unit.faxed")
    assert '<span title="unit.faxed">unit.faxed</span>' in table(admin_client_a.get("/audit/"))


def test_filters_by_module_action_object_type_unit_and_dates(admin_client_a, unit_admin, commune, cell):
    org_services.unit_update(unit_id=cell.pk, changes={"name": "Chi bộ thôn Đông Mới"}, acting_user=unit_admin)
    record(commune, "petition.received")
    assert "unit.updated" not in table(admin_client_a.get("/audit/", {"module": "reception"}))
    assert "petition.received" in table(admin_client_a.get("/audit/", {"module": "reception"}))
    by_action = table(admin_client_a.get("/audit/", {"module": "orgs", "action": "unit.updated"}))
    assert "unit.updated" in by_action and "unit.created" not in by_action
    page = table(admin_client_a.get("/audit/", {"object_type": "orgs.unit", "unit": cell.pk}))
    assert "unit.updated" in page and "petition.received" not in page
    today = timezone.localdate()
    assert "unit.updated" in table(admin_client_a.get("/audit/", {"date_from": today.strftime("%d/%m/%Y")}))
    yesterday = (today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "unit.updated" not in table(admin_client_a.get("/audit/", {"date_to": yesterday}))


def test_the_action_filter_offers_the_chosen_modules_actions(admin_client_a):
    page = text(admin_client_a.get("/audit/", {"module": "reception"}))
    action_select = page.split('name="action"', 1)[1].split("</select>", 1)[0]
    assert '<option value="petition.received">Petition received</option>' in action_select
    assert "user.logged_in" not in action_select
    everything = text(admin_client_a.get("/audit/")).split('name="action"', 1)[1].split("</select>", 1)[0]
    assert '<optgroup label="Accounts">' in everything
    assert '<option value="user.logged_in">Logged in</option>' in everything


def test_choosing_a_module_swaps_in_its_actions(admin_client_a):
    page = text(admin_client_a.get("/audit/"))
    assert 'hx-get="/audit/actions/"' in page and 'hx-target="#id_action"' in page
    response = admin_client_a.get("/audit/actions/", {"module": "ballots"}, HTTP_HX_REQUEST="true")
    options = response.content.decode()
    assert options.startswith('<select name="action" id="id_action">')
    assert '<option value="ballot.cast">Vote cast</option>' in options and "petition." not in options
    assert "<optgroup" in admin_client_a.get("/audit/actions/", {"module": "nonsense"}).content.decode()


def test_an_action_of_another_module_is_explained(admin_client_a):
    page = text(admin_client_a.get("/audit/", {"module": "reception", "action": "unit.moved"}))
    assert "unit.moved is not one of the available choices" in page
    assert '<option value="reception" selected>' in page


def test_a_period_ending_before_it_starts_is_explained(admin_client_a, cell):
    page = text(admin_client_a.get("/audit/", {"date_from": "02/01/2026", "date_to": "01/01/2026"}))
    assert "The end of the period comes before its start" in page and 'value="2026-01-02"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_event_list_query_count_does_not_grow_with_rows(admin_client_a, cell, rows, django_assert_max_num_queries):
    for n in range(rows):
        record(cell, "demo.loaded", n)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = admin_client_a.get("/audit/", {"module": "orgs", "action": "demo.loaded"})
    assert table(response).count("<code>demo.loaded</code>") == rows


def test_events_are_paginated(admin_client_a, cell):
    for n in range(55):
        record(cell, "demo.loaded", n)
    filters = {"module": "orgs", "action": "demo.loaded"}
    assert table(admin_client_a.get("/audit/", filters)).count("<code>demo.loaded</code>") == 50
    assert table(admin_client_a.get("/audit/", {**filters, "page": 2})).count("<code>demo.loaded</code>") == 5


def test_event_detail_shows_before_and_after_as_a_diff(admin_client_a, unit_admin, cell):
    org_services.unit_update(unit_id=cell.pk, changes={"name": "Chi bộ thôn Đông Mới"}, acting_user=unit_admin)
    event = AuditEvent.objects.get(action="unit.updated")
    page = text(admin_client_a.get(f"/audit/{event.pk}/"))
    assert "<del>Chi bộ thôn Đông</del>" in page and "<ins>Chi bộ thôn Đông Mới</ins>" in page
    assert '<span title="unit.updated">Unit updated</span></h1>' in page and "<code>unit.updated</code>" in page


def test_diff_rows_mark_changed_added_and_removed_fields():
    rows = {row["field"]: row for row in diff_rows({"a": 1, "b": "x"}, {"a": 2, "c": [1]})}
    assert rows["a"]["changed"] and (rows["a"]["before"], rows["a"]["after"]) == ("1", "2")
    assert rows["b"]["only_before"] and rows["c"]["only_after"] and rows["c"]["after"] == "<code>[1]</code>"


def test_recorded_dates_and_flags_read_in_the_viewers_language():
    with translation.override("vi"):
        rows = {row["field"]: row for row in diff_rows({"due_on": "2026-12-08", "active": True},
                                                          {"due_on": "2027-01-12", "active": False})}
    assert (rows["due_on"]["before"], rows["due_on"]["after"]) == ("08/12/2026", "12/01/2027")
    assert (rows["active"]["before"], rows["active"]["after"]) == ("Có", "Không")


def test_recorded_codes_show_as_code_and_names_as_text():
    rows = {row["field"]: row for row in diff_rows({"status": "in_progress", "name": "Chi bộ thôn Đông"},
                                                      {"status": "closed", "name": "<b>An</b>"})}
    assert (rows["status"]["before"], rows["status"]["after"]) == ("<code>in_progress</code>", "<code>closed</code>")
    assert (rows["name"]["before"], rows["name"]["after"]) == ("Chi bộ thôn Đông", "<b>An</b>")


def test_member_is_refused_the_audit_trail(member_client, cell):
    event = record(cell)
    assert member_client.get("/audit/").status_code == 403
    assert member_client.get(f"/audit/{event.pk}/").status_code == 403
    assert member_client.get("/audit/actions/", {"module": "orgs"}).status_code == 403


def test_outsider_gets_404_on_an_event_of_another_commune(outsider_client, cell):
    event = record(cell, "unit.moved")
    assert outsider_client.get(f"/audit/{event.pk}/").status_code == 404
    assert "unit.moved" not in table(outsider_client.get("/audit/"))
    assert "unit.moved" not in table(outsider_client.get("/audit/", {"module": "orgs", "action": "unit.moved"}))


def test_every_page_declares_its_permission():
    from neuguong.audit.urls import urlpatterns

    assert all(getattr(p.callback, "permission", None) == "audit.view" for p in urlpatterns)
