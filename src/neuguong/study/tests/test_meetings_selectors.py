"""The cell meeting reads: the member's meetings and figures and their partial, the reminders, the
cells without a meeting and the attendance roll-up (one query)."""

import datetime as dt

from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from neuguong.accounts.scoping import held_grants
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import make_unit
from neuguong.study import modules, selectors, services
from neuguong.study.selectors import meetings as meeting_selectors

from .conftest import present, schedule, upload


def test_a_member_sees_the_upcoming_meetings_of_their_cell_with_documents_and_their_figures(
        approved_meeting, secretary, member, cell):
    later = schedule(secretary, cell, day=timezone.localdate() + dt.timedelta(days=5))
    services.meeting_document_add(meeting_id=later.pk, title="Giấy mời họp", upload=upload(), acting_user=secretary)
    upcoming = list(selectors.meetings_for_member(member, member.person))
    assert upcoming == [later]
    assert {m.pk for m in selectors.meetings_for_member(member, member.person, upcoming_only=False)} == {
        later.pk, approved_meeting.pk}
    figures = selectors.attendance_of_member(member, member.person, timezone.localdate().year)
    assert (figures.meetings, figures.present, figures.invited, figures.percent) == (1, 1, 1, 100.0)
    html = render_to_string("study/_member_meetings.html", {
        "member_meetings": upcoming, "member_attendance": figures,
        "member_attendance_year": timezone.localdate().year}, request=RequestFactory().get("/"))
    assert "Giấy mời họp" in html and 'data-testid="member-attendance"' in html


def test_the_outsider_reads_none_of_a_members_meetings(meeting, member, outsider):
    assert not selectors.meetings_for_member(outsider, member.person).exists()
    assert selectors.attendance_of_member(outsider, member.person, timezone.localdate().year).meetings == 0


def test_reminders_before_a_meeting_and_for_minutes_not_approved_in_time(secretary, member, cell, cell_members,
                                                                        manifestations):
    soon = schedule(secretary, cell, day=timezone.localdate() + dt.timedelta(days=2))
    old = schedule(secretary, cell, day=timezone.localdate() - dt.timedelta(days=selectors.minutes_due_days() + 1))
    services.meeting_hold(meeting_id=old.pk, attendance=present(*cell_members), acting_user=secretary)
    member_items = modules.meeting_items(member)
    assert [item.url for item in member_items] == [f"/study/meetings/{soon.pk}/"]
    secretary_urls = [item.url for item in modules.meeting_items(secretary)]
    assert f"/study/meetings/{old.pk}/" in secretary_urls


def test_minutes_within_the_set_days_are_not_yet_a_reminder(held, secretary, settings):
    settings.STUDY_MINUTES_DUE_DAYS = 5
    assert selectors.minutes_overdue(secretary, due_days=selectors.minutes_due_days(), limit=10) == []
    settings.STUDY_MINUTES_DUE_DAYS = "not a number"
    assert selectors.minutes_due_days() == meeting_selectors.DEFAULT_MINUTES_DUE_DAYS


def test_cells_without_a_held_meeting_in_the_month(held, unit_admin, commune, cell):
    quiet = make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    missing = list(selectors.cells_without_meeting(unit_admin, month=timezone.localdate(), unit=commune))
    assert missing == [quiet]


def test_the_attendance_roll_up_is_one_query(approved_meeting, unit_admin, commune, cell,
                                             django_assert_num_queries):
    held_grants(unit_admin)  # the user's grants, read once per request
    with django_assert_num_queries(1):
        rows, total = selectors.attendance_by_cell(unit_admin, year=timezone.localdate().year, unit=commune)
    assert [row.unit.pk for row in rows] == [cell.pk]
    assert (total.meetings, total.present, total.invited) == (1, 2, 2)


def test_the_member_page_shows_the_cells_next_meeting_and_the_members_attendance(approved_meeting, secretary,
                                                                                 member, cell):
    later = schedule(secretary, cell, day=timezone.localdate() + dt.timedelta(days=5))
    services.meeting_document_add(meeting_id=later.pk, title="Giấy mời họp chi bộ", upload=upload(),
                                  acting_user=secretary)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    page = client.get("/study/me/").content.decode()
    assert f'href="/study/meetings/{later.pk}/"' in page and "Giấy mời họp chi bộ" in page
    assert 'data-testid="member-attendance"' in page and "present at 1 of 1 meetings" in page


def test_the_member_page_counts_no_attendance_before_the_first_meeting_is_held(meeting, member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    page = client.get("/study/me/").content.decode()
    assert f'href="/study/meetings/{meeting.pk}/"' in page and 'data-testid="member-attendance"' not in page


def test_cells_without_a_thematic_meeting_in_the_quarter_count_only_held_thematic_meetings(
        held, secretary, cell_members, unit_admin, commune, cell):
    quiet = make_unit("Chi bộ thôn Nam", UnitKind.CELL, commune)
    today = timezone.localdate()

    def missing(**choice):
        return list(selectors.cells_without_meeting(unit_admin, month=today, unit=commune, **choice))

    assert missing(kind="thematic", period="quarter") == [cell, quiet]  # a regular meeting is not thematic
    assert missing(kind="regular", period="quarter") == [quiet]
    thematic = schedule(secretary, cell, kind="thematic")
    assert missing(kind="thematic", period="quarter") == [cell, quiet]  # scheduled is not held
    services.meeting_hold(meeting_id=thematic.pk, attendance=present(*cell_members), acting_user=secretary)
    assert missing(kind="thematic", period="quarter") == [quiet]
    first_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    earlier = first_of_quarter - dt.timedelta(days=1)
    assert cell in list(selectors.cells_without_meeting(unit_admin, month=earlier, unit=commune, kind="thematic",
                                                        period="quarter"))


def test_the_missing_page_and_the_api_choose_a_kind_and_a_quarter(held, unit_admin, commune, cell):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(unit_admin)
    month = f"{timezone.localdate():%Y-%m}"
    page = client.get(f"/study/meetings-missing/?month={month}&kind=thematic&period=quarter&unit={commune.pk}")
    text = page.content.decode()
    assert page.status_code == 200 and "Thematic meeting" in text and "quarter" in text
    assert cell.name in text[text.index('data-testid="cells-missing"'):]
    assert 'data-testid="none-missing"' in client.get(
        f"/study/meetings-missing/?month={month}&unit={commune.pk}").content.decode()  # held a regular one
    api = client.get(f"/api/v1/study-meetings-missing?month={month}&unit_id={commune.pk}&kind=thematic&period=quarter")
    assert api.status_code == 200 and [row["id"] for row in api.json()["items"]] == [cell.pk]
    assert client.get(f"/api/v1/study-meetings-missing?month={month}&unit_id={commune.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/study-meetings-missing?month={month}&period=year").status_code == 422
