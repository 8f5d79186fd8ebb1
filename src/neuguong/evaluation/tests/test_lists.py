"""The evaluation lists as list pages: the periods, a period's reviews, the member's own reviews and
the collective reviews to hold, with their filters (diacritics ignored in searches), sorts (names in
the Vietnamese order), downloads (long ones by job), empty states and a query count that does not grow
with the rows; and no list nor download tells a level proposed before approval, nor a peer's review."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services
from neuguong.evaluation.models import Review
from neuguong.jobs.models import Job, JobStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory

from .conftest import client_for, make_period, review_of, self_assess, tasks, to_classified

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def anh(cell, loaded):
    """A third member of cell A, whose given name comes first in the Vietnamese order."""
    person = PersonFactory(full_name="Nguyễn Văn Ánh", unit=cell)
    MembershipFactory(person=person, cell=cell)
    return person


@pytest.fixture
def period(unit_admin, commune, member, secretary, leader, anh):
    period = make_period(unit_admin, commune)
    return services.period_open(period_id=period.pk, acting_user=SYSTEM)


def _names(response) -> list[str]:
    """The members named in the list's table, in their order (not in the header nor the quota)."""
    body = response.content.decode()
    body = body[body.index('<div id="', body.index('role="search"')):]
    found = []
    for name in ("Nguyễn Văn Ánh", "Phạm Thị Hoa", "Bùi Văn Thư"):
        if name in body:
            found.append((body.index(name), name))
    return [name for _at, name in sorted(found)]


# --- The periods -----------------------------------------------------------------------------------

def test_the_periods_list_filters_by_status_year_kind_unit_and_a_search_without_diacritics(
        unit_admin, commune, cell, loaded):
    yearly = make_period(unit_admin, commune, title="Kiểm điểm năm")
    half = make_period(unit_admin, cell, title="Kiểm điểm sáu tháng", kind="half_year")
    earlier = make_period(unit_admin, commune, title="Kiểm điểm năm trước", year=dt.date.today().year - 1)
    services.period_open(period_id=yearly.pk, acting_user=SYSTEM)
    client = client_for(unit_admin)

    def titles(**query):
        body = client.get("/evaluation/", query).content.decode()
        return {p.title for p in (yearly, half, earlier) if f">{p.title}<" in body}

    assert titles() == {"Kiểm điểm năm", "Kiểm điểm sáu tháng", "Kiểm điểm năm trước"}
    assert titles(status="open") == {"Kiểm điểm năm"}
    assert titles(kind="half_year") == {"Kiểm điểm sáu tháng"}
    assert titles(year=str(earlier.year)) == {"Kiểm điểm năm trước"}
    assert titles(unit=str(cell.pk)) == {"Kiểm điểm sáu tháng"}
    assert titles(q="chi bo thon dong") == {"Kiểm điểm sáu tháng"}  # the unit's name, without its marks
    empty = client.get("/evaluation/", {"q": "không có"}).content.decode()
    assert 'data-testid="evaluation_period-empty"' in empty and "No review period matches these filters." in empty


def test_the_periods_list_reads_the_same_number_of_queries_for_one_period_or_many(unit_admin, commune, loaded):
    client = client_for(unit_admin)
    make_period(unit_admin, commune, title="Kỳ 0")
    client.get("/evaluation/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/evaluation/").status_code == 200
    for number in range(1, 8):
        make_period(unit_admin, commune, title=f"Kỳ {number}")
    with CaptureQueriesContext(connection) as eight:
        body = client.get("/evaluation/").content.decode()
    assert "Kỳ 7" in body and "8 periods" in body
    assert len(eight) == len(one) <= 12


def test_the_periods_download_holds_the_filtered_periods(unit_admin, commune, cell, loaded):
    make_period(unit_admin, commune, title="Kiểm điểm năm")
    make_period(unit_admin, cell, title="Kiểm điểm sáu tháng", kind="half_year")
    rows = _rows(client_for(unit_admin).get("/evaluation/", {"kind": "half_year", "export": "csv"}))
    assert len(rows) == 2 and "Kiểm điểm sáu tháng" in rows[1] and "Six months" in rows[1]


def test_the_new_period_link_shows_only_to_those_who_may_create_one(unit_admin, leader, commune, loaded):
    assert 'data-action="create"' in client_for(unit_admin).get("/evaluation/").content.decode()
    page = client_for(leader).get("/evaluation/")  # evaluation.view without evaluation.manage
    assert page.status_code == 200 and 'data-action="create"' not in page.content.decode()


# --- A period's reviews -----------------------------------------------------------------------------

def test_a_period_s_reviews_filter_by_status_group_unit_level_and_name_without_diacritics(
        period, member, secretary, leader, unit_admin, cell):
    to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=80)
    client = client_for(unit_admin)
    url = f"/evaluation/periods/{period.pk}/"
    assert _names(client.get(url)) == ["Nguyễn Văn Ánh", "Phạm Thị Hoa", "Bùi Văn Thư"]
    assert _names(client.get(url, {"q": "bui van thu"})) == ["Bùi Văn Thư"]
    assert _names(client.get(url, {"q": "ÁNH"})) == ["Nguyễn Văn Ánh"]
    assert _names(client.get(url, {"status": "classified"})) == ["Phạm Thị Hoa"]
    assert _names(client.get(url, {"level": "HTTNV"})) == ["Phạm Thị Hoa"]
    collectives = client.get(url, {"group": "collective"}).content.decode()
    assert _names(client.get(url, {"group": "collective"})) == [] and "2 reviews" in collectives
    assert "3 reviews" in client.get(url, {"unit": str(cell.pk), "group": "individual_without_post"}).content.decode()
    empty = client.get(url, {"q": "không ai"}).content.decode()
    assert "No review matches these filters." in empty and "Quota of the top level by group" in empty


def test_a_period_s_reviews_sort_by_name_in_the_vietnamese_order_and_by_points(period, member, secretary, leader,
                                                                                unit_admin, anh):
    to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=70)
    to_classified(review_of(period, secretary), subject=secretary, secretary=secretary, leader=leader,
                  unit_admin=unit_admin, total=90, tasks_kwargs={"count": 10, "exceeding": 3})
    client = client_for(unit_admin)
    url = f"/evaluation/periods/{period.pk}/"
    # Given names first: Ánh, Hoa, Thư (family names first would give Bùi, Nguyễn, Phạm).
    assert _names(client.get(url, {"sort": "name", "group": "individual_without_post"})) == [
        "Nguyễn Văn Ánh", "Phạm Thị Hoa", "Bùi Văn Thư"]
    assert _names(client.get(url, {"sort": "points", "group": "individual_without_post"})) == [
        "Bùi Văn Thư", "Phạm Thị Hoa", "Nguyễn Văn Ánh"]  # the unclassified last
    rows = _rows(client.get(url, {"sort": "name", "export": "csv", "group": "individual_without_post"}))
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn Ánh", "Phạm Thị Hoa", "Bùi Văn Thư"]


def test_a_period_s_page_reads_the_same_number_of_queries_however_many_reviews(unit_admin, commune, cell, member,
                                                                               secretary, leader, loaded):
    small = services.period_open(period_id=make_period(unit_admin, commune, title="Kỳ nhỏ").pk,
                                 acting_user=SYSTEM)
    for number in range(12):
        MembershipFactory(person=PersonFactory(full_name=f"Đảng viên {number}", unit=cell), cell=cell)
    large = services.period_open(period_id=make_period(unit_admin, commune, title="Kỳ lớn").pk,
                                 acting_user=SYSTEM)
    assert Review.objects.filter(period=large).count() > Review.objects.filter(period=small).count() + 10
    client = client_for(unit_admin)
    client.get(f"/evaluation/periods/{small.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/evaluation/periods/{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        body = client.get(f"/evaluation/periods/{large.pk}/").content.decode()
    assert "Đảng viên 11" in body
    assert len(many) == len(few) <= 20


def test_a_long_download_of_a_period_s_reviews_becomes_a_job_with_the_same_filters(period, unit_admin, settings,
                                                                                   tmp_path):
    settings.TASKS, settings.MEDIA_ROOT, settings.EXPORT_INLINE_ROWS = IMMEDIATE, tmp_path, 2
    client = client_for(unit_admin)
    response = client.get(f"/evaluation/periods/{period.pk}/", {"group": "individual_without_post",
                                                                  "export": "csv"})
    job = Job.objects.get(owner=unit_admin)
    assert response.status_code == 302 and job.status == JobStatus.DONE and job.total == 3
    text = client.get(f"/jobs/{job.pk}/download/").content.decode("utf-8-sig")
    assert "Phạm Thị Hoa" in text and "Bùi Văn Thư" in text and "Chi bộ thôn Đông\r\n" not in text


# --- No level proposed, no peer's review ---------------------------------------------------------------

def test_no_list_nor_download_tells_a_level_proposed_before_the_classification(period, member, unit_admin):
    review = review_of(period, member)
    services.tasks_save(review_id=review.pk, tasks=tasks(count=10, exceeding=3), acting_user=member)
    self_assess(member, review, total=95, level="HTXSNV")
    client = client_for(unit_admin)
    url = f"/evaluation/periods/{period.pk}/"
    for level in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
        assert _names(client.get(url, {"level": level})) == []  # the proposal is no filter
    rows = _rows(client.get(url, {"export": "csv", "q": "hoa"}))
    assert len(rows) == 2 and "Excellently" not in ",".join(rows[1])
    mine = _rows(client_for(member).get("/evaluation/mine/", {"export": "csv"}))
    assert len(mine) == 2 and "Excellently" not in ",".join(mine[1])


def test_a_member_s_list_and_its_download_never_hold_a_peer_s_review_and_the_level_only_once_approved(
        period, member, secretary, leader, unit_admin):
    peer = to_classified(review_of(period, secretary), subject=secretary, secretary=secretary, leader=leader,
                         unit_admin=unit_admin, total=80)
    services.approve(review_id=peer.pk, acting_user=leader)
    own = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                        unit_admin=unit_admin, total=80)
    client = client_for(member)
    for query in ({}, {"status": "approved"}, {"year": str(period.year)}):
        body = client.get("/evaluation/mine/", query).content.decode()
        assert "Bùi Văn Thư" not in body and f"/evaluation/reviews/{peer.pk}/" not in body
    rows = _rows(client.get("/evaluation/mine/", {"export": "csv"}))
    assert len(rows) == 2 and "Completed tasks well" not in ",".join(rows[1])  # classified, not approved
    assert "Completed tasks well" not in client.get("/evaluation/mine/").content.decode()
    services.approve(review_id=own.pk, acting_user=leader)
    rows = _rows(client.get("/evaluation/mine/", {"export": "csv"}))
    assert len(rows) == 2 and "Completed tasks well" in ",".join(rows[1])
    assert "Completed tasks well" in client.get("/evaluation/mine/").content.decode()
    assert client.get(f"/evaluation/periods/{period.pk}/").status_code in (403, 404)
    assert client.get(f"/evaluation/periods/{period.pk}/", {"export": "csv"}).status_code in (403, 404)


def test_the_member_s_list_empty_state_and_query_count(member, loaded, django_assert_max_num_queries):
    client = client_for(member)
    client.get("/evaluation/mine/")
    with django_assert_max_num_queries(12):
        body = client.get("/evaluation/mine/").content.decode()
    assert 'data-testid="evaluation_own-empty"' in body


# --- The collective reviews to hold ------------------------------------------------------------------

def test_the_secretary_lists_searches_and_downloads_the_collective_reviews_to_hold(period, member, secretary, anh,
                                                                                    django_assert_max_num_queries):
    self_assess(member, review_of(period, member), total=80)
    self_assess(secretary, review_of(period, secretary), total=80)
    client = client_for(secretary)
    client.get("/evaluation/to-hold/")
    with django_assert_max_num_queries(14):
        body = client.get("/evaluation/to-hold/").content.decode()
    assert "Phạm Thị Hoa" in body and "Nguyễn Văn Ánh" not in body  # Ánh has not self-assessed
    assert _names(client.get("/evaluation/to-hold/", {"q": "pham thi"})) == ["Phạm Thị Hoa"]
    assert _names(client.get("/evaluation/to-hold/", {"sort": "name"})) == ["Phạm Thị Hoa", "Bùi Văn Thư"]
    rows = _rows(client.get("/evaluation/to-hold/", {"export": "csv", "q": "hoa"}))
    assert len(rows) == 2 and "Phạm Thị Hoa" in rows[1]
    assert 'data-testid="to-hold-all"' in client.get("/evaluation/mine/").content.decode()
    empty = client.get("/evaluation/to-hold/", {"q": "không ai"}).content.decode()
    assert "No collective review waits for you with these filters." in empty


def test_a_member_without_the_collective_review_has_no_list_to_hold(period, member):
    assert client_for(member).get("/evaluation/to-hold/").status_code == 403


# --- The levels' names --------------------------------------------------------------------------------

def test_the_levels_are_named_by_one_helper_in_the_active_language_from_the_catalogue(loaded):
    from django.utils import translation

    from neuguong.catalogues.models import EvaluationLevel
    from neuguong.evaluation import forms, selectors

    with translation.override("en"):
        english = selectors.level_names()
        assert list(english) == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
        assert english["HTTNV"] == "Completed tasks well"
        assert dict(forms.level_choices(blank=False)) == english
    with translation.override("vi"):
        assert selectors.level_names()["HTTNV"] == str(EvaluationLevel.objects.get(code="HTTNV").name)
    EvaluationLevel.objects.filter(code="HTNV").update(name_en="Tasks completed")
    with translation.override("en"):
        assert selectors.level_names()["HTNV"] == "Tasks completed"  # an edit of the catalogue shows at once


def test_a_download_names_the_levels_without_a_query_a_row(period, member, secretary, leader, unit_admin, anh):
    from neuguong.core import exports as core_exports
    from neuguong.evaluation import exports, selectors

    for user in (member, secretary):
        to_classified(review_of(period, user), subject=user, secretary=secretary, leader=leader,
                      unit_admin=unit_admin, total=80)
    rows = list(selectors.reviews_of_period(unit_admin, period))
    with CaptureQueriesContext(connection) as queries:
        text = core_exports.render(exports.REVIEWS, rows, "csv").decode("utf-8-sig")
    assert text.count("Completed tasks well") == 2 and len(queries) <= 1
