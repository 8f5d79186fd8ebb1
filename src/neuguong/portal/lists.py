"""The lists of this app that a worker can rebuild for a long download (``web.lists.ListSource``)."""

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListSource, Sort, register_list, working_unit_filter

from . import exports, selectors
from .forms import ArticleFilterForm


def _articles(user: Any, query: QueryDict, working: Any) -> tuple[ArticleFilterForm, Any]:
    form = working_unit_filter(ArticleFilterForm, query, working, units=org_selectors.units_for(user))
    return form, selectors.articles_visible_to(user, **form.selector_args()).order_by("-updated_at", "-pk")


ARTICLES = register_list(ListSource(
    name="portal_article", permission="portal.write", export=exports.ARTICLES, build=_articles,
    sorts=(Sort("updated", _("Latest change first"), ("-updated_at", "-pk")),
           Sort("published", _("Latest published first"), ("-published_at", "-pk"))),
))
