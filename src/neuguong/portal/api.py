"""JSON API of the portal's articles for staff. Thin doors: schemas in, a service or selector,
schemas out, scoped like the pages (an article out of the caller's scope answers 404 like a missing
one). Covers are uploaded through the pages; readers use the public pages, RSS and the sitemap."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from neuguong.accounts.scoping import has_permission
from neuguong.core.api import caller, paged, sized
from neuguong.core.errors import PermissionDeniedError
from neuguong.core.lifecycle import allowed_names
from neuguong.orgs import selectors as org_selectors

from . import selectors, services
from .models import Article, ArticleStatus

router = Router(tags=["portal"])


def writer(request: HttpRequest) -> Any:
    user = caller(request)
    if not has_permission(user, "portal.write"):
        raise PermissionDeniedError(_("The portal's articles are for its propaganda staff."))
    return user


class ArticleOut(Schema):
    id: int
    unit_id: int
    category_id: int
    title: str
    summary: str
    status: ArticleStatus
    published_at: dt.datetime | None
    publish_at: dt.datetime | None
    expire_at: dt.datetime | None
    revision_count: int


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="Sanitised HTML")
    tags: list[str]
    allowed_actions: list[str]

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_allowed_actions(obj: Any, context: dict[str, Any]) -> list[str]:
        names = allowed_names(obj, context["request"].auth)
        return [name for name in names if name not in services.articles.WORKER_STEPS]


class ArticleIn(Schema):
    unit_id: int
    category_id: int
    title: str = sized(Article, "title")
    summary: str = Field("", max_length=600)
    body: str = Field(..., max_length=200_000, description="HTML; anything but text structure is removed")
    tags: list[Annotated[str, StringConstraints(max_length=60)]] = Field([], max_length=10)
    expire_at: dt.datetime | None = None


@router.get("/portal/articles", response=list[ArticleOut], summary="Articles of the caller's subtrees")
@paged
def list_articles(request: HttpRequest, unit_id: int | None = None, status: ArticleStatus | None = None,
                  q: str = Query("", max_length=200)):
    user = writer(request)
    unit = org_selectors.unit_get(user, unit_id) if unit_id is not None else None
    return selectors.articles_visible_to(user, unit=unit, status=status or "", q=q).order_by("-updated_at", "-pk")


@router.post("/portal/articles", response={201: ArticleDetailOut}, summary="Write a draft")
def create_article(request: HttpRequest, body: ArticleIn):
    user = writer(request)
    article = services.article_create(acting_user=user, **body.dict())
    return 201, selectors.article_get(user, article.pk)


@router.get("/portal/articles/{article_id}", response=ArticleDetailOut, summary="An article with its text")
def get_article(request: HttpRequest, article_id: int):
    return selectors.article_get(writer(request), article_id)


@router.post("/portal/articles/{article_id}/submit", response=ArticleDetailOut, summary="Submit for review")
def submit_article(request: HttpRequest, article_id: int):
    user = writer(request)
    article = services.article_submit(article_id=article_id, acting_user=user)
    return selectors.article_get(user, article.pk)


@router.post("/portal/articles/{article_id}/publish", response=ArticleDetailOut, summary="Publish now")
def publish_article(request: HttpRequest, article_id: int):
    user = writer(request)
    article = services.article_publish(article_id=article_id, acting_user=user)
    return selectors.article_get(user, article.pk)
