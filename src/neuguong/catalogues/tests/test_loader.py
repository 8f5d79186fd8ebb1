from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from neuguong.audit.models import AuditEvent
from neuguong.catalogues import selectors, services
from neuguong.catalogues.loader import CatalogueFileError
from neuguong.catalogues.models import (
    CatalogueSetting,
    ConfidenceLevel,
    DeadlineRule,
    DisciplineForm,
    EntryStatus,
    EvaluationLevel,
    HonourTitle,
    InvalidBallotReason,
    Manifestation,
    PetitionKind,
)
from neuguong.catalogues.registry import CATALOGUES
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import PermissionDeniedError

from .helpers import catalogue_rows, replace_in


def _loaded_events():
    return AuditEvent.objects.filter(action="catalogue.loaded")


def test_first_load_creates_every_catalogue_with_one_audit_event(db):
    report = services.catalogues_load(acting_user=SYSTEM)
    assert Manifestation.objects.count() == 27
    assert EvaluationLevel.objects.count() == 4
    assert DeadlineRule.objects.count() == 9
    assert PetitionKind.objects.count() == 4
    assert ConfidenceLevel.objects.count() == 3
    assert HonourTitle.objects.values("subject").distinct().count() == 3
    event = _loaded_events().get()
    assert event.actor_label == "system"
    assert event.after["created"]["manifestations"][0] == "G1.1"
    assert sum(len(codes) for codes in report.created.values()) == sum(c.model.objects.count() for c in CATALOGUES)


def test_every_entry_keeps_a_known_status(catalogues):
    for catalogue in CATALOGUES:
        statuses = set(catalogue.model.objects.values_list("status", flat=True))
        assert statuses and statuses <= set(EntryStatus.values), catalogue.key


def test_second_load_changes_nothing(catalogues):
    before = catalogue_rows()
    report = services.catalogues_load(acting_user=SYSTEM)
    assert not report.changed and not report.kept
    assert catalogue_rows() == before
    assert _loaded_events().count() == 1


def test_entries_follow_the_data_files_until_an_administrator_edits_them(catalogues, data_dir):
    replace_in(data_dir / "petitions.yaml", "days: 30, extension_days: 30", "days: 35, extension_days: 30")
    report = services.catalogues_load(acting_user=SYSTEM, directory=data_dir)
    assert report.updated == {"deadline_rules": ["tc_resolve"]}
    assert DeadlineRule.objects.get(code="tc_resolve").days == 35
    assert _loaded_events().first().after["updated"] == {"deadline_rules": ["tc_resolve"]}


def test_admin_edit_survives_reload(catalogues, system_admin, data_dir):
    rule = DeadlineRule.objects.get(code="tc_resolve")
    services.catalogue_entry_update(model_label="catalogues.deadlinerule", entry_id=rule.pk, data={"days": 40},
                                    acting_user=system_admin)
    replace_in(data_dir / "petitions.yaml", "days: 30, extension_days: 30", "days: 35, extension_days: 30")
    report = services.catalogues_load(acting_user=SYSTEM, directory=data_dir)
    services.catalogues_load(acting_user=SYSTEM)
    rule.refresh_from_db()
    assert (rule.days, rule.edited_by_admin) == (40, True)
    assert report.kept == {"deadline_rules": ["tc_resolve"]}


def test_a_deleted_entry_is_created_again(catalogues):
    PetitionKind.objects.filter(code="feedback").delete()
    report = services.catalogues_load(acting_user=SYSTEM)
    assert report.created == {"petition_kinds": ["feedback"]}
    assert PetitionKind.objects.filter(code="feedback").exists()


def test_the_facts_of_the_domain_files_are_loaded(catalogues):
    resolve = DeadlineRule.objects.get(code="kn_resolve_1")
    assert (resolve.days, resolve.complex_days, resolve.remote_days, resolve.remote_complex_days) == (30, 45, 45, 60)
    assert (resolve.calendar, resolve.from_event) == ("calendar", "accepted")
    assert (resolve.legal_ref, resolve.legal_ref_en) == ("Điều 28 Luật Khiếu nại", "Law on Complaints, art. 28")
    denunciation = DeadlineRule.objects.get(code="tc_resolve")
    assert (denunciation.extension_days, denunciation.max_extensions) == (30, 2)
    assert DeadlineRule.objects.get(code="tc_initial").extended_days == 10
    assert DeadlineRule.objects.get(code="tcd_notify").petition_kind is None
    assert selectors.evaluation_quota_ratio() == Decimal("0.2")
    assert str(selectors.confidence_quorum()) == "2/3"
    assert list(EvaluationLevel.objects.order_by("-min_points").values_list("code", "min_points")) == [
        ("HTXSNV", 90), ("HTTNV", 70), ("HTNV", 50), ("KHTNV", 0)]
    summary = Manifestation.objects.get(code="G1.6")
    assert (summary.status, summary.text, summary.needs_check) == ("summary", "", True)
    assert Manifestation.objects.get(code="G1.1").text.startswith("Phai nhạt lý tưởng cách mạng")
    assert set(DisciplineForm.objects.filter(subject="probationary_member").values_list("name", flat=True)) == {
        "Khiển trách", "Cảnh cáo"}
    assert DisciplineForm.objects.get(code="full_member.warning").limitation_years == 10
    assert CatalogueSetting.objects.get(code="evaluation.quota_ratio").status == "verified"


BAD_FILES = [
    ("missing code", "petitions.yaml", "{code: tc_forward, ", "{", "petitions.yaml: deadline_rules[5]", "no code"),
    ("duplicate code", "petitions.yaml", "code: tc_forward", "code: tc_initial",
     "petitions.yaml: deadline_rules[5] (code tc_initial)", "duplicate code"),
    ("wrong type", "petitions.yaml", "days: 90,", 'days: "90",', "deadline_rules[0] (code kn_limitation): days",
     "whole number"),
    ("unknown calendar", "petitions.yaml", "days: 5, calendar: working", "days: 5, calendar: weekly",
     "(code tc_forward): calendar", "weekly"),
    ("negative days", "petitions.yaml", "days: 30, extension_days: 30", "days: -30, extension_days: 30",
     "(code tc_resolve): days", "greater than or equal to"),
    ("unknown field", "honours.yaml", "{code: medal, ", "{code: medal, colour: red, ", "(code medal)",
     "unknown fields colour"),
    ("unknown group", "manifestations.yaml", "{code: G3.9, group: G3", "{code: G3.9, group: G9",
     "manifestations.yaml: manifestations[26] (code G3.9): group", "G9"),
    ("unknown catalogue", "honours.yaml", "honour_forms:", "honour_medals:", "honours.yaml", "honour_medals"),
    ("bad setting value", "evaluation.yaml", "value: 0.2", "value: 20", "(code evaluation.quota_ratio): value",
     "between 0 and 1"),
    ("English text missing", "confidence_vote.yaml", ',\n     text_en: "names added to the ballot"}', "}",
     "(code names_added): text_en", "English text too"),
    ("Vietnamese text missing", "honours.yaml", 'name: "Huy chương", ', 'name: "", ', "(code medal): name",
     "Vietnamese text too"),
    ("setting sentence without English", "petitions.yaml",
     'value_en: "a petition mixing several kinds is split into one petition per kind (Law on Citizen Reception, '
     'art. 25.3)"', "",
     "(code petitions.mixed_kinds): value_en", "in English too"),
    ("broken YAML", "discipline.yaml", "discipline_forms:", "discipline_forms: [", "discipline.yaml",
     "cannot be read"),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "entry", "problem"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_rejected_naming_file_and_entry_and_changes_nothing(
    catalogues, data_dir, case, file, old, new, entry, problem
):
    replace_in(data_dir / "holidays.yaml", 'name: "Tết Dương lịch"', 'name: "Tết Dương lịch (1/1)"')
    replace_in(data_dir / file, old, new)
    before = catalogue_rows()
    with pytest.raises(CatalogueFileError) as error, translation.override("en"):
        services.catalogues_load(acting_user=SYSTEM, directory=data_dir)
    assert any(entry in p and problem in p for p in error.value.problems), error.value.problems
    assert catalogue_rows() == before
    assert _loaded_events().count() == 1


def test_a_bad_file_on_an_empty_database_writes_nothing(db, data_dir):
    replace_in(data_dir / "petitions.yaml", "days: 90,", "days: -90,")
    with pytest.raises(CatalogueFileError):
        services.catalogues_load(acting_user=SYSTEM, directory=data_dir)
    assert all(not rows for rows in catalogue_rows().values())
    assert not _loaded_events().exists()


def _command_output(*args: str) -> str:
    out = StringIO()
    call_command("load_catalogues", *args, stdout=out)
    return out.getvalue()


def test_command_prints_one_summary_line_in_english(db):
    with translation.override("en"):
        first = _command_output()
        again = _command_output()
    total = sum(len(rows) for rows in catalogue_rows().values())
    assert first.splitlines() == [
        f"Catalogues: {len(CATALOGUES)} loaded; entries: {total} created, 0 updated, 0 unchanged, "
        "0 kept as edited by an administrator."]
    assert again.splitlines() == [
        f"Catalogues: {len(CATALOGUES)} loaded; entries: 0 created, 0 updated, {total} unchanged, "
        "0 kept as edited by an administrator."]


def test_command_prints_its_summary_in_vietnamese(db):
    with translation.override("vi"):
        output = _command_output()
    assert output.startswith(f"Danh mục: đã nạp {len(CATALOGUES)}; mục: ")
    assert "created" not in output and len(output.splitlines()) == 1


def test_command_names_the_changed_codes_only_with_verbosity_2(db):
    with translation.override("en"):
        _command_output()
        DeadlineRule.objects.filter(code="tc_initial").update(days=1)
        quiet = _command_output()
        DeadlineRule.objects.filter(code="tc_initial").update(days=1)
        detailed = _command_output("-v2")
    assert "1 updated" in quiet and "tc_initial" not in quiet and len(quiet.splitlines()) == 1
    lines = detailed.splitlines()
    assert len(lines) == 1 + len(CATALOGUES)
    unchanged = DeadlineRule.objects.count() - 1
    assert f"Petition deadlines: 0 created, 1 updated, {unchanged} unchanged, 0 kept; updated: tc_initial" in lines


def test_command_exits_non_zero_naming_the_file_and_entry(db, data_dir):
    replace_in(data_dir / "petitions.yaml", "days: 7, extended_days: 10, calendar: working",
               "days: 7, extended_days: 10, calendar: sometimes")
    with pytest.raises(CommandError) as error:
        call_command("load_catalogues", "--path", str(data_dir))
    assert error.value.returncode == 1
    assert "petitions.yaml: deadline_rules[4] (code tc_initial): calendar" in str(error.value)
    assert "nothing was written" in str(error.value)
    assert not DeadlineRule.objects.exists()


def test_an_empty_folder_is_rejected(db, tmp_path):
    with pytest.raises(CatalogueFileError, match="no catalogue data files"):
        services.catalogues_load(acting_user=SYSTEM, directory=tmp_path)


def test_only_catalogue_managers_may_load(db, unit_admin):
    with pytest.raises(PermissionDeniedError):
        services.catalogues_load(acting_user=unit_admin)
    assert not Manifestation.objects.exists()


def test_an_entry_shows_the_text_of_the_active_language(catalogues):
    reason = InvalidBallotReason.objects.get(code="names_added")
    with translation.override("vi"):
        assert str(reason) == "Phiếu ghi thêm tên người ngoài danh sách"
    with translation.override("en"):
        assert str(reason) == "names added to the ballot"
