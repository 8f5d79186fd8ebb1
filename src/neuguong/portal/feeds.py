"""RSS of each news category (Django's syndication framework)."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .models import Article, Category

FEED_ITEMS = 30


class CategoryFeed(Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Category:  # type: ignore[override]
        return selectors.category_get(slug)

    def title(self, obj: Category) -> str:
        return f"{obj.name} · Nêu Gương"

    def link(self, obj: Category) -> str:
        return reverse("news:category", args=[obj.slug])

    def description(self, obj: Category) -> str:
        return _("The latest articles of the category %(name)s") % {"name": obj.name}

    def items(self, obj: Category) -> Any:
        return selectors.article_cards(selectors.public_articles().filter(category=obj))[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return reverse("news:article", args=[item.pk])

    def item_pubdate(self, item: Article) -> Any:
        return item.published_at
