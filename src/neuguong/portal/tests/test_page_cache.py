"""The cache of the public news pages: a visitor's second view costs no query, and what readers see
changes at once when an article is published, corrected or withdrawn or a feedback approved; pages
are cached per language; signed-in users' pages are never served from it."""

from django.test import Client

from neuguong.portal import services
from neuguong.portal.models import ArticleViewDay

from .conftest import client_for, publish


def test_a_visitors_second_view_of_the_front_page_and_an_article_costs_no_query(published,
                                                                                  django_assert_num_queries):
    visitor = Client(HTTP_USER_AGENT="Mozilla/5.0 reader")
    assert visitor.get("/").status_code == 200
    assert visitor.get(f"/news/{published.pk}/").status_code == 200
    with django_assert_num_queries(0):
        assert "Hội nghị sơ kết 5 năm Chỉ thị 05" in visitor.get("/").content.decode()
        assert "Tóm tắt hội nghị" in visitor.get(f"/news/{published.pk}/").content.decode()
    assert ArticleViewDay.objects.get(article=published).views == 1


def test_a_new_readers_view_is_still_counted_on_a_cached_page(published):
    Client(HTTP_USER_AGENT="Mozilla/5.0 reader one").get(f"/news/{published.pk}/")
    Client(HTTP_USER_AGENT="Mozilla/5.0 reader two").get(f"/news/{published.pk}/")
    Client(HTTP_USER_AGENT="Mozilla/5.0 reader two").get(f"/news/{published.pk}/")
    assert ArticleViewDay.objects.get(article=published).views == 2


def test_publishing_and_withdrawing_show_at_once(published, writer, commune, news):
    visitor = Client()
    assert "Bản tin mới toanh" not in visitor.get("/").content.decode()
    visitor.get(f"/news/category/{news.slug}/")
    fresh = publish(writer, commune, news, title="Bản tin mới toanh")
    assert "Bản tin mới toanh" in visitor.get("/").content.decode()
    assert "Bản tin mới toanh" in visitor.get(f"/news/category/{news.slug}/").content.decode()
    services.article_unpublish(article_id=fresh.pk, reason="Sai sót", acting_user=writer)
    assert "Bản tin mới toanh" not in visitor.get("/").content.decode()
    assert visitor.get(f"/news/{fresh.pk}/").status_code == 404


def test_a_correction_and_an_approved_feedback_show_at_once(published, writer):
    visitor = Client()
    visitor.get(f"/news/{published.pk}/")
    services.article_update(article_id=published.pk, title="Hội nghị sơ kết (đính chính)", body="<p>Bản sửa.</p>",
                            category_id=published.category_id, acting_user=writer)
    assert "Hội nghị sơ kết (đính chính)" in visitor.get(f"/news/{published.pk}/").content.decode()
    feedback = services.feedback_send(article_id=published.pk, name="Trần Văn Đọc", body="Bài hay quá",
                                      client="198.51.100.4")
    assert "Bài hay quá" not in visitor.get(f"/news/{published.pk}/").content.decode()
    services.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=writer)
    assert "Bài hay quá" in visitor.get(f"/news/{published.pk}/").content.decode()


def test_pages_are_cached_per_language(published):
    vietnamese = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/").content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert 'lang="vi"' in vietnamese and "Mới nhất" in vietnamese
    assert 'lang="en"' in english and "Mới nhất" not in english


def test_a_signed_in_user_never_gets_the_visitors_cached_page(published, writer, news):
    Client().get(f"/news/category/{news.slug}/")
    page = client_for(writer).get(f"/news/category/{news.slug}/").content.decode()
    assert "/portal/articles/" in page  # the staff link of a signed-in user's header


def test_the_news_pages_set_no_cookie_and_the_language_page_offers_the_choice(published):
    visitor = Client()
    for path in ("/", f"/news/{published.pk}/", f"/news/category/{published.category.slug}/"):
        response = visitor.get(path)
        assert not response.cookies, path
        assert 'href="/news/language/?next=' in response.content.decode()
    chooser = visitor.get(f"/news/language/?next=/news/{published.pk}/")
    assert 'action="/i18n/setlang/"' in chooser.content.decode()
    assert f'name="next" value="/news/{published.pk}/"' in chooser.content.decode()
    assert 'value="/"' in visitor.get("/news/language/?next=https://evil.example/").content.decode()
