"""Readers: the front page, article pages with related news, lists, diacritic-insensitive search,
RSS, sitemap, social metadata; views counted once per visitor and day without cookies or addresses."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from neuguong.portal import selectors, services
from neuguong.portal.models import ArticleViewDay, ViewerMark

from .conftest import picture, publish, write

PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


def reader(agent: str = PHONE, address: str = "203.0.113.7") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


def test_the_front_page_shows_the_latest_news_and_the_citizen_services(published, client):
    content = client.get("/news/").content.decode()
    assert "Hội nghị sơ kết 5 năm Chỉ thị 05" in content
    assert 'href="/petitions/submit/"' in content and 'href="/vote/"' in content
    assert "unit-picker" not in content and 'class="sidebar"' not in content


def test_a_draft_is_on_no_public_page(draft, client):
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    assert "Học tập chuyên đề" not in client.get("/news/").content.decode()
    assert "Học tập chuyên đề" not in client.get("/news/search/", {"q": "hoc tap"}).content.decode()


def test_reading_sets_no_cookie_and_stores_no_address(published):
    visitor = reader(address="198.51.100.23")
    response = visitor.get(f"/news/{published.pk}/")
    assert response.status_code == 200 and not response.cookies
    mark = ViewerMark.objects.get()
    assert "198.51.100.23" not in mark.digest and len(mark.digest) == 64


def test_one_view_per_visitor_per_day_and_bots_are_not_counted(published):
    for _ in range(3):
        reader().get(f"/news/{published.pk}/")
    reader(agent=DESKTOP).get(f"/news/{published.pk}/")
    reader(address="203.0.113.8").get(f"/news/{published.pk}/")
    reader(agent="Googlebot/2.1 (+http://www.google.com/bot.html)").get(f"/news/{published.pk}/")
    reader(agent="curl/8.5").get(f"/news/{published.pk}/")
    assert ArticleViewDay.objects.get(article=published, day=timezone.localdate()).views == 3


def test_the_day_key_changes_every_day():
    today = timezone.localdate()
    assert (services.reading.visitor_digest(today, "203.0.113.7", PHONE)
            != services.reading.visitor_digest(today + dt.timedelta(days=1), "203.0.113.7", PHONE))


def test_the_worker_forgets_the_marks_of_past_days_and_keeps_the_counts(published):
    reader().get(f"/news/{published.pk}/")
    ViewerMark.objects.update(day=timezone.localdate() - dt.timedelta(days=1))
    assert services.viewer_marks_forget() == 1
    assert not ViewerMark.objects.exists() and ArticleViewDay.objects.get().views == 1


def test_most_viewed_by_day_and_by_week(writer, commune, news):
    old, new = (publish(writer, commune, news, title=title) for title in ("Tin cũ được đọc nhiều", "Tin mới hôm nay"))
    today = timezone.localdate()
    ArticleViewDay.objects.create(article=old, day=today - dt.timedelta(days=3), views=50)
    ArticleViewDay.objects.create(article=old, day=today, views=1)
    ArticleViewDay.objects.create(article=new, day=today, views=5)
    ArticleViewDay.objects.create(article=new, day=today - dt.timedelta(days=9), views=500)
    assert [a.title for a in selectors.most_viewed(days=1)] == ["Tin mới hôm nay", "Tin cũ được đọc nhiều"]
    assert [a.title for a in selectors.most_viewed(days=7)] == ["Tin cũ được đọc nhiều", "Tin mới hôm nay"]


def test_related_news_share_the_category_or_a_tag_most_recent_first(writer, commune, categories):
    news, party = categories["tin-tuc"], categories["xay-dung-dang"]
    first = publish(writer, commune, news, title="Tin gốc", tags="Chỉ thị 05")
    same_category = publish(writer, commune, news, title="Cùng chuyên mục")
    same_tag = publish(writer, commune, party, title="Cùng thẻ", tags="chỉ thị 05")
    publish(writer, commune, party, title="Không liên quan")
    assert [a.title for a in selectors.related_articles(first)] == [same_tag.title, same_category.title]


def test_search_ignores_diacritics(published, client):
    content = client.get("/news/search/", {"q": "so ket chi thi"}).content.decode()
    assert "Hội nghị sơ kết 5 năm Chỉ thị 05" in content
    assert "Hội nghị sơ kết" not in client.get("/news/search/", {"q": "bầu cử"}).content.decode()


def test_category_tag_and_unit_pages(published, client, commune, province):
    assert "Hội nghị sơ kết" in client.get("/news/category/tin-tuc/").content.decode()
    assert "Hội nghị sơ kết" in client.get("/news/tag/chi-thi-05/").content.decode()
    assert "Hội nghị sơ kết" in client.get(f"/news/unit/{province.pk}/").content.decode()
    assert client.get("/news/category/khong-co/").status_code == 404


def test_rss_of_a_category(published, client):
    response = client.get("/news/category/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert f"/news/{published.pk}/" in response.content.decode()


def test_the_sitemap_lists_published_articles_only(published, draft, client):
    content = client.get("/sitemap.xml").content.decode()
    assert f"/news/{published.pk}/" in content and f"/news/{draft.pk}/" not in content


def test_an_article_page_has_social_metadata_and_related_news(published, writer, commune, news, client):
    other = publish(writer, commune, news, title="Tin cùng chuyên mục")
    content = client.get(f"/news/{published.pk}/").content.decode()
    assert '<meta property="og:title" content="Hội nghị sơ kết 5 năm Chỉ thị 05">' in content
    assert 'property="og:type" content="article"' in content
    assert f'href="/news/{other.pk}/"' in content
    # Without a cover: a small card and no image; with one, the large card, the image and its description.
    assert '<meta name="twitter:card" content="summary">' in content and "og:image" not in content
    services.article_update(article_id=published.pk, title=published.title, body=published.body,
                            category_id=news.pk, acting_user=writer, cover=picture(), cover_alt="Toàn cảnh hội nghị")
    content = client.get(f"/news/{published.pk}/").content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in content
    assert f'<meta property="og:image" content="http://testserver/news/{published.pk}/cover/large/">' in content
    assert '<meta property="og:image:alt" content="Toàn cảnh hội nghị">' in content


def test_the_cover_of_a_draft_is_for_its_staff_only(writer, commune, news, client):
    from .conftest import client_for, picture

    article = write(writer, commune, news, cover=picture())
    assert client.get(f"/news/{article.pk}/cover/small/").status_code in (302, 404)
    assert client_for(writer).get(f"/news/{article.pk}/cover/small/").status_code == 200


@pytest.mark.parametrize("size", ["small", "medium", "large"])
def test_the_cover_of_a_published_article_is_public(writer, commune, news, client, size):
    from .conftest import picture

    article = publish(writer, commune, news, cover=picture())
    response = client.get(f"/news/{article.pk}/cover/{size}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_the_front_page_query_count_does_not_grow_with_articles(writer, commune, news, client,
                                                                 django_assert_max_num_queries):
    for number in range(12):
        publish(writer, commune, news, title=f"Tin số {number}")
    with django_assert_max_num_queries(8):
        assert client.get("/news/").status_code == 200
