"""The evaluation API: the same rules and scoping as the pages, the refusal's code and message."""

import json

from neuguong.evaluation.models import Review, ReviewStatus

from .conftest import all_manifestations, client_for, review_of, scores_for, self_assess, to_classified
from .test_documents import text_of


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_a_member_sends_the_self_assessment_through_the_api(period, member):
    review = review_of(period, member)
    client = client_for(member)
    over = scores_for(review, 100)
    over[0]["points"] = "61"
    body = {"scores": over, "strengths": "Tốt", "shortcomings": "Chậm", "level": "HTNV",
            "manifestations": all_manifestations()}
    refused = _post(client, f"/api/v1/evaluation-reviews/{review.pk}/self-assessment", body)
    assert refused.status_code == 422 and refused.json()["code"] == "points_over_maximum"
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.OPEN
    body["scores"] = scores_for(review, 80)
    sent = _post(client, f"/api/v1/evaluation-reviews/{review.pk}/self-assessment", body)
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "self_assessed"
    assert [row["id"] for row in client.get("/api/v1/evaluation-reviews/mine").json()["items"]] == [review.pk]


def test_approval_over_the_quota_answers_its_code(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95, tasks_kwargs={"count": 10, "exceeding": 3})
    response = _post(client_for(leader), f"/api/v1/evaluation-reviews/{review.pk}/approve")
    assert response.status_code == 422 and response.json()["code"] == "over_quota"
    detail = client_for(unit_admin).get(f"/api/v1/evaluation-periods/{period.pk}").json()
    [group] = [g for g in detail["quota"] if g["over"]]
    assert group["over_review_ids"] == [review.pk] and group["allowed"] == 0


def test_an_outsider_reads_no_review_of_another_commune(period, member, outsider):
    client = client_for(outsider)
    assert client.get(f"/api/v1/evaluation-reviews/{review_of(period, member).pk}").status_code == 404
    assert client.get(f"/api/v1/evaluation-periods/{period.pk}").status_code == 404


def test_the_api_classifies_the_period_and_summarises_it(period, cell, member, secretary, leader, unit_admin,
                                                         outsider):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.SUPERIOR_ASSESSED, level="")
    assert _post(client_for(outsider), f"/api/v1/evaluation-periods/{period.pk}/classify").status_code == 404
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUPERIOR_ASSESSED
    client = client_for(unit_admin)
    done = _post(client, f"/api/v1/evaluation-periods/{period.pk}/classify")
    assert done.status_code == 200 and done.json()["classified"] == 1
    summary = client.get(f"/api/v1/evaluation-periods/{period.pk}/summary").json()
    [row] = [row for row in summary["rows"] if row["unit_id"] == cell.pk]
    assert row["people"]["HTNV"] + row["people"]["HTTNV"] == 1
    level = Review.objects.get(pk=review.pk).level
    drill = client.get(f"/api/v1/evaluation-periods/{period.pk}/summary/reviews?unit_id={cell.pk}&level={level}")
    assert [item["id"] for item in drill.json()["items"]] == [review.pk]
    assert client_for(outsider).get(f"/api/v1/evaluation-periods/{period.pk}/summary").status_code == 404


def test_the_suggestions_the_report_and_what_sits_beside_go_through_the_api(period, member, secretary, unit_admin,
                                                                          outsider):
    review = review_of(period, member)
    url = f"/api/v1/evaluation-reviews/{review.pk}"
    assert _post(client_for(outsider), f"{url}/suggestions", {"text": "Gợi ý"}).status_code == 404
    staff = client_for(unit_admin)
    given = _post(staff, f"{url}/suggestions", {"text": "Làm rõ việc chậm nộp báo cáo"})
    assert given.status_code == 201 and given.json()["text"] == "Làm rõ việc chậm nộp báo cáo"
    noted = _post(staff, f"{url}/residents-comments",
                  {"source": "Chi bộ thôn Đông", "text": "Gương mẫu ở khu dân cư", "received_on": "2026-01-05"})
    assert noted.status_code == 201, noted.content
    self_assess(member, review, total=80)
    assert _post(staff, f"{url}/suggestions", {"text": "Muộn"}).json()["code"] == "invalid"
    _post(client_for(secretary), f"{url}/collective-review",
          {"comments": "Chi bộ nhất trí", "votes": {"HTNV": 3}, "members_present": 4})
    mine = client_for(member)
    detail = mine.get(url).json()
    assert [s["text"] for s in detail["suggestions"]] == ["Làm rõ việc chậm nộp báo cáo"]
    assert (detail["strengths"], detail["remedies"], detail["self_level"]) == ("Gương mẫu", "Đã khắc phục", "HTNV")
    assert (detail["collective_comments"], detail["votes"], detail["members_present"]) == (
        "Chi bộ nhất trí", {"HTNV": 3}, 4)
    assert [s["text"] for s in mine.get(f"{url}/suggestions").json()] == ["Làm rõ việc chậm nộp báo cáo"]
    # What sits beside the scores is for reviewers: the person gets 404 as for a review they may not read.
    assert mine.get(f"{url}/beside").status_code == 404
    assert mine.get(f"{url}/residents-comments").status_code == 404
    beside = staff.get(f"{url}/beside").json()
    assert [c["source"] for c in beside["residents_comments"]] == ["Chi bộ thôn Đông"]
    assert beside["follow_rank"] is None and beside["ballots"] == [] and beside["discipline"] == []
    assert [c["text"] for c in staff.get(f"{url}/residents-comments").json()] == ["Gương mẫu ở khu dân cư"]
    assert client_for(outsider).get(f"{url}/beside").status_code == 404


def test_the_word_documents_download_through_the_api_for_those_who_read_them(period, cell, member, secretary,
                                                                           leader, unit_admin, outsider):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    urls = [f"/api/v1/evaluation-reviews/{review.pk}/report.docx",
            f"/api/v1/evaluation-reviews/{review.pk}/minutes.docx",
            f"/api/v1/evaluation-people/{member.person_id}/profile.docx",
            f"/api/v1/evaluation-periods/{period.pk}/summary.docx?unit_id={cell.pk}"]
    staff, stranger = client_for(unit_admin), client_for(outsider)
    for url in urls:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
        assert ".docx" in response["Content-Disposition"]
        assert stranger.get(url).status_code == 404, url
    assert "Chi bộ nhất trí" in text_of(staff.get(urls[1]))
    assert member.person.full_name in text_of(client_for(member).get(urls[0]))
    # The summary is the staff's: the member reads neither the period nor its summary.
    assert client_for(member).get(urls[3]).status_code == 404


def test_the_api_closes_a_period_once(period, unit_admin, outsider):
    url = f"/api/v1/evaluation-periods/{period.pk}/close"
    assert _post(client_for(outsider), url).status_code == 404
    closed = _post(client_for(unit_admin), url)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = _post(client_for(unit_admin), url)
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
