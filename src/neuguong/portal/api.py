"""JSON API of the portal for staff: the articles through their whole workflow (write, revise, submit,
return, publish, schedule, withdraw, reopen), their revisions, and the moderation of readers'
feedback. Thin doors: schemas in, a service or selector, schemas out, scoped like the pages (a
record out of the caller's scope answers 404 like a missing one); each step checks the permission
the lifecycle gives it (``portal.write`` or ``portal.publish``). Covers are uploaded through the
pages; readers use the public pages, RSS and the sitemap."""

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
from .models import Article, ArticleStatus, CoverFocus, FeedbackStatus

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


class ArticleEditIn(Schema):
    category_id: int
    title: str = sized(Article, "title")
    summary: str = Field("", max_length=600)
    body: str = Field(..., max_length=200_000, description="HTML; anything but text structure is removed")
    tags: list[Annotated[str, StringConstraints(max_length=60)]] = Field([], max_length=10)
    cover_alt: str | None = Field(None, max_length=200)
    cover_focus: CoverFocus | None = Field(None, description="The part of the cover the lists' 16:9 crop keeps")
    expire_at: dt.datetime | None = None


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=1000)


class ScheduleIn(Schema):
    publish_at: dt.datetime


class RevisionOut(Schema):
    number: int
    title: str
    created_at: dt.datetime
    author: str = Field(alias="author_label")


class FeedbackOut(Schema):
    id: int
    article_id: int
    article_title: str
    name: str
    contact: str = Field(description="Never shown publicly: for the moderators only")
    body: str
    status: FeedbackStatus
    created_at: dt.datetime

    @staticmethod
    def resolve_article_title(obj: Any) -> str:
        return obj.article.title

    @staticmethod
    def resolve_contact(obj: Any) -> str:
        return services.contact_of(obj)


class ModerationIn(Schema):
    note: str = Field("", max_length=300)


def _stepped(request: HttpRequest, article_id: int, step: str, **data: Any) -> Any:
    user = writer(request)
    article = services.article_step(article_id=article_id, step=step, acting_user=user, **data)
    return selectors.article_get(user, article.pk)


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


@router.put("/portal/articles/{article_id}", response=ArticleDetailOut,
            summary="Save a new revision (a published or scheduled article: publishers only)")
def update_article(request: HttpRequest, article_id: int, body: ArticleEditIn):
    user = writer(request)
    services.article_update(article_id=article_id, acting_user=user, **body.dict())
    return selectors.article_get(user, article_id)


@router.get("/portal/articles/{article_id}/revisions", response=list[RevisionOut],
            summary="The article's revisions, newest first")
def article_revisions(request: HttpRequest, article_id: int):
    user = writer(request)
    return list(selectors.revisions_of(selectors.article_get(user, article_id))[:50])


@router.post("/portal/articles/{article_id}/return", response=ArticleDetailOut, summary="Return to the author")
def return_article(request: HttpRequest, article_id: int, body: ReasonIn):
    return _stepped(request, article_id, "return", reason=body.reason)


@router.post("/portal/articles/{article_id}/schedule", response=ArticleDetailOut,
             summary="Schedule the publication (the task worker publishes it)")
def schedule_article(request: HttpRequest, article_id: int, body: ScheduleIn):
    return _stepped(request, article_id, "schedule", publish_at=body.publish_at)


@router.post("/portal/articles/{article_id}/unpublish", response=ArticleDetailOut,
             summary="Withdraw from the portal, with the reason")
def unpublish_article(request: HttpRequest, article_id: int, body: ReasonIn):
    return _stepped(request, article_id, "unpublish", reason=body.reason)


@router.post("/portal/articles/{article_id}/reopen", response=ArticleDetailOut,
             summary="Reopen a withdrawn article as a draft")
def reopen_article(request: HttpRequest, article_id: int):
    return _stepped(request, article_id, "reopen")


@router.get("/portal/feedback", response=list[FeedbackOut], summary="Readers' feedback to moderate, oldest first")
@paged
def list_feedback(request: HttpRequest, status: FeedbackStatus = FeedbackStatus.PENDING):
    user = writer(request)
    return selectors.feedback_queue(user, status=status)


@router.post("/portal/feedback/{feedback_id}/approve", response=FeedbackOut,
             summary="Show the feedback under its article (portal.publish)")
def approve_feedback(request: HttpRequest, feedback_id: int, body: ModerationIn):
    return services.feedback_moderate(feedback_id=feedback_id, approve=True, acting_user=writer(request),
                                      note=body.note)


@router.post("/portal/feedback/{feedback_id}/reject", response=FeedbackOut,
             summary="Reject the feedback (portal.publish)")
def reject_feedback(request: HttpRequest, feedback_id: int, body: ModerationIn):
    return services.feedback_moderate(feedback_id=feedback_id, approve=False, acting_user=writer(request),
                                      note=body.note)
