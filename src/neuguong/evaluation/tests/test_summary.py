"""The unit summary of a period (levels by subtree, with the drill-down to the people) and the page
that classifies the whole period: scoped like the period, the denied changing nothing."""

import io

from openpyxl import load_workbook

from neuguong.evaluation import selectors
from neuguong.evaluation.models import Review, ReviewStatus
from neuguong.orgs.models import PARTY_KINDS

from .conftest import client_for, review_of, to_classified


def _classified(period, member, secretary, leader, unit_admin):
    to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=80, tasks_kwargs={"count": 4})
    to_classified(review_of(period, secretary), subject=secretary, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=45)


def test_the_summary_counts_the_levels_by_subtree(period, cell, commune, member, secretary, leader, unit_admin,
                                                  django_assert_max_num_queries):
    _classified(period, member, secretary, leader, unit_admin)
    with django_assert_max_num_queries(4):
        summary = selectors.level_summary(unit_admin, period.pk)
    [row] = [row for row in summary.rows if row.unit == cell]
    assert all(r.unit.kind in PARTY_KINDS for r in summary.rows if r.unit)  # no government office listed
    assert (row.people["HTTNV"], row.people["KHTNV"], row.waiting) == (1, 1, 1)  # the cell's collective waits
    assert summary.total.total == Review.objects.filter(period=period).count()
    assert summary.total.people["HTTNV"] == 1
    drilled = list(selectors.summary_reviews(unit_admin, period.pk, unit_id=cell.pk, level="KHTNV"))
    assert [r.person_id for r in drilled] == [secretary.person_id]


def test_the_summary_page_drills_down_to_the_people_and_downloads(period, cell, member, secretary, leader,
                                                                  unit_admin):
    _classified(period, member, secretary, leader, unit_admin)
    client = client_for(unit_admin)
    page = client.get(f"/evaluation/periods/{period.pk}/summary/")
    assert page.status_code == 200 and cell.name in page.content.decode()
    drill = client.get(f"/evaluation/periods/{period.pk}/summary/?unit={cell.pk}&level=HTTNV").content.decode()
    assert member.person.full_name in drill and secretary.person.full_name not in drill
    sheet = client.get(f"/evaluation/periods/{period.pk}/summary/?export=summary")
    rows = list(load_workbook(io.BytesIO(b"".join(sheet.streaming_content if sheet.streaming else [sheet.content])))
                .active.iter_rows(values_only=True))
    assert any(cell.name in [str(value) for value in row] for row in rows)


def test_the_summary_is_out_of_reach_out_of_scope(period, member, outsider, cell):
    for user in (outsider, member):
        client = client_for(user)
        assert client.get(f"/evaluation/periods/{period.pk}/summary/").status_code in (403, 404)
    assert client_for(outsider).get(f"/evaluation/periods/{period.pk}/summary/?export=summary").status_code in (
        403, 404)


def test_a_unit_outside_the_period_answers_404(period, unit_admin, sibling):
    client = client_for(unit_admin)
    assert client.get(f"/evaluation/periods/{period.pk}/summary/?unit={sibling.pk}").status_code == 404


def test_the_staff_classify_the_period_from_its_page(period, member, secretary, leader, unit_admin, outsider):
    review = review_of(period, member)
    to_classified(review, subject=member, secretary=secretary, leader=leader, unit_admin=unit_admin, total=80)
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.SUPERIOR_ASSESSED, level="")
    assert client_for(outsider).post(f"/evaluation/periods/{period.pk}/classify/", {}).status_code in (403, 404)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUPERIOR_ASSESSED
    client = client_for(unit_admin)
    assert 'data-action="classify"' in client.get(f"/evaluation/periods/{period.pk}/").content.decode()
    response = client.post(f"/evaluation/periods/{period.pk}/classify/", {})
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.CLASSIFIED


def _docx(response):
    from docx import Document

    assert response.status_code == 200, response.status_code
    assert ".docx" in response["Content-Disposition"]
    return Document(io.BytesIO(response.content))


def test_the_summary_in_word_has_the_figures_of_the_page(period, cell, commune, member, secretary, leader,
                                                         unit_admin):
    _classified(period, member, secretary, leader, unit_admin)
    summary = selectors.level_summary(unit_admin, period.pk)
    document = _docx(client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/summary/?export=summary_docx"))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "SUMMARY OF THE LEVELS" in text and commune.name.upper() in "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert f"Reviews: {summary.total.total}; classified: 2; not yet classified: {summary.total.waiting}." in text
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "No."]
    rows = [[cell_.text for cell_ in row.cells] for row in table.rows]
    assert rows[0][1] == "Unit and its subtree" and rows[0][-1] == "Reviews"
    [found] = [row for row in rows if row[1] == cell.name]
    [expected] = [row for row in summary.rows if row.unit == cell]
    assert found[2:] == [str(n) for n in (*expected.people.values(), *expected.collectives.values(),
                                          expected.waiting, expected.total)]
    assert found[2:6] == ["0", "1", "0", "1"]  # HTTNV and KHTNV members, as the page shows
    assert rows[-1][1] == "Total" and rows[-1][-1] == str(summary.total.total)
    assert len(rows) == 1 + len(summary.rows) + 1
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape for 12 columns


def test_the_summary_in_word_follows_the_chosen_unit_and_speaks_vietnamese(period, cell, member, secretary, leader,
                                                                           unit_admin):
    _classified(period, member, secretary, leader, unit_admin)
    response = client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/summary/?unit={cell.pk}"
                                          "&export=summary_docx", HTTP_ACCEPT_LANGUAGE="vi")
    document = _docx(response)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "TỔNG HỢP KẾT QUẢ XẾP LOẠI" in text and f"{period.title}: {cell.name}" in text
    assert "Tổng cộng" in cells and "Tại chính đơn vị" in cells and "Đảng viên: HTTNV" in cells
    page = client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/summary/?unit={cell.pk}").content.decode()
    assert "export=summary_docx" in page


def test_the_summary_in_word_is_denied_out_of_scope(period, member, outsider, cell, unit_admin, sibling):
    for user in (outsider, member):
        response = client_for(user).get(f"/evaluation/periods/{period.pk}/summary/?export=summary_docx")
        assert response.status_code in (403, 404)
        assert "wordprocessingml" not in response.get("Content-Type", "")
        assert "Content-Disposition" not in response
    assert cell.name not in client_for(outsider).get(
        f"/evaluation/periods/{period.pk}/summary/?export=summary_docx").content.decode()
    response = client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/summary/?unit={sibling.pk}"
                                          "&export=summary_docx")
    assert response.status_code == 404


def _people_in(body: str) -> str:
    return body.split('id="summary-review-table"', 1)[1]


def test_the_drill_down_is_a_list_page_of_members_or_collectives_with_search_sorts_and_downloads(
        period, cell, member, secretary, leader, unit_admin):
    _classified(period, member, secretary, leader, unit_admin)
    collective = review_of(period, unit=cell)
    client = client_for(unit_admin)
    url = f"/evaluation/periods/{period.pk}/summary/"
    summary = client.get(f"{url}?unit={cell.pk}").content.decode()
    # The members' and the collectives' figures lead to different lists.
    assert f"?unit={cell.pk}&amp;level=waiting#people-title" in summary
    waiting_people = _people_in(client.get(f"{url}?unit={cell.pk}&level=waiting&subject=people").content.decode())
    waiting_units = _people_in(client.get(f"{url}?unit={cell.pk}&level=waiting&subject=collectives").content.decode())
    assert "No review matches." in waiting_people
    assert f"/evaluation/reviews/{collective.pk}/" in waiting_units
    # All the reviews of the subtree by default, a search by name without diacritics, the sorts.
    everyone = _people_in(client.get(f"{url}?unit={cell.pk}").content.decode())
    assert member.person.full_name in everyone and secretary.person.full_name in everyone
    plain = member.person.search_name.split()[-1]
    found = _people_in(client.get(f"{url}?unit={cell.pk}&q={plain}").content.decode())
    assert member.person.full_name in found and secretary.person.full_name not in found
    by_points = _people_in(client.get(f"{url}?unit={cell.pk}&sort=points").content.decode())
    assert by_points.index(member.person.full_name) < by_points.index(secretary.person.full_name)
    # The htmx request gets the table alone; the download holds the filtered list.
    partial = client.get(f"{url}?unit={cell.pk}&level=HTTNV", HTTP_HX_REQUEST="true").content.decode()
    assert "<h1>" not in partial and member.person.full_name in partial
    sheet = client.get(f"{url}?unit={cell.pk}&level=KHTNV&subject=people&export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(sheet.streaming_content if sheet.streaming else [sheet.content])))
                .active.iter_rows(values_only=True))
    names = [str(value) for row in rows for value in row]
    assert secretary.person.full_name in names and member.person.full_name not in names


def test_the_drill_down_reads_the_same_number_of_queries_for_one_review_or_many(period, cell, member, secretary,
                                                                                leader, unit_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _classified(period, member, secretary, leader, unit_admin)
    client = client_for(unit_admin)
    url = f"/evaluation/periods/{period.pk}/summary/?unit={cell.pk}"
    client.get(f"{url}&level=HTTNV")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{url}&level=HTTNV")
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert secretary.person.full_name in body
    assert len(many) == len(one)
