"""Every read of the portal: what readers see (published articles, in their publication window,
approved feedback, counts) and what staff see (the articles, revisions and feedback of their
subtrees)."""

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from neuguong.accounts.scoping import access, has_permission, path_of, scoped
from neuguong.core.text import search_key
from neuguong.orgs.models import Unit

from . import page_cache
from .models import Article, ArticleRevision, ArticleStatus, ArticleViewDay, Category, Feedback, FeedbackStatus, Tag

VIEW, PUBLISH = "portal.write", "portal.publish"
MAX_QUERY_WORDS = 8
RELATED_COUNT = 6
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_TAG = re.compile(r"<[^>]+>")
LIST_FIELDS = ("id", "title", "summary", "published_at", "cover_small", "cover_medium", "cover_alt", "cover_focus",
               "unit__name",
               "unit_id", "category__name", "category__slug", "category_id")


# Readers ------------------------------------------------------------------------------------


def public_articles(*, now: dt.datetime | None = None) -> QuerySet[Article]:
    """Published articles whose publication window holds now, newest first."""
    now = now or timezone.now()
    return (Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now)
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
            .select_related("unit", "category").order_by("-published_at", "-pk"))


def article_cards(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Only what a list of articles shows."""
    return articles.only(*LIST_FIELDS)


def latest(*, limit: int = 10) -> list[Article]:
    return list(article_cards(public_articles())[:limit])


def most_viewed(*, days: int, limit: int = 5, today: dt.date | None = None) -> list[Article]:
    """The articles most read over the last ``days`` days (today included), most read first."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    totals = (ArticleViewDay.objects.filter(day__gte=since, day__lte=today)
              .values("article_id").annotate(total=Sum("views")).order_by("-total", "-article_id"))
    by_id = {row["article_id"]: row["total"] for row in totals[: limit * 4]}
    found = list(article_cards(public_articles().filter(pk__in=list(by_id))))
    for article in found:
        article.view_total = by_id[article.pk]  # type: ignore[attr-defined]
    found.sort(key=lambda article: (-by_id[article.pk], -article.pk))
    return found[:limit]


def public_article(pk: Any) -> Article:
    """A published article (404 otherwise, also when withdrawn or not yet out)."""
    return access_public(public_articles().prefetch_related("tags"), pk)


def access_public(queryset: QuerySet[Article], pk: Any) -> Article:
    try:
        return queryset.get(pk=int(pk))
    except (Article.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def related_articles(article: Article, *, limit: int = RELATED_COUNT) -> list[Article]:
    """Các tin khác: other articles of the same category or sharing a tag, most recent first."""
    tags = [tag.pk for tag in article.tags.all()]
    condition = Q(category_id=article.category_id)
    if tags:
        condition |= Q(Exists(Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tags)))
    return list(article_cards(public_articles().filter(condition).exclude(pk=article.pk))[:limit])


def approved_feedback(article: Article) -> QuerySet[Feedback]:
    """What readers see under an article: approved feedback, oldest first, never the contact."""
    return (Feedback.objects.filter(article=article, status=FeedbackStatus.APPROVED)
            .only("id", "name", "body", "created_at").order_by("created_at", "pk"))


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def category_get(slug: str) -> Category:
    return get_object_or_404(Category, slug=slug)


def tag_get(slug: str) -> Tag:
    return get_object_or_404(Tag, slug=slug)


def search_words(value: str) -> list[str]:
    return " ".join(_NOT_WORD.sub(" ", search_key(value or "")).split()).split()[:MAX_QUERY_WORDS]


def public_search(q: str) -> QuerySet[Article]:
    """Published articles holding every word of ``q`` (as the start of a word), diacritics ignored."""
    words = search_words(q)
    if not words:
        return Article.objects.none()
    articles = public_articles()
    for word in words:
        articles = articles.filter(search_text__contains=f" {word}")
    return article_cards(articles)


def public_units_with_news() -> list[Any]:
    return list(Unit.objects.filter(Exists(public_articles().filter(unit_id=OuterRef("pk")))).order_by("path"))


def unit_with_news(pk: Any) -> Any:
    unit = Unit.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if unit is None:
        raise Http404
    return unit


def unit_articles(unit: Any) -> QuerySet[Article]:
    """The news of the unit and of the units under it."""
    return article_cards(public_articles().filter(unit__path__startswith=unit.path))


def cover_file(pk: Any, size: str, user: Any) -> Any:
    """The file of an article's cover: of a published article for anyone, of any other for its staff."""
    field = f"cover_{size}"
    if size not in ("large", "medium", "small"):
            raise Http404
    try:
        article = public_articles().get(pk=int(pk))
    except (Article.DoesNotExist, ValueError, TypeError):
        article = access(Article.objects.all(), user, pk, view=VIEW)
    file = getattr(article, field)
    if not file:
            raise Http404
    return file


# Staff --------------------------------------------------------------------------------------


def articles_visible_to(user: Any, *, status: str = "", category: Any = None, unit: Any = None,
                        q: str = "") -> QuerySet[Article]:
    articles = scoped(Article.objects.all(), user, VIEW).select_related("unit", "category", "author", "author__person")
    if status:
        articles = articles.filter(status=status)
    if category:
        articles = articles.filter(category=category)
    if unit is not None:
        articles = articles.filter(unit__path__startswith=unit.path)
    for word in search_words(q):
        articles = articles.filter(search_text__contains=f" {word}")
    return (articles.annotate(pending_feedback=Count("feedback", filter=Q(feedback__status=FeedbackStatus.PENDING)))
            .defer("body", "search_text"))


def article_get(user: Any, pk: Any) -> Article:
    return access(Article.objects.select_related("unit", "category", "author", "editor")
                  .prefetch_related("tags"), user, pk, view=VIEW)


def revisions_of(article: Article) -> QuerySet[ArticleRevision]:
    return ArticleRevision.objects.filter(article=article).select_related("author").order_by("-number")


def revision_get(article: Article, number: Any) -> ArticleRevision:
    found = ArticleRevision.objects.filter(article=article, number=number).select_related("author").first() \
        if str(number).isdigit() else None
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def _lines(revision: ArticleRevision) -> list[str]:
    body = re.sub(r"</(p|h[2-4]|li|blockquote|tr)>|<br\s*/?>", "\n", revision.body)
    text = _TAG.sub("", body)
    return [revision.title, revision.summary, ""] + [html.unescape(line).strip() for line in text.split("\n")
                                                     if line.strip()]


def revision_diff(old: ArticleRevision, new: ArticleRevision) -> list[DiffLine]:
    """The text of two revisions compared line by line (difflib), as readers would read it."""
    lines = []
    for line in difflib.ndiff(_lines(old), _lines(new)):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        lines.append(DiffLine({"+ ": "added", "- ": "removed"}.get(code, "same"), text))
    return lines


def feedback_queue(user: Any, *, status: str = FeedbackStatus.PENDING) -> QuerySet[Feedback]:
    """Feedback on the articles the user moderates, oldest first."""
    return (scoped(Feedback.objects.all(), user, PUBLISH).filter(status=status)
            .select_related("article", "article__unit").order_by("created_at", "pk"))


def feedback_get(user: Any, pk: Any) -> Feedback:
    return access(Feedback.objects.select_related("article__unit"), user, pk, view=VIEW)


def may_publish(user: Any, article: Article) -> bool:
    return has_permission(user, PUBLISH, path_of(article))


def view_totals(article: Article, *, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    days = ArticleViewDay.objects.filter(article=article)
    week = days.filter(day__gt=today - dt.timedelta(days=7)).aggregate(total=Sum("views"))["total"] or 0
    return {"today": days.filter(day=today).aggregate(total=Sum("views"))["total"] or 0, "week": week,
            "all": days.aggregate(total=Sum("views"))["total"] or 0}



def public_site() -> dict[str, Any]:
    """What the header and footer of every public page show: the issuing body, its contact and the
    sections (cached with the public pages, dropped when a category is added)."""
    key = f"portal:site:{page_cache.generation()}"
    site = cache.get(key)
    if site is None:
        issuer = settings.PUBLIC_ISSUER
        if not issuer:
            root = Unit.objects.filter(parent__isnull=True).only("name").order_by("pk").first()
            issuer = root.name if root else ""
        site = {"issuer": issuer, "contact": settings.PUBLIC_CONTACT,
                "categories": [{"name": c.name, "slug": c.slug} for c in categories()]}
        cache.set(key, site, timeout=max(settings.PORTAL_CACHE_SECONDS, 1))
    return site
