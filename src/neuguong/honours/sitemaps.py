"""The honour roll in the public site's sitemap: the roll and the page of each approved model."""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .models import Award


class HonourRollSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Any]:
        return ["roll", *selectors.honour_roll().select_related(None).only("id", "decided_on")]

    def location(self, item: Any) -> str:  # type: ignore[override]
        return reverse("honour_roll:roll") if item == "roll" else reverse("honour_roll:model", args=[item.pk])

    def lastmod(self, item: Any) -> Any:
        return item.decided_on if isinstance(item, Award) else None
