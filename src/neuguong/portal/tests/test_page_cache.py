"""The cache of the public news pages: a visitor's second view costs no query, and what readers see
changes at once when an article is published, corrected or withdrawn or a feedback approved; pages
are cached per language; signed-in users' pages are never served from it."""

from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory

from neuguong.portal import page_cache, services
from neuguong.portal.models import ArticleViewDay, Feedback, ViewerMark

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


# The middleware (portal.middleware.PublicPageCacheMiddleware): a hit is answered before the stack.

def _skipped_the_stack(response) -> bool:
    """Neither the session layer nor authentication saw the request."""
    return not hasattr(response.wsgi_request, "session") and not hasattr(response.wsgi_request, "user")


def test_a_hit_is_answered_before_sessions_and_authentication_with_the_stacks_headers(published,
                                                                                     django_assert_num_queries):
    visitor = Client(HTTP_USER_AGENT="Mozilla/5.0 reader", HTTP_ACCEPT_LANGUAGE="vi")
    for path in ("/", "/news/", f"/news/{published.pk}/", f"/news/category/{published.category.slug}/"):
        rendered = visitor.get(path)
        assert not _skipped_the_stack(rendered), path
        with django_assert_num_queries(0):
            hit = visitor.get(path)
        assert _skipped_the_stack(hit), path
        assert hit.content == rendered.content, path
        for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Content-Security-Policy",
                       "X-Content-Type-Options", "Referrer-Policy", "Cache-Control", "ETag"):
            assert hit.headers.get(header) == rendered.headers.get(header), (path, header)
        assert hit["Content-Language"] == "vi" and hit["Cache-Control"] == "no-cache"
        assert {"Accept-Language", "Cookie"} <= {part.strip() for part in hit["Vary"].split(",")}
        assert not hit.cookies


def test_a_browser_holding_the_page_gets_304(published, django_assert_num_queries):
    visitor = Client()
    etag = visitor.get(f"/news/{published.pk}/")["ETag"]
    with django_assert_num_queries(0):
        again = visitor.get(f"/news/{published.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert visitor.get(f"/news/{published.pk}/", HTTP_IF_NONE_MATCH='"older"').status_code == 200


def test_the_language_cookie_and_accept_language_choose_the_cached_page(published):
    Client(HTTP_ACCEPT_LANGUAGE="vi").get("/")
    Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    chose_english = Client(HTTP_ACCEPT_LANGUAGE="vi")
    chose_english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = chose_english.get("/")
    assert _skipped_the_stack(english)
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()
    vietnamese = Client(HTTP_ACCEPT_LANGUAGE="en;q=0.5, vi").get("/")
    assert _skipped_the_stack(vietnamese)
    assert vietnamese["Content-Language"] == "vi" and "Mới nhất" in vietnamese.content.decode()


def test_a_signed_in_user_or_a_session_cookie_goes_down_the_stack(published, writer):
    Client().get(f"/news/{published.pk}/")
    Client().get("/")
    signed_in = client_for(writer)
    article = signed_in.get(f"/news/{published.pk}/")
    assert article.wsgi_request.user == writer and "/portal/articles/" in article.content.decode()
    home = signed_in.get("/")
    assert "Hội nghị sơ kết 5 năm Chỉ thị 05" not in home.content.decode()  # the work list, not the portal
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = "expired-session"
    page = stale.get("/")
    assert not _skipped_the_stack(page) and "Hội nghị sơ kết 5 năm Chỉ thị 05" in page.content.decode()


def test_a_post_never_gets_the_cached_page(published):
    visitor = Client()
    cached_page = visitor.get(f"/news/{published.pk}/")
    sent = visitor.post(f"/news/{published.pk}/", {"name": "", "body": ""})
    assert sent.status_code == 422 and not _skipped_the_stack(sent)
    assert sent.content != cached_page.content
    assert Feedback.objects.count() == 0
    thanked = visitor.get(f"/news/{published.pk}/?sent=1")
    assert not _skipped_the_stack(thanked)


def test_a_publication_shows_on_the_next_request_after_a_hit(published, writer, commune, news):
    visitor = Client()
    visitor.get("/")
    assert _skipped_the_stack(visitor.get("/"))
    publish(writer, commune, news, title="Bản tin vừa công bố")
    assert "Bản tin vừa công bố" in visitor.get("/").content.decode()


def test_views_are_counted_on_hits_once_per_visitor_and_day_and_not_for_bots(published):
    path = f"/news/{published.pk}/"
    Client(HTTP_USER_AGENT="curl/8.5").get(path)  # renders and stores the page, counts nothing
    assert not ArticleViewDay.objects.filter(article=published).exists()
    one, two = Client(HTTP_USER_AGENT="Mozilla/5.0 reader one"), Client(HTTP_USER_AGENT="Mozilla/5.0 reader two")
    for response in (one.get(path), two.get(path), two.get(path), Client(HTTP_USER_AGENT="Googlebot/2.1").get(path)):
        assert _skipped_the_stack(response)
    assert ArticleViewDay.objects.get(article=published).views == 2
    assert ViewerMark.objects.filter(article=published).count() == 2
    cache.clear()  # the cache forgets the day's marks (and the page): the database still decides
    Client(HTTP_USER_AGENT="curl/8.5").get(path)
    assert _skipped_the_stack(one.get(path))
    assert ArticleViewDay.objects.get(article=published).views == 2


# Tag, unit, category and search pages.

def test_tag_unit_and_category_pages_are_cached_and_show_a_publication(published, writer, commune, province, news,
                                                                      django_assert_num_queries):
    visitor = Client()
    paths = ["/news/tag/chi-thi-05/", f"/news/unit/{province.pk}/", f"/news/category/{news.slug}/"]
    for path in paths:
        assert "Hội nghị sơ kết" in visitor.get(path).content.decode()
    with django_assert_num_queries(0):
        for path in paths:
            assert "Hội nghị sơ kết" in visitor.get(path).content.decode()
            assert _skipped_the_stack(visitor.get(path + "?page=01&utm_source=zalo"))  # page 1, the same entry
    publish(writer, commune, news, title="Chỉ thị 05 vào cuộc sống", tags="Chỉ thị 05")
    for path in paths:
        assert "Chỉ thị 05 vào cuộc sống" in visitor.get(path).content.decode(), path


def test_a_page_number_that_is_not_a_small_number_is_rendered_not_cached(published, news):
    visitor = Client()
    for number in ("abc", "abc", "100", "100"):
        response = visitor.get(f"/news/category/{news.slug}/?page={number}")
        assert response.status_code == 200 and not _skipped_the_stack(response)


def test_a_search_is_cached_by_its_normalised_words(published, django_assert_num_queries):
    visitor = Client()
    first = visitor.get("/news/search/", {"q": "  sơ kết   chỉ thị "})
    assert "Hội nghị sơ kết" in first.content.decode() and 'value="sơ kết chỉ thị"' in first.content.decode()
    with django_assert_num_queries(0):
        again = visitor.get("/news/search/", {"q": "sơ kết chỉ thị"})
    assert _skipped_the_stack(again) and again.content == first.content
    other = visitor.get("/news/search/", {"q": "bầu cử"})
    assert not _skipped_the_stack(other) and "Hội nghị sơ kết" not in other.content.decode()


def test_the_search_cache_is_bounded(published, monkeypatch):
    visitor = Client()
    long_query = "sơ kết " * 20  # over SEARCH_MAX_CHARS once normalised
    for _ in range(2):
        assert not _skipped_the_stack(visitor.get("/news/search/", {"q": long_query}))
    monkeypatch.setattr(page_cache, "SEARCH_STORES", 1)
    visitor.get("/news/search/", {"q": "sơ kết"})
    visitor.get("/news/search/", {"q": "chỉ thị"})
    assert _skipped_the_stack(visitor.get("/news/search/", {"q": "sơ kết"}))
    assert not _skipped_the_stack(visitor.get("/news/search/", {"q": "chỉ thị"}))  # the second was not kept


def test_an_aged_page_is_re_rendered_by_the_first_reader_while_the_others_keep_getting_it(published, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(page_cache, "_now", lambda: now[0])
    Client().get("/")
    assert _skipped_the_stack(Client().get("/"))
    now[0] += settings.PORTAL_CACHE_SECONDS + 1
    refresh = page_cache.page_key(RequestFactory().get("/"), "vi") + ":refresh"
    assert cache.add(refresh, 1, timeout=10)  # another reader is re-rendering it
    assert _skipped_the_stack(Client().get("/"))
    cache.delete(refresh)
    now[0] += page_cache.REFRESH_NOTED_SECONDS
    assert not _skipped_the_stack(Client().get("/"))  # this reader re-renders it
    now[0] += 1
    assert _skipped_the_stack(Client().get("/"))  # fresh again


def test_while_another_reader_re_renders_an_aged_page_the_others_do_not_each_ask_the_cache_again(
        published, monkeypatch):
    """A burst of readers arriving as a busy page ages: one asks for the refresh, the others of the
    process serve the page they have for ``REFRESH_NOTED_SECONDS`` (no round trip each)."""
    now = [1_000_000.0]
    monkeypatch.setattr(page_cache, "_now", lambda: now[0])
    Client().get("/")
    now[0] += settings.PORTAL_CACHE_SECONDS + 1
    refresh = page_cache.page_key(RequestFactory().get("/"), "vi") + ":refresh"
    assert cache.add(refresh, 1, timeout=10)  # another process's reader is re-rendering it
    asked = []
    add = cache.add
    monkeypatch.setattr(cache, "add", lambda key, *args, **kwargs: asked.append(key) or add(key, *args, **kwargs))
    for _ in range(5):
        assert _skipped_the_stack(Client().get("/"))
    assert asked == [refresh]
    now[0] += page_cache.REFRESH_NOTED_SECONDS
    cache.delete(refresh)  # the other reader gave up: after the pause, a reader here re-renders it
    assert not _skipped_the_stack(Client().get("/"))
    assert _skipped_the_stack(Client().get("/"))


def test_a_page_answered_from_the_cache_gives_its_length(published):
    visitor = Client(HTTP_USER_AGENT="Mozilla/5.0 reader")
    for path in ("/", f"/news/{published.pk}/"):
        visitor.get(path)
        response = visitor.get(path)
        assert _skipped_the_stack(response)
        assert int(response["Content-Length"]) == len(response.content) > 1000
