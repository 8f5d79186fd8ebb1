"""The portal's JSON API: the same doors as the pages, scoped the same way."""

import datetime as dt
import json

from django.test import Client
from django.utils import timezone

from neuguong.audit.models import AuditEvent
from neuguong.portal import services
from neuguong.portal.models import Article, ArticleStatus

from .conftest import BODY, client_for


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_a_writer_writes_submits_and_publishes_through_the_api(writer, commune, news):
    client = client_for(writer)
    created = post(client, "/api/v1/portal/articles", {"unit_id": commune.pk, "category_id": news.pk,
                                                       "title": "Bài qua API", "body": BODY + "<script>x</script>",
                                                       "tags": ["Chỉ thị 05"]})
    assert created.status_code == 201, created.content
    article = created.json()
    assert "<script" not in article["body"] and article["allowed_actions"] == ["submit"]
    assert post(client, f"/api/v1/portal/articles/{article['id']}/submit").json()["status"] == "review"
    assert post(client, f"/api/v1/portal/articles/{article['id']}/publish").json()["status"] == "published"
    assert [row["title"] for row in client.get("/api/v1/portal/articles").json()["items"]] == ["Bài qua API"]


def test_an_outsider_gets_404_and_a_member_403_and_nothing_changes(draft, outsider, member):
    assert client_for(outsider).get(f"/api/v1/portal/articles/{draft.pk}").status_code == 404
    assert post(client_for(outsider), f"/api/v1/portal/articles/{draft.pk}/submit").status_code == 404
    assert post(client_for(member), f"/api/v1/portal/articles/{draft.pk}/submit").status_code == 403
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT and Article.objects.count() == 1


def put(client: Client, url: str, data: dict):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_a_writer_revises_and_a_publisher_returns_schedules_withdraws_and_reopens(writer, draft, news):
    client = client_for(writer)
    url = f"/api/v1/portal/articles/{draft.pk}"
    revised = put(client, url, {"category_id": news.pk, "title": "Tiêu đề đã sửa", "body": BODY,
                                "cover_focus": "top"})
    assert revised.status_code == 200 and revised.json()["revision_count"] == 2
    assert [row["number"] for row in client.get(f"{url}/revisions").json()] == [2, 1]
    post(client, f"{url}/submit")
    assert post(client, f"{url}/return", {"reason": "Bổ sung số liệu"}).json()["status"] == "draft"
    post(client, f"{url}/submit")
    later = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert post(client, f"{url}/schedule", {"publish_at": later}).json()["status"] == "scheduled"
    assert post(client, f"{url}/publish").json()["status"] == "published"
    assert post(client, f"{url}/unpublish", {"reason": "Đính chính"}).json()["status"] == "unpublished"
    assert post(client, f"{url}/reopen").json()["status"] == "draft"
    assert AuditEvent.objects.filter(action="portal_article.returned", object_id=str(draft.pk)).exists()


def test_a_step_without_its_reason_is_refused_and_nothing_changes(writer, draft):
    client = client_for(writer)
    post(client, f"/api/v1/portal/articles/{draft.pk}/submit")
    assert post(client, f"/api/v1/portal/articles/{draft.pk}/return", {"reason": ""}).status_code == 422
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW


def test_feedback_is_moderated_through_the_api_and_only_once(writer, published, outsider):
    feedback = services.feedback_send(article_id=published.pk, name="Bạn đọc", body="Bài hay",
                                      contact="0912 345 678", client="203.0.113.7")
    client = client_for(writer)
    queue = client.get("/api/v1/portal/feedback").json()["items"]
    assert [(row["id"], row["contact"]) for row in queue] == [(feedback.pk, "0912 345 678")]
    assert post(client_for(outsider), f"/api/v1/portal/feedback/{feedback.pk}/approve").status_code == 404
    assert post(client, f"/api/v1/portal/feedback/{feedback.pk}/approve").json()["status"] == "approved"
    assert post(client, f"/api/v1/portal/feedback/{feedback.pk}/reject").status_code == 422
    feedback.refresh_from_db()
    assert feedback.status == "approved"
