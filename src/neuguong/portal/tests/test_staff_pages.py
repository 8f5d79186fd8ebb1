"""Staff pages: the articles list (scoped, with its query budget), the editor, an article's page with
its workflow buttons, the revision diff; a member gets 403, an outsider 404, and neither changes anything."""

from neuguong.portal.models import Article, ArticleStatus

from .conftest import BODY, client_for, publish, write


def test_the_list_shows_the_subtree_only(writer, sibling_writer, commune, sibling, news):
    write(writer, commune, news, title="Tin của xã A")
    write(sibling_writer, sibling, news, title="Tin của xã B")
    content = client_for(writer).get("/portal/articles/").content.decode()
    assert "Tin của xã A" in content and "Tin của xã B" not in content


def test_the_list_query_count_does_not_grow_with_articles(writer, commune, news, django_assert_max_num_queries):
    for number in range(15):
        write(writer, commune, news, title=f"Bài số {number}")
    client = client_for(writer)
    with django_assert_max_num_queries(14):
        assert client.get("/portal/articles/").status_code == 200


def test_a_writer_writes_submits_and_publishes_through_the_pages(writer, commune, news):
    client = client_for(writer)
    response = client.post("/portal/articles/new/", {
        "unit": commune.pk, "category": news.pk, "title": "Bài viết qua trang", "summary": "Tóm tắt",
        "body": BODY + "<script>x</script>", "tags": "Học tập"})
    article = Article.objects.get()
    assert response.status_code == 302 and "<script" not in article.body
    page = client.get(f"/portal/articles/{article.pk}/").content.decode()
    assert 'data-testid="step-submit"' in page and 'data-testid="step-publish"' not in page
    client.post(f"/portal/articles/{article.pk}/submit/")
    client.post(f"/portal/articles/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


def test_an_edit_and_the_diff_of_two_revisions(writer, draft, news):
    client = client_for(writer)
    client.post(f"/portal/articles/{draft.pk}/edit/", {"category": news.pk, "title": "Tiêu đề mới", "body": BODY})
    content = client.get(f"/portal/articles/{draft.pk}/diff/?a=1&b=2").content.decode()
    assert 'class="diff-removed"' in content and "Tiêu đề mới" in content


def test_a_schedule_without_a_time_is_refused_with_a_message(writer, draft):
    client = client_for(writer)
    client.post(f"/portal/articles/{draft.pk}/submit/")
    response = client.post(f"/portal/articles/{draft.pk}/schedule/", {"publish_at": ""})
    assert response.status_code == 422 and "Enter when the article is to be published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.REVIEW


def test_a_member_gets_403_and_changes_nothing(member, draft, news):
    client = client_for(member)
    assert client.get("/portal/articles/").status_code == 403
    assert client.post(f"/portal/articles/{draft.pk}/submit/").status_code == 403
    assert client.post(f"/portal/articles/{draft.pk}/edit/", {"category": news.pk, "title": "x", "body": BODY}
                       ).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT and draft.title == "Học tập chuyên đề năm 2026"


def test_an_outsider_gets_404_like_a_missing_article_and_changes_nothing(outsider, draft, news):
    client = client_for(outsider)
    for url in (f"/portal/articles/{draft.pk}/", f"/portal/articles/{draft.pk}/diff/",
                f"/portal/articles/{draft.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/portal/articles/{draft.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_the_commune_administrator_publishes_for_the_commune(unit_admin, writer, commune, news):
    article = write(writer, commune, news)
    client = client_for(unit_admin)
    client.post(f"/portal/articles/{article.pk}/submit/")
    client.post(f"/portal/articles/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


def test_the_home_work_list_shows_articles_to_review(writer, editor, commune, news):
    article = write(writer, commune, news, title="Bài chờ duyệt")
    client_for(writer).post(f"/portal/articles/{article.pk}/submit/")
    assert "Review the article: Bài chờ duyệt" in client_for(editor).get("/").content.decode()


def test_a_published_article_is_corrected_by_a_publisher(writer, commune, news):
    article = publish(writer, commune, news)
    client = client_for(writer)
    client.post(f"/portal/articles/{article.pk}/edit/", {"category": news.pk, "title": "Đính chính", "body": BODY})
    article.refresh_from_db()
    assert article.title == "Đính chính" and article.status == ArticleStatus.PUBLISHED
