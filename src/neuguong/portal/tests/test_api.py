"""The portal's JSON API: the same doors as the pages, scoped the same way."""

import json

from django.test import Client

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
