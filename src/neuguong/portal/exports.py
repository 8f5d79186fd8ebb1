"""Spreadsheets of the portal: the articles list."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.exports import Column, TableExport

ARTICLES = TableExport(name=_("Portal articles"), title=_("Portal articles"), columns=(
    Column("title", _("Title")),
    Column("unit", _("Unit"), value="unit.name"),
    Column("category", _("Category"), value="category.name"),
    Column("status", _("Status"), value="get_status_display"),
    Column("published_at", _("Published"), format="date",
           value=lambda article: timezone.localtime(article.published_at).date() if article.published_at else None),
    Column("revisions", _("Revisions"), value="revision_count", format="int"),
))
