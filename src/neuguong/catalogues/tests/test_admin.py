import pytest
from django.test import Client

from neuguong.audit.models import AuditEvent
from neuguong.catalogues.models import CalendarOverride, DeadlineRule


@pytest.fixture
def staff_manager_client(system_admin):
    system_admin.is_staff = True
    system_admin.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(system_admin)
    return client


def test_an_admin_change_goes_through_the_service(staff_manager_client, catalogues):
    rule = DeadlineRule.objects.get(code="tc_forward")
    url = f"/admin/catalogues/deadlinerule/{rule.pk}/change/"
    assert staff_manager_client.get(url).status_code == 200
    data = {"name": rule.name, "petition_kind": rule.petition_kind_id, "days": 6, "complex_days": "",
            "remote_days": "", "remote_complex_days": "", "extended_days": "", "extension_days": "",
            "max_extensions": "", "calendar": rule.calendar, "from_event": rule.from_event,
            "legal_ref": rule.legal_ref, "status": rule.status, "note": rule.note, "position": rule.position,
            "name_en": rule.name_en, "legal_ref_en": rule.legal_ref_en, "note_en": rule.note_en}
    assert staff_manager_client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert (rule.days, rule.edited_by_admin) == (6, True)
    assert AuditEvent.objects.get(action="catalogue.entry_updated").after == {"days": 6}


def test_entries_cannot_be_added_or_deleted_in_the_admin(staff_manager_client, catalogues):
    rule = DeadlineRule.objects.get(code="tc_forward")
    assert staff_manager_client.get("/admin/catalogues/deadlinerule/add/").status_code == 403
    assert staff_manager_client.get(f"/admin/catalogues/deadlinerule/{rule.pk}/delete/").status_code == 403


def test_a_calendar_override_added_in_the_admin_is_audited(staff_manager_client, db):
    response = staff_manager_client.post("/admin/catalogues/calendaroverride/add/",
                                         {"day": "2026-10-10", "kind": "working_day", "name": "Làm bù"})
    assert response.status_code == 302
    assert CalendarOverride.objects.get().name == "Làm bù"
    assert AuditEvent.objects.filter(action="calendar.override_set").count() == 1


def test_a_redundant_override_is_refused_in_the_admin(staff_manager_client, db):
    response = staff_manager_client.post("/admin/catalogues/calendaroverride/add/",
                                         {"day": "2026-10-12", "kind": "working_day", "name": "Thứ hai"})
    assert response.status_code == 200
    assert not CalendarOverride.objects.exists()


def test_staff_without_catalogues_manage_do_not_see_the_catalogues(unit_admin, catalogues):
    unit_admin.is_staff = True
    unit_admin.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(unit_admin)
    assert client.get("/admin/catalogues/deadlinerule/").status_code == 403
