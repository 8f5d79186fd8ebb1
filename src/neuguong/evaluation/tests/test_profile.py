"""The cadre profile: a person's years on one page, showing only what the viewer reads elsewhere."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.core.actors import SYSTEM
from neuguong.evaluation import selectors, services
from neuguong.honours.tests.conftest import approve as honour_approve
from neuguong.honours.tests.conftest import open_round, propose, vote
from neuguong.inspection import services as inspection

from .conftest import YEAR, client_for, make_period, review_of, to_classified

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(period, member, secretary, leader, unit_admin, commune):
    """This year's review of ``member``, classified with discipline effective in the year, then approved."""
    violation = inspection.violation_record(unit_id=commune.pk, subject_person_id=member.person.pk,
                                            occurred_on=dt.date(YEAR - 1, 12, 1), description="Vi phạm",
                                            acting_user=SYSTEM)
    inspection.decision_make(violation_id=violation.pk, form="full_member.reprimand", number="12-QĐ/UBKT",
                             decided_on=dt.date(YEAR, 1, 2), grounds="Căn cứ", acting_user=SYSTEM)
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95)
    return services.approve(review_id=review.pk, acting_user=leader)


@pytest.fixture
def honoured(unit_admin, commune, member):
    nomination = propose(unit_admin, open_round(unit_admin, commune), person=member.person)
    vote(unit_admin, nomination)
    return honour_approve(unit_admin, nomination)


def test_a_reviewer_reads_the_year_with_its_level_discipline_and_honour(approved, honoured, unit_admin, member):
    profile = selectors.cadre_profile(unit_admin, member.person.pk)
    assert profile.reviewer and [entry.year for entry in profile.years] == [YEAR]
    [entry] = profile.years
    [row] = entry.reviews
    assert row.review.pk == approved.pk and row.level and approved.level == "KHTNV"
    assert [decision.number for decision in entry.discipline] == ["12-QĐ/UBKT"]
    assert [award.person_id for award in entry.awards] == [member.person.pk]
    page = client_for(unit_admin).get(f"/evaluation/people/{member.person.pk}/").content.decode()
    assert "12-QĐ/UBKT" in page and "95" in page


def test_the_person_reads_their_own_years_without_what_sits_beside(approved, member):
    profile = selectors.cadre_profile(member, member.person.pk)
    assert not profile.reviewer and profile.years[0].discipline == []
    page = client_for(member).get(f"/evaluation/people/{member.person.pk}/").content.decode()
    assert "12-QĐ/UBKT" not in page


def test_a_level_not_yet_approved_does_not_show(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95)
    assert review.level
    [row] = selectors.cadre_profile(unit_admin, member.person.pk).years[0].reviews
    assert row.level == ""


def test_several_years_show_newest_first(period, member, unit_admin, commune):
    earlier = make_period(unit_admin, commune, title="Kiểm điểm năm trước", year=YEAR - 1)
    services.period_open(period_id=earlier.pk, acting_user=SYSTEM)
    years = [entry.year for entry in selectors.cadre_profile(unit_admin, member.person.pk).years]
    assert years == [YEAR, YEAR - 1]


def test_an_outsider_gets_not_found_like_an_unknown_person(period, member, outsider):
    client = client_for(outsider)
    assert client.get(f"/evaluation/people/{member.person.pk}/").status_code == 404
    assert client.get("/evaluation/people/999999/").status_code == 404


def test_the_profile_reads_a_fixed_number_of_queries_whatever_the_years(period, member, unit_admin, commune):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.cadre_profile(unit_admin, member.person.pk)
        return len(captured)

    one_year = queries()
    earlier = make_period(unit_admin, commune, title="Kiểm điểm năm trước", year=YEAR - 1)
    services.period_open(period_id=earlier.pk, acting_user=SYSTEM)
    # Each more year reads its Chỉ thị 05 result and its discipline: two queries, no more.
    assert queries() == one_year + 2


def test_the_api_gives_the_same_profile_and_hides_the_level_before_approval(period, member, secretary, leader,
                                                                           unit_admin, outsider):
    to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=95)
    url = f"/api/v1/evaluation-people/{member.person.pk}/profile"
    body = client_for(unit_admin).get(url).json()
    assert body["reviewer"] is True and [y["year"] for y in body["years"]] == [YEAR]
    [row] = body["years"][0]["reviews"]
    assert row["status"] == "classified" and row["level"] == "" and row["total_points"] is None
    assert client_for(outsider).get(url).status_code == 404


def _docx_text(response) -> str:
    import io

    from docx import Document

    assert response.status_code == 200, response.status_code
    assert ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_the_profile_in_word_shows_a_reviewer_what_the_page_shows(approved, honoured, unit_admin, member, cell):
    profile = selectors.cadre_profile(unit_admin, member.person.pk)
    [row] = profile.years[0].reviews
    [award] = profile.years[0].awards
    page = client_for(unit_admin).get(f"/evaluation/people/{member.person.pk}/").content.decode()
    assert f"/evaluation/people/{member.person.pk}/profile.docx" in page
    text = _docx_text(client_for(unit_admin).get(f"/evaluation/people/{member.person.pk}/profile.docx"))
    assert "CADRE PROFILE" in text and f"Profile of {member.person.full_name}" in text
    assert str(YEAR) in text and approved.period.title in text and cell.name in text
    assert row.level == "Did not complete tasks" and row.level in text and "95" in text
    assert "Lowest level set automatically" in text and "Yes" in text  # the discipline's trigger
    assert "Discipline effective this year: 12-QĐ/UBKT" in text and "Following Directive 05" in text
    assert f"({award.decided_on:%d/%m/%Y})" in text and "Honours: —" not in text


def test_the_person_s_own_profile_in_word_leaves_out_what_sits_beside(approved, member):
    text = _docx_text(client_for(member).get(f"/evaluation/people/{member.person.pk}/profile.docx"))
    assert "Did not complete tasks" in text and "Levels show once approved." in text
    assert "12-QĐ/UBKT" not in text and "Following Directive 05" not in text and "Residents' comments" not in text


def test_the_profile_in_word_hides_a_level_not_yet_approved(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95)
    text = _docx_text(client_for(unit_admin).get(f"/evaluation/people/{member.person.pk}/profile.docx"))
    level = {"KHTNV": "Did not complete tasks", "HTNV": "Completed tasks"}.get(review.level, review.level)
    assert "Classified" in text and level not in text and "95" not in text


def test_the_profile_in_word_is_in_vietnamese(approved, unit_admin, member):
    text = _docx_text(client_for(unit_admin).get(f"/evaluation/people/{member.person.pk}/profile.docx",
                                                 HTTP_ACCEPT_LANGUAGE="vi"))
    assert "HỒ SƠ ĐÁNH GIÁ CÁN BỘ" in text and f"Hồ sơ của {member.person.full_name}" in text
    assert "Mức xếp loại" in text and "Không hoàn thành nhiệm vụ" in text and "Kỷ luật có hiệu lực trong năm" in text


def test_the_profile_in_word_is_not_found_out_of_scope(approved, member, outsider):
    for url in (f"/evaluation/people/{member.person.pk}/profile.docx", "/evaluation/people/999999/profile.docx"):
        response = client_for(outsider).get(url)
        assert response.status_code == 404 and "Content-Disposition" not in response
        assert member.person.full_name not in response.content.decode()
