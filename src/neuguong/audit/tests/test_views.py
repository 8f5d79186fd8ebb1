"""The audit viewer, seen by the unit administrator of commune A, a party member of commune A and
the administrator of the sibling commune B."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from neuguong.audit import services as audit
from neuguong.audit.models import AuditEvent
from neuguong.audit.views import diff_rows
from neuguong.orgs import services as org_services

LIST_QUERY_BOUND = 14


def text(response) -> str:
    content = response.content.decode()
    return content.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in content else content


def record(unit, action="test.happened", n=0, **values):
    with transaction.atomic():
        return audit.record(None, action, unit, after={"n": n, **values})


def test_admin_sees_the_events_of_the_subtree_only(admin_client_a, cell, sibling):
    record(cell, "cell.checked")
    record(sibling, "sibling.checked")
    page = text(admin_client_a.get("/audit/"))
    assert "cell.checked" in page and "sibling.checked" not in page


def test_filters_by_action_prefix_object_type_unit_and_dates(admin_client_a, unit_admin, commune, cell):
    org_services.unit_update(unit_id=cell.pk, changes={"name": "Chi bộ thôn Đông Mới"}, acting_user=unit_admin)
    record(commune, "person.checked")
    assert "unit.updated" not in text(admin_client_a.get("/audit/", {"action": "person."}))
    assert "person.checked" in text(admin_client_a.get("/audit/", {"action": "person."}))
    page = text(admin_client_a.get("/audit/", {"object_type": "orgs.unit", "unit": cell.pk}))
    assert "unit.updated" in page and "person.checked" not in page
    today = timezone.localdate()
    assert "unit.updated" in text(admin_client_a.get("/audit/", {"date_from": today.strftime("%d/%m/%Y")}))
    yesterday = (today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "unit.updated" not in text(admin_client_a.get("/audit/", {"date_to": yesterday}))


def test_a_period_ending_before_it_starts_is_explained(admin_client_a, cell):
    page = text(admin_client_a.get("/audit/", {"date_from": "02/01/2026", "date_to": "01/01/2026"}))
    assert "The end of the period comes before its start" in page and 'value="02/01/2026"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_event_list_query_count_does_not_grow_with_rows(admin_client_a, cell, rows, django_assert_max_num_queries):
    for n in range(rows):
        record(cell, "bulk.checked", n)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = admin_client_a.get("/audit/", {"action": "bulk."})
    assert text(response).count("bulk.checked") == rows


def test_events_are_paginated(admin_client_a, cell):
    for n in range(55):
        record(cell, "bulk.checked", n)
    assert text(admin_client_a.get("/audit/", {"action": "bulk."})).count("bulk.checked") == 50
    assert text(admin_client_a.get("/audit/", {"action": "bulk.", "page": 2})).count("bulk.checked") == 5


def test_event_detail_shows_before_and_after_as_a_diff(admin_client_a, unit_admin, cell):
    org_services.unit_update(unit_id=cell.pk, changes={"name": "Chi bộ thôn Đông Mới"}, acting_user=unit_admin)
    event = AuditEvent.objects.get(action="unit.updated")
    page = text(admin_client_a.get(f"/audit/{event.pk}/"))
    assert "<del>Chi bộ thôn Đông</del>" in page and "<ins>Chi bộ thôn Đông Mới</ins>" in page


def test_diff_rows_mark_changed_added_and_removed_fields():
    rows = {row["field"]: row for row in diff_rows({"a": 1, "b": "x"}, {"a": 2, "c": [1]})}
    assert rows["a"]["changed"] and (rows["a"]["before"], rows["a"]["after"]) == ("1", "2")
    assert rows["b"]["only_before"] and rows["c"]["only_after"] and rows["c"]["after"] == "[1]"


def test_member_is_refused_the_audit_trail(member_client, cell):
    event = record(cell)
    assert member_client.get("/audit/").status_code == 403
    assert member_client.get(f"/audit/{event.pk}/").status_code == 403


def test_outsider_gets_404_on_an_event_of_another_commune(outsider_client, cell):
    event = record(cell, "cell.checked")
    assert outsider_client.get(f"/audit/{event.pk}/").status_code == 404
    assert "cell.checked" not in text(outsider_client.get("/audit/"))


def test_every_page_declares_its_permission():
    from neuguong.audit.urls import urlpatterns

    assert all(getattr(p.callback, "permission", None) == "audit.view" for p in urlpatterns)
