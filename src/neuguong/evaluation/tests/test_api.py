"""The evaluation API: the same rules and scoping as the pages, the refusal's code and message."""

import json

from neuguong.evaluation.models import Review, ReviewStatus

from .conftest import all_manifestations, client_for, review_of, scores_for, to_classified


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
