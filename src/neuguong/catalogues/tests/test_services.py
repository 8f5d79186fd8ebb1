import datetime as dt

import pytest

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.catalogues import services
from neuguong.catalogues.models import CalendarOverride, CatalogueSetting, DeadlineRule, Manifestation, OverrideKind
from neuguong.core.errors import PermissionDeniedError, ServiceError

from .helpers import catalogue_rows

RULE_LABEL = "catalogues.deadlinerule"


@pytest.fixture
def rule(catalogues):
    return DeadlineRule.objects.get(code="kn_resolve_1")


def _update(rule, data, user):
    return services.catalogue_entry_update(model_label=RULE_LABEL, entry_id=rule.pk, data=data, acting_user=user)


def test_manager_corrects_an_entry_which_is_marked_and_audited(rule, system_admin):
    updated = _update(rule, {"days": 35, "calendar": "working", "status": "partial"}, system_admin)
    assert (updated.days, updated.calendar, updated.status, updated.edited_by_admin) == (35, "working", "partial", True)
    event = AuditEvent.objects.get(action="catalogue.entry_updated")
    assert event.before == {"days": 30, "calendar": "calendar", "status": "verified"}
    assert event.after == {"days": 35, "calendar": "working", "status": "partial"}
    assert event.actor == system_admin


def test_the_model_label_is_not_case_sensitive(rule, system_admin):
    services.catalogue_entry_update(model_label="catalogues.DeadlineRule", entry_id=rule.pk, data={"days": 31},
                                    acting_user=system_admin)
    rule.refresh_from_db()
    assert rule.days == 31


@pytest.mark.parametrize("user", ["unit_admin", "member", "outsider"])
def test_a_user_without_catalogues_manage_cannot_edit_and_nothing_changes(rule, request, user):
    before = catalogue_rows()
    with pytest.raises(PermissionDeniedError):
        _update(rule, {"days": 1}, request.getfixturevalue(user))
    assert catalogue_rows() == before
    assert not AuditEvent.objects.filter(action="catalogue.entry_updated").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"days": -1}, "days"),
    ({"days": 0}, "days"),
    ({"days": "many"}, "days"),
    ({"calendar": "weekly"}, "calendar"),
    ({"complex_days": 20}, "complex_days"),
    ({"remote_complex_days": 40}, "remote_complex_days"),
    ({"max_extensions": 2}, "max_extensions"),
    ({"from_event": "   "}, "from_event"),
    ({"status": "sure"}, "status"),
    ({"code": "renamed"}, "code"),
    ({"edited_by_admin": False}, "edited_by_admin"),
])
def test_invalid_values_are_refused_by_field_and_change_nothing(rule, system_admin, data, field):
    before = catalogue_rows()
    with pytest.raises(ServiceError) as error:
        _update(rule, data, system_admin)
    assert error.value.code == "invalid"
    assert field in error.value.field_errors
    assert catalogue_rows() == before


def test_saving_unchanged_values_records_nothing(rule, system_admin):
    _update(rule, {"days": 30, "legal_ref": "Điều 28 Luật Khiếu nại"}, system_admin)
    rule.refresh_from_db()
    assert not rule.edited_by_admin
    assert not AuditEvent.objects.filter(action="catalogue.entry_updated").exists()


def test_a_manifestation_marked_verified_needs_its_official_wording(catalogues, system_admin):
    summary = Manifestation.objects.get(code="G1.6")
    with pytest.raises(ServiceError) as error:
        services.catalogue_entry_update(model_label="catalogues.manifestation", entry_id=summary.pk,
                                        data={"status": "verified"}, acting_user=system_admin)
    assert "text" in error.value.field_errors
    services.catalogue_entry_update(model_label="catalogues.manifestation", entry_id=summary.pk,
                                    data={"status": "verified", "text": "Nói không đi đôi với làm.",
                                          "text_en": "Words not matched by deeds."},
                                    acting_user=system_admin)
    summary.refresh_from_db()
    assert (summary.status, summary.needs_check) == ("verified", False)


def test_a_rule_setting_keeps_its_shape(catalogues, system_admin):
    quorum = CatalogueSetting.objects.get(code="confidence.quorum_fraction")
    with pytest.raises(ServiceError) as error:
        services.catalogue_entry_update(model_label="catalogues.cataloguesetting", entry_id=quorum.pk,
                                        data={"value": "two thirds"}, acting_user=system_admin)
    assert "value" in error.value.field_errors
    services.catalogue_entry_update(model_label="catalogues.cataloguesetting", entry_id=quorum.pk,
                                    data={"value": "3/4"}, acting_user=system_admin)
    quorum.refresh_from_db()
    assert quorum.value == "3/4"


def test_a_manifestation_can_move_to_another_group(catalogues, system_admin):
    entry = Manifestation.objects.get(code="G1.9")
    group = Manifestation.objects.get(code="G2.1").group
    services.catalogue_entry_update(model_label="catalogues.manifestation", entry_id=entry.pk,
                                    data={"group": group.pk}, acting_user=system_admin)
    entry.refresh_from_db()
    assert entry.group == group


@pytest.mark.parametrize(("label", "entry_id"), [("catalogues.unknown", 1), (RULE_LABEL, 999999),
                                                 (RULE_LABEL, "abc"), ("catalogues.calendaroverride", 1)])
def test_an_unknown_catalogue_or_entry_is_not_found(catalogues, system_admin, label, entry_id):
    with pytest.raises(NotFound):
        services.catalogue_entry_update(model_label=label, entry_id=entry_id, data={}, acting_user=system_admin)


# Calendar overrides

SATURDAY = dt.date(2026, 10, 10)


def test_manager_sets_a_make_up_working_day_with_an_audit_event(db, system_admin):
    override = services.calendar_override_set(day=SATURDAY, kind=OverrideKind.WORKING_DAY,
                                              name="  Làm bù   ngày 10/10 ", acting_user=system_admin)
    assert (override.kind, override.name) == ("working_day", "Làm bù ngày 10/10")
    event = AuditEvent.objects.get(action="calendar.override_set")
    assert event.before is None
    assert event.after == {"day": "2026-10-10", "kind": "working_day", "name": "Làm bù ngày 10/10"}


def test_setting_a_day_again_replaces_its_override(db, system_admin):
    friday = dt.date(2026, 10, 9)
    services.calendar_override_set(day=friday, kind=OverrideKind.DAY_OFF, name="Nghỉ", acting_user=system_admin)
    services.calendar_override_set(day=friday, kind=OverrideKind.DAY_OFF, name="Nghỉ bù", acting_user=system_admin)
    assert CalendarOverride.objects.get().name == "Nghỉ bù"
    assert AuditEvent.objects.filter(action="calendar.override_set").first().before["name"] == "Nghỉ"


@pytest.mark.parametrize(("day", "kind", "field"), [
    (dt.date(2026, 10, 12), OverrideKind.WORKING_DAY, "kind"),  # a Monday is already a working day
    (dt.date(2026, 10, 11), OverrideKind.DAY_OFF, "kind"),  # a Sunday is already a day off
    (dt.date(2026, 2, 17), OverrideKind.DAY_OFF, "kind"),  # Tết is already a day off
    (SATURDAY, "holiday", "kind"),
    ("2026-10-10", OverrideKind.WORKING_DAY, "day"),
], ids=str)
def test_an_override_that_changes_nothing_or_is_malformed_is_refused(db, system_admin, day, kind, field):
    with pytest.raises(ServiceError) as error:
        services.calendar_override_set(day=day, kind=kind, name="Thử", acting_user=system_admin)
    assert field in error.value.field_errors
    assert not CalendarOverride.objects.exists()


def test_an_override_needs_a_name(db, system_admin):
    with pytest.raises(ServiceError) as error:
        services.calendar_override_set(day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="  ", acting_user=system_admin)
    assert "name" in error.value.field_errors


@pytest.mark.parametrize("user", ["unit_admin", "member"])
def test_a_user_without_catalogues_manage_cannot_change_the_calendar(db, request, system_admin, user):
    actor = request.getfixturevalue(user)
    with pytest.raises(PermissionDeniedError):
        services.calendar_override_set(day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="Thử", acting_user=actor)
    override = services.calendar_override_set(day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="Thử",
                                              acting_user=system_admin)
    with pytest.raises(PermissionDeniedError):
        services.calendar_override_remove(override_id=override.pk, acting_user=actor)
    assert CalendarOverride.objects.filter(pk=override.pk).exists()
    assert AuditEvent.objects.filter(action__startswith="calendar.").count() == 1


def test_removing_an_override_is_audited(db, system_admin):
    override = services.calendar_override_set(day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="Làm bù",
                                              acting_user=system_admin)
    removed = services.calendar_override_remove(override_id=override.pk, acting_user=system_admin)
    assert removed.day == SATURDAY
    assert not CalendarOverride.objects.exists()
    assert AuditEvent.objects.get(action="calendar.override_removed").before["kind"] == "working_day"


def test_removing_a_missing_override_is_not_found(db, system_admin):
    with pytest.raises(NotFound):
        services.calendar_override_remove(override_id=424242, acting_user=system_admin)
