"""The sitemap of the public site (Django's sitemaps framework): the front page, the categories and
every published article."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> Any:
        return selectors.public_articles().select_related(None).only("id", "updated_at").order_by("-pk")

    def location(self, item: Article) -> str:  # type: ignore[override]
        return reverse("news:article", args=[item.pk])

    def lastmod(self, item: Article) -> Any:
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return selectors.categories()

    def location(self, item: Category) -> str:  # type: ignore[override]
        return reverse("news:category", args=[item.slug])


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["news:home"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


SITEMAPS = {"home": HomeSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
