import datetime as dt

import pytest
from django.urls import reverse

from neuguong.audit.models import AuditEvent
from neuguong.catalogues.models import CalendarOverride, DeadlineRule, Manifestation

from .helpers import catalogue_rows

INDEX = reverse("catalogues:index")
# The page layout (session, user, grants, unit picker, session save) takes about ten queries; a
# catalogue page adds one whatever the number of entries.
MAX_QUERIES = 12
CALENDAR = reverse("catalogues:calendar")


def _page(slug):
    return reverse("catalogues:catalogue", args=[slug])


def _edit(slug, pk):
    return reverse("catalogues:entry_edit", args=[slug, pk])


@pytest.fixture
def rule(catalogues):
    return DeadlineRule.objects.get(code="tc_resolve")


def _rule_form(rule, **changes):
    data = {
        "name": rule.name, "petition_kind": rule.petition_kind_id, "days": rule.days, "complex_days": "",
        "remote_days": "", "remote_complex_days": "", "extended_days": "", "extension_days": rule.extension_days,
        "max_extensions": rule.max_extensions, "calendar": rule.calendar, "from_event": rule.from_event,
        "legal_ref": rule.legal_ref, "status": rule.status, "note": rule.note, "position": rule.position,
        "name_en": rule.name_en, "legal_ref_en": rule.legal_ref_en, "note_en": rule.note_en,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("url", [INDEX, CALENDAR, _page("manifestations")])
def test_a_visitor_must_log_in(client, catalogues, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [INDEX, CALENDAR, _page("manifestations")])
def test_a_user_without_catalogues_view_is_forbidden(roleless_client, catalogues, url):
    assert roleless_client.get(url).status_code == 403


def test_a_member_sees_every_catalogue_with_its_count(member_client, catalogues):
    response = member_client.get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="count-manifestations">27<' in content
    assert 'data-testid="count-deadline-rules">9<' in content
    assert "to-check-" not in content


def test_a_manager_sees_how_many_entries_are_to_be_checked(manager_client, catalogues):
    content = manager_client.get(INDEX).content.decode()
    assert 'data-testid="to-check-manifestations">14<' in content


def test_the_index_page_makes_a_bounded_number_of_queries(member_client, catalogues, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        assert member_client.get(INDEX).status_code == 200


def test_the_manifestations_page_shows_all_27_with_their_status(member_client, catalogues,
                                                                django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = member_client.get(_page("manifestations"))
    content = response.content.decode()
    assert content.count('<tr id="entry-') == 27
    assert "Fading revolutionary ideals" in content
    assert 'class="badge badge-ok">' in content
    assert 'data-testid="to-check"' not in content  # the flag is for maintainers


def test_maintainers_see_summary_and_unverified_entries_flagged(manager_client, catalogues):
    content = manager_client.get(_page("manifestations")).content.decode()
    assert content.count('data-testid="to-check"') == 14
    assert content.count(">Edit<") == 27


def test_the_status_filter_narrows_the_entries(manager_client, catalogues):
    content = manager_client.get(_page("manifestations"), {"status": "verified"}).content.decode()
    assert content.count('<tr id="entry-') == Manifestation.objects.filter(status="verified").count()


def test_setting_values_are_shown_as_lists(member_client, catalogues):
    content = member_client.get(_page("settings")).content.decode()
    assert "<li>annual</li>" in content


def test_an_unknown_catalogue_is_not_found(member_client, catalogues):
    assert member_client.get(_page("nothing-here")).status_code == 404


def test_a_manager_edits_an_entry(manager_client, rule):
    response = manager_client.post(_edit("deadline-rules", rule.pk), _rule_form(rule, days=40))
    assert response.status_code == 302
    assert response["Location"].endswith(f"{_page('deadline-rules')}#entry-{rule.pk}")
    rule.refresh_from_db()
    assert (rule.days, rule.edited_by_admin) == (40, True)


def test_the_edit_form_shows_the_current_values(manager_client, rule):
    response = manager_client.get(_edit("deadline-rules", rule.pk))
    assert response.status_code == 200
    assert 'name="days" value="30"' in response.content.decode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"days": "-3"}, "greater than or equal to"),
    ({"calendar": "weekly"}, "weekly"),
    ({"max_extensions": ""}, "Give both the days of each extension and the number of extensions, or neither."),
])
def test_an_invalid_edit_answers_422_keeps_what_was_typed_and_changes_nothing(manager_client, rule, settings,
                                                                            changes, message):
    settings.LANGUAGE_CODE = "en"
    before = catalogue_rows()
    response = manager_client.post(_edit("deadline-rules", rule.pk), _rule_form(rule, name="Tên đã gõ", **changes),
                                   HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 422
    assert message in content
    assert 'value="Tên đã gõ"' in content
    assert catalogue_rows() == before


def test_a_viewer_cannot_open_or_post_the_edit_form_and_nothing_changes(admin_client_a, rule):
    before = catalogue_rows()
    assert admin_client_a.get(_edit("deadline-rules", rule.pk)).status_code == 403
    assert admin_client_a.post(_edit("deadline-rules", rule.pk), _rule_form(rule, days=1)).status_code == 403
    assert catalogue_rows() == before
    assert not AuditEvent.objects.filter(action="catalogue.entry_updated").exists()


def test_editing_a_missing_entry_is_not_found(manager_client, catalogues):
    assert manager_client.get(_edit("deadline-rules", 999999)).status_code == 404


# The working-day calendar


def test_the_calendar_lists_the_holidays_of_the_year_in_dd_mm_yyyy(member_client, catalogues):
    response = member_client.get(CALENDAR, {"year": 2026})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="day-2026-02-17"' in content
    assert "17/02/2026" in content
    assert "22/08/2026" in content  # the make-up Saturday
    assert "Add an override" not in content


@pytest.mark.parametrize("year", ["abc", "1800", "3000"])
def test_a_year_out_of_range_is_not_found(member_client, year):
    assert member_client.get(CALENDAR, {"year": year}).status_code == 404


def test_a_manager_adds_and_removes_an_override(manager_client, catalogues):
    response = manager_client.post(reverse("catalogues:override_add"),
                                   {"day": "10/10/2026", "kind": "working_day", "name": "Làm bù"})
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026")
    override = CalendarOverride.objects.get(day=dt.date(2026, 10, 10))
    content = manager_client.get(CALENDAR, {"year": 2026}).content.decode()
    assert "Làm bù" in content
    response = manager_client.post(reverse("catalogues:override_remove", args=[override.pk]))
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()


def test_a_redundant_override_answers_422_and_keeps_what_was_typed(manager_client, catalogues, settings):
    settings.LANGUAGE_CODE = "en"
    response = manager_client.post(reverse("catalogues:override_add"),
                                   {"day": "12/10/2026", "kind": "working_day", "name": "Ngày đã gõ"},
                                   HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 422
    assert "12/10/2026 is already a working day." in content
    assert 'value="Ngày đã gõ"' in content
    assert not CalendarOverride.objects.exists()


def test_a_malformed_date_answers_422(manager_client, catalogues):
    response = manager_client.post(reverse("catalogues:override_add"),
                                   {"day": "31/02/2026", "kind": "day_off", "name": "Sai ngày"})
    assert response.status_code == 422
    assert not CalendarOverride.objects.exists()


def test_a_viewer_cannot_change_the_calendar(admin_client_a, catalogues):
    response = admin_client_a.post(reverse("catalogues:override_add"),
                                   {"day": "10/10/2026", "kind": "working_day", "name": "Làm bù"})
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()
    override = CalendarOverride.objects.create(day=dt.date(2026, 10, 10), kind="working_day", name="Làm bù")
    assert admin_client_a.post(reverse("catalogues:override_remove", args=[override.pk])).status_code == 403
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


def test_removing_a_missing_override_is_not_found(manager_client, catalogues):
    assert manager_client.post(reverse("catalogues:override_remove", args=[424242])).status_code == 404
