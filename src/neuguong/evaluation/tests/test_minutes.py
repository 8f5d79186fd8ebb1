"""The minutes of the collective review meeting in Word (and its API): the reviews the collective held on
that day, scoped like the review, the manifestations only in the copies of those who read them."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from docx import Document

from neuguong.accounts.permissions import Role
from neuguong.catalogues import selectors as catalogue
from neuguong.core.models import StateChange
from neuguong.evaluation import services
from neuguong.evaluation.models import Review
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

from .conftest import all_manifestations, client_for, review_of, scores_for, self_assess, tasks

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.fixture
def flagged():
    """The manifestation the member finds in themselves: its code and its text in English."""
    return catalogue.manifestations()[0]


@pytest.fixture
def meeting(period, member, secretary, flagged):
    """Cell A's meeting: the member (one manifestation found) and the secretary reviewed by the cell."""
    mine, own = review_of(period, member), review_of(period, secretary)
    for user, review in ((member, mine), (secretary, own)):
        services.tasks_save(review_id=review.pk, tasks=tasks(), acting_user=user)
    services.self_assess(review_id=mine.pk, scores=scores_for(mine, 82.5), strengths="Gương mẫu",
                         shortcomings="Còn chậm", level="HTNV", acting_user=member,
                         manifestations=all_manifestations(present=(flagged.code,)))
    self_assess(secretary, own, total=75)
    services.collective_review(review_id=mine.pk, comments="Chi bộ ghi nhận đồng chí An", votes={"HTNV": 5, "HTTNV": 1},
                               members_present=7, acting_user=secretary)
    services.collective_review(review_id=own.pk, comments="Bí thư cần sâu sát hơn", votes={"HTNV": 6},
                               members_present=7, acting_user=secretary)
    return mine, own


@pytest.fixture
def organiser(commune):
    user = UserFactory(username="tochuc_a", person=PersonFactory(full_name="Đỗ Văn Tổ", unit=commune))
    grant(user, Role.ORGANISATION_STAFF, commune)
    return user


def test_the_minutes_hold_every_review_of_the_meeting_with_its_votes(meeting, member, secretary, cell, flagged):
    mine, own = meeting
    text = text_of(client_for(secretary).get(f"/evaluation/reviews/{own.pk}/minutes.docx"))
    assert "MINUTES" in text and cell.name.upper() in text
    assert timezone.localdate().strftime("%d/%m/%Y") in text and "recorded by Bùi Văn Thư" in text
    assert "Reviews held at the meeting: 2." in text
    assert member.person.full_name in text and secretary.person.full_name in text
    assert "Chi bộ ghi nhận đồng chí An" in text and "Bí thư cần sâu sát hơn" in text
    assert "Points given by oneself: 82.5" in text
    assert "Members present: 7." in text
    assert "Level proposed by the collective: Completed tasks, 5 of 7 votes." in text
    assert "Completed tasks well: 1" in text and "6 of 7 votes" in text
    # The secretary holds the collective review: they read the manifestations the member found.
    assert "1 of 27 manifestations found in oneself." in text and str(flagged) in text


def test_the_minutes_are_written_in_vietnamese(meeting, secretary):
    mine, _own = meeting
    text = text_of(client_for(secretary).get(f"/evaluation/reviews/{mine.pk}/minutes.docx",
                                             HTTP_ACCEPT_LANGUAGE="vi"))
    assert "BIÊN BẢN" in text and "Số có mặt: 7." in text
    assert "Kết quả biểu quyết" in text and "Hoàn thành nhiệm vụ" in text and "82,5" in text


def test_a_reader_without_the_manifestations_gets_a_copy_without_them(meeting, organiser, flagged):
    mine, _own = meeting
    text = text_of(client_for(organiser).get(f"/evaluation/reviews/{mine.pk}/minutes.docx"))
    assert "Chi bộ ghi nhận đồng chí An" in text and "Bí thư cần sâu sát hơn" in text
    assert "Not shown in this copy" in text
    assert str(flagged) not in text and "manifestations found in oneself" not in text
    api = client_for(organiser).get(f"/api/v1/evaluation-reviews/{mine.pk}/minutes").json()
    assert [row["manifestations_present"] for row in api["reviews"]] == [None, None]


def test_a_member_reads_their_own_review_in_the_minutes_and_not_a_peers(meeting, member, secretary, flagged):
    mine, own = meeting
    text = text_of(client_for(member).get(f"/evaluation/reviews/{mine.pk}/minutes.docx"))
    assert "Chi bộ ghi nhận đồng chí An" in text and str(flagged) in text
    assert "Bí thư cần sâu sát hơn" not in text
    assert "Reviews held at the meeting: 1." in text
    # The peer's review itself answers 404, its minutes too.
    assert client_for(member).get(f"/evaluation/reviews/{own.pk}/minutes.docx").status_code == 404


def test_the_api_gives_the_meeting_as_the_caller_reads_it(meeting, secretary, flagged):
    mine, own = meeting
    response = client_for(secretary).get(f"/api/v1/evaluation-reviews/{mine.pk}/minutes")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["held_on"] == timezone.localdate().isoformat() and body["recorded_by"] == "Bùi Văn Thư"
    rows = {row["review_id"]: row for row in body["reviews"]}
    assert list(rows) == [mine.pk, own.pk]
    assert rows[mine.pk]["votes"] == {"HTNV": 5, "HTTNV": 1} and rows[mine.pk]["level"] == "HTNV"
    assert rows[mine.pk]["members_present"] == 7 and rows[mine.pk]["manifestations_present"] == [flagged.code]
    assert rows[own.pk]["manifestations_present"] == [] and rows[own.pk]["comments"] == "Bí thư cần sâu sát hơn"


def test_a_review_recorded_on_another_day_belongs_to_another_meeting(meeting, secretary):
    mine, own = meeting
    StateChange.objects.filter(content_type=ContentType.objects.get_for_model(Review), object_id=own.pk,
                               transition="collective_review").update(at=timezone.now() - dt.timedelta(days=3))
    body = client_for(secretary).get(f"/api/v1/evaluation-reviews/{mine.pk}/minutes").json()
    assert [row["review_id"] for row in body["reviews"]] == [mine.pk]
    earlier = client_for(secretary).get(f"/api/v1/evaluation-reviews/{own.pk}/minutes").json()
    assert [row["review_id"] for row in earlier["reviews"]] == [own.pk]
    assert earlier["held_on"] == (timezone.localdate() - dt.timedelta(days=3)).isoformat()


def test_no_minutes_before_the_meeting_nor_out_of_scope(period, meeting, member, outsider, secretary):
    mine, _own = meeting
    collective = Review.objects.get(period=period, unit=mine.unit, person__isnull=True)
    assert client_for(secretary).get(f"/evaluation/reviews/{collective.pk}/minutes.docx").status_code == 404
    assert client_for(secretary).get(f"/api/v1/evaluation-reviews/{collective.pk}/minutes").status_code == 404
    for url in (f"/evaluation/reviews/{mine.pk}/minutes.docx", f"/api/v1/evaluation-reviews/{mine.pk}/minutes"):
        response = client_for(outsider).get(url)
        assert response.status_code == 404
        assert "Chi bộ ghi nhận" not in response.content.decode(errors="replace")


def test_the_review_page_links_the_minutes_once_the_collective_has_reviewed(meeting, period, secretary):
    mine, _own = meeting
    collective = Review.objects.get(period=period, unit=mine.unit, person__isnull=True)
    client = client_for(secretary)
    page = client.get(f"/evaluation/reviews/{mine.pk}/").content.decode()
    assert f"/evaluation/reviews/{mine.pk}/minutes.docx" in page
    assert "minutes.docx" not in client.get(f"/evaluation/reviews/{collective.pk}/").content.decode()



def test_the_meeting_reads_a_fixed_number_of_queries_whatever_the_reviews(period, member, secretary):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from neuguong.evaluation import selectors

    mine, own = review_of(period, member), review_of(period, secretary)
    self_assess(member, mine, total=75)
    self_assess(secretary, own, total=75)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            meeting = selectors.review_meeting(secretary, mine.pk)
            assert all(item.manifestations is not None for item in meeting.items)
        return len(captured)

    services.collective_review(review_id=mine.pk, comments="Nhất trí", votes={"HTNV": 4}, members_present=5,
                               acting_user=secretary)
    alone = queries()
    services.collective_review(review_id=own.pk, comments="Nhất trí", votes={"HTNV": 4}, members_present=5,
                               acting_user=secretary)
    assert len(selectors.review_meeting(secretary, mine.pk).items) == 2
    assert queries() == alone


def test_the_period_page_links_the_minutes_of_each_meeting(meeting, period, unit_admin, secretary, cell):
    mine, own = meeting
    client = client_for(unit_admin)
    page = client.get(f"/evaluation/periods/{period.pk}/").content.decode()
    # One meeting of the cell today, holding both reviews, linked to its minutes.
    first = min(mine.pk, own.pk)
    assert page.count('data-testid="meeting-minutes"') == 1
    assert f"/evaluation/reviews/{first}/minutes.docx" in page
    # A review recorded three days earlier is a meeting of its own, listed after today's.
    StateChange.objects.filter(content_type=ContentType.objects.get_for_model(Review), object_id=own.pk,
                               transition="collective_review").update(at=timezone.now() - dt.timedelta(days=3))
    from neuguong.evaluation import selectors

    meetings = selectors.period_meetings(unit_admin, period, limit=10)
    assert [(m.unit, m.held_on, m.reviews, m.review_id) for m in meetings] == [
        (cell, timezone.localdate(), 1, mine.pk), (cell, timezone.localdate() - dt.timedelta(days=3), 1, own.pk)]
    page = client.get(f"/evaluation/periods/{period.pk}/").content.decode()
    assert page.count('data-testid="meeting-minutes"') == 2
    # Each link opens the minutes of its own meeting.
    assert "Chi bộ ghi nhận đồng chí An" in text_of(client.get(f"/evaluation/reviews/{mine.pk}/minutes.docx"))
    assert "Chi bộ ghi nhận đồng chí An" not in text_of(client.get(f"/evaluation/reviews/{own.pk}/minutes.docx"))


def test_the_period_page_lists_no_meeting_before_a_collective_review(period, unit_admin):
    page = client_for(unit_admin).get(f"/evaluation/periods/{period.pk}/").content.decode()
    assert "No collective review is recorded yet." in page and "meeting-minutes" not in page
