"""The public news site: no login, no cookie, in the portal's own layout (no unit picker, no side
menu). Reading an article counts one view per visitor and day (``services.reading``); sending
feedback is rate-limited per client and guarded by a honeypot field.

These pages set no cookie, so the feedback form carries no CSRF token (``csrf_exempt``): it acts for
nobody, what it sends waits for a moderator, and the rate limit per client address bounds it."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from neuguong.core.errors import ServiceError
from neuguong.core.net import client_address
from neuguong.core.throttle import ThrottledError
from neuguong.study import selectors as study_selectors
from neuguong.web.forms import add_service_error
from neuguong.web.pages import paginate

from .. import forms, page_cache, selectors, services
from ..models import Article

LATEST_COUNT = 10
MOST_VIEWED_COUNT = 5


def _site(request: HttpRequest, **context: Any) -> dict[str, Any]:
    """The page's own context; the header and footer come from ``{% public_site %}``."""
    return context


def _cached(request: HttpRequest, render_page: Any) -> HttpResponse:
    """A visitor's page from the cache (``page_cache``, the same key as the middleware's); a signed-in
    user's is rendered (its header differs)."""
    if request.user.is_authenticated:
        return render_page()
    return page_cache.cached(request, page_cache.page_key(request, get_language()), render_page)


def _cards(request: HttpRequest, articles: QuerySet[Article]) -> Any:
    return paginate(request, articles)


def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page, also the site's home for a visitor without an account."""
    return _cached(request, lambda: _home(request))


def _home(request: HttpRequest) -> HttpResponse:
    latest = selectors.latest(limit=LATEST_COUNT)
    return render(request, "portal/public_home.html", _site(
        request, lead=latest[0] if latest else None, latest=latest[1:],
        most_viewed_day=selectors.most_viewed(days=1, limit=MOST_VIEWED_COUNT),
        most_viewed_week=selectors.most_viewed(days=7, limit=MOST_VIEWED_COUNT)))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def article(request: HttpRequest, pk: int) -> HttpResponse:
    key = None if request.user.is_authenticated else page_cache.page_key(request, get_language())
    if key is not None:
        # A page in the cache was rendered from a published article in this generation of the site
        # (withdrawing one moves the generation on), so a hit needs no query.
        current, entry, _present = page_cache.fetch(request, key)
        if entry is None:
            found = selectors.public_article(pk)
            _count_view(request, found.pk)
            page = _article_page(request, found, forms.FeedbackForm(), 200)
            entry = page_cache.store(key, current, page.content)
        else:
            _count_view(request, pk)
        return page_cache.respond(request, entry)
    found = selectors.public_article(pk)
    form = forms.FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            if form.cleaned_data["website"]:  # the honeypot: answered like a success, nothing stored
                return redirect(reverse("news:article", args=[found.pk]) + "?sent=1#feedback")
            try:
                services.feedback_send(article_id=found.pk, name=form.cleaned_data["name"],
                                       contact=form.cleaned_data["contact"], body=form.cleaned_data["body"],
                                       client=client_address(request))
            except ThrottledError as error:
                form.add_error(None, str(error.message))
                status = 429
            except ServiceError as error:
                add_service_error(form, error)
            else:
                return redirect(reverse("news:article", args=[found.pk]) + "?sent=1#feedback")
    else:
        _count_view(request, found.pk)
    return _article_page(request, found, form, status)


def _count_view(request: HttpRequest, pk: int) -> None:
    services.article_view_count(article_id=pk, client=client_address(request),
                                user_agent=request.headers.get("user-agent", ""))


def _article_page(request: HttpRequest, found: Article, form: Any, status: int) -> HttpResponse:
    return render(request, "portal/public_article.html", _site(
        request, article=found, tags=list(found.tags.all()), related=selectors.related_articles(found),
        feedback=list(selectors.approved_feedback(found)), form=form, sent=request.GET.get("sent") == "1",
        canonical=request.build_absolute_uri(reverse("news:article", args=[found.pk])),
        most_viewed_week=selectors.most_viewed(days=7, limit=MOST_VIEWED_COUNT)), status=status)


@require_GET
def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.category_get(slug)
    return _cached(request, lambda: _category(request, found))


def _category(request: HttpRequest, found: Any) -> HttpResponse:
    page = _cards(request, selectors.article_cards(selectors.public_articles().filter(category=found)))
    return render(request, "portal/public_list.html", _site(
        request, heading=found.name, page=page, feed_url=reverse("news:category_feed", args=[found.slug]),
        current_category=found.slug))


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.tag_get(slug)
    return _cached(request, lambda: _list(request, f"#{found.name}", selectors.public_articles().filter(tags=found)))


@require_GET
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.unit_with_news(pk)
    return _cached(request, lambda: _list(request, found.name, selectors.unit_articles(found),
                                          pledges=study_selectors.public_pledges(found)))


def _list(request: HttpRequest, heading: str, articles: QuerySet[Article], **extra: Any) -> HttpResponse:
    page = _cards(request, selectors.article_cards(articles))
    return render(request, "portal/public_list.html", _site(request, heading=heading, page=page, **extra))


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Cached per normalised words (spaces collapsed) and page; the page shows the words so."""
    q = page_cache.normalised_query(str(request.GET.get("q") or ""))[:200]
    return _cached(request, lambda: _search(request, q))


def _search(request: HttpRequest, q: str) -> HttpResponse:
    page = _cards(request, selectors.public_search(q)) if q else None
    return render(request, "portal/public_search.html", _site(request, q=q, page=page))


@require_GET
def cover(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """An article's cover: public once the article is out; before that, for its staff only."""
    file = selectors.cover_file(pk, size, request.user)
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def language(request: HttpRequest) -> HttpResponse:
    """The language switch of the public site: a page of its own holding the ``set_language`` form, so
    that the news pages set no cookie; the form's CSRF cookie and the language cookie come only when
    the visitor opens this page and chooses."""
    target = str(request.GET.get("next") or "")[:2000]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("web:home")
    return render(request, "portal/public_language.html", _site(request, next=target))
