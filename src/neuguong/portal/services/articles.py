"""Writing articles: categories and tags, an article with its cover, and a revision for every save.

The workflow (draft → review → scheduled/published → withdrawn) runs on ``core.lifecycle``; the
worker publishes a scheduled article at its time and withdraws an article at its expiry
(``tasks``, queued in the write's own transaction)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import access, ensure_permission_on, has_permission
from neuguong.audit import services as audit
from neuguong.core.errors import PermissionDeniedError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.orgs.models import Unit, UnitStatus

from .. import page_cache, tasks
from ..models import Article, ArticleRevision, ArticleStatus, Category, CoverFocus, Tag
from . import images
from .common import (
    PUBLISH,
    VIEW,
    WRITE,
    actor_of,
    clean_html,
    clean_text,
    invalid,
    label_of,
    plain_text,
    refused,
    slug_of,
    words_of,
)

S = ArticleStatus
MAX_TAGS = 10
EDITED_FIELDS = ["title", "summary", "body", "cover_focus"]


@transaction.atomic
def category_create(*, name: str, acting_user: Any, slug: str = "", position: int = 0) -> Category:
    """A section of the news site; categories are shared by every unit, so only a system administrator
    (who holds ``portal.publish`` at the root) adds one."""
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None or not has_permission(acting_user, PUBLISH, root.path):
        raise PermissionDeniedError(_("You do not have permission to do this here."))
    name = clean_text(name, 120)
    if not name:
        raise invalid("name", _("Enter the name of the category."))
    slug = slug_of(slug or name, 120)
    category, created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    if not created:
        raise invalid("name", _("A category with this name exists already."))
    audit.record(acting_user, "portal_category.created", category, unit=None, after={"name": name, "slug": slug})
    page_cache.changed()
    return category


def _tags(names: Any) -> list[Tag]:
    if isinstance(names, str):
        names = names.split(",")
    found: dict[str, str] = {}
    for name in names or ():
        name = clean_text(name, 60)
        if name:
            found.setdefault(slug_of(name, 60), name)
    if len(found) > MAX_TAGS:
        raise invalid("tags", _("An article takes at most 10 tags."))
    tags = []
    for slug, name in found.items():
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _expiry(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    moment = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
    if moment is None:
        raise refused("schedule_invalid", "expire_at", _("Enter a valid date and time."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment <= timezone.now():
        raise refused("schedule_invalid", "expire_at", _("The withdrawal time must lie in the future."))
    return moment


def _fields(*, title: Any, summary: Any, body: Any, category_id: Any) -> dict[str, Any]:
    cleaned: dict[str, Any] = {"title": clean_text(title, 250), "summary": clean_text(summary, 600),
                               "body": clean_html(body)}
    if not cleaned["title"]:
        raise invalid("title", _("Enter the title."))
    if not plain_text(cleaned["body"]):
        raise invalid("body", _("Write the article's text."))
    category = Category.objects.filter(pk=category_id).first() if str(category_id or "").isdigit() else None
    if category is None:
        raise invalid("category_id", _("Choose the category."))
    cleaned["category"] = category
    return cleaned


def _cover_focus(value: Any) -> str:
    if value not in CoverFocus.values:
        raise invalid("cover_focus", _("Choose the part of the cover to keep from the list."))
    return str(value)


def _set_cover(article: Article, cover: Any, alt: str) -> None:
    renditions = images.renditions_of(cover)
    for name in images.WIDTHS:
        getattr(article, f"cover_{name}").save("cover.jpg", getattr(renditions, name), save=False)
    article.cover_alt = clean_text(alt, 200)


def _revise(article: Article, acting_user: Any) -> ArticleRevision:
    Article.objects.filter(pk=article.pk).update(revision_count=F("revision_count") + 1)
    article.refresh_from_db(fields=["revision_count"])
    return ArticleRevision.objects.create(article=article, number=article.revision_count, title=article.title,
                                          summary=article.summary, body=article.body, author=actor_of(acting_user),
                                          author_label=label_of(acting_user))


def _schedule_expiry(article: Article) -> None:
    if article.expire_at is not None:
        tasks.expire_article.using(run_after=article.expire_at).enqueue(article_id=article.pk)


@transaction.atomic
def article_create(*, unit_id: Any, title: str, body: str, category_id: Any, acting_user: Any, summary: str = "",
                   tags: Any = (), cover: Any = None, cover_alt: str = "", cover_focus: str | None = None,
                   expire_at: Any = None) -> Article:
    """A draft of the unit ``unit_id``, written by the acting user, with its first revision."""
    unit = access(Unit.objects.all(), acting_user, unit_id, view="units.view", action=WRITE)
    if unit.status != UnitStatus.ACTIVE:
        raise invalid("unit_id", _("This unit has ended: it takes no new article."))
    fields = _fields(title=title, summary=summary, body=body, category_id=category_id)
    article = Article(unit=unit, author=actor_of(acting_user), expire_at=_expiry(expire_at),
                      cover_focus=_cover_focus(cover_focus or CoverFocus.CENTER), **fields)
    if cover:
        _set_cover(article, cover, cover_alt)
    article.search_text = words_of(article.title, article.summary, plain_text(article.body))
    article.save()
    article.tags.set(_tags(tags))
    _revise(article, acting_user)
    audit.record(acting_user, "portal_article.created", article,
                 after={"title": article.title, "category": article.category.slug, "status": article.status})
    return article


def _editable(article_id: Any, user: Any) -> Article:
    article = access(Article.objects.select_for_update(of=("self",), no_key=True).select_related("unit", "category"),
                     user, article_id, view=VIEW, action=WRITE)
    if article.status in (S.PUBLISHED, S.SCHEDULED):
        ensure_permission_on(user, PUBLISH, article)
    return article


@transaction.atomic
def article_update(*, article_id: Any, title: str, body: str, category_id: Any, acting_user: Any,
                   summary: str = "", tags: Any = (), cover: Any = None, cover_alt: str | None = None,
                   cover_focus: str | None = None, expire_at: Any = None) -> Article:
    """A new revision of the article; a published or scheduled one is corrected by a publisher only."""
    article = _editable(article_id, acting_user)
    before = {name: getattr(article, name) for name in EDITED_FIELDS}
    fields = _fields(title=title, summary=summary, body=body, category_id=category_id)
    for name, value in fields.items():
        setattr(article, name, value)
    previous_expiry = article.expire_at
    article.expire_at = _expiry(expire_at) if expire_at not in (None, "") else None
    if cover:
        _set_cover(article, cover, cover_alt or "")
    elif cover_alt is not None:
        article.cover_alt = clean_text(cover_alt, 200)
    if cover_focus is not None:
        article.cover_focus = _cover_focus(cover_focus)
    article.search_text = words_of(article.title, article.summary, plain_text(article.body))
    if article.author is not None and article.author != acting_user:
        article.editor = actor_of(acting_user)
    article.save()
    article.tags.set(_tags(tags))
    revision = _revise(article, acting_user)
    if article.status == S.PUBLISHED and article.expire_at != previous_expiry:
        _schedule_expiry(article)
    audit.record(acting_user, "portal_article.revised", article, before=before,
                 after={**{name: getattr(article, name) for name in EDITED_FIELDS}, "revision": revision.number})
    if article.status == S.PUBLISHED:
        page_cache.changed()
    return article


# The workflow ---------------------------------------------------------------------------------


def _publish(article: Article, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now()
    article.published_at = now
    article.publish_at = None
    article.editor = actor_of(user) or article.editor
    if article.expire_at is not None and article.expire_at <= now:
        article.expire_at = None
    _schedule_expiry(article)
    return {"published_at": now}


def _schedule(article: Article, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    moment = parse_datetime(str(data.get("publish_at") or ""))
    if moment is None:
        raise refused("schedule_invalid", "publish_at", _("Enter a valid date and time."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment <= timezone.now():
        raise refused("schedule_invalid", "publish_at", _("The publication time must lie in the future."))
    if article.expire_at is not None and article.expire_at <= moment:
        raise refused("schedule_invalid", "publish_at", _("The article would be withdrawn before it is published."))
    article.publish_at = moment
    article.editor = actor_of(user) or article.editor
    tasks.publish_article.using(run_after=moment).enqueue(article_id=article.pk)
    return {}


def _due(article: Article, user: Any, data: dict[str, Any]) -> str | None:
    if article.publish_at is None or article.publish_at > timezone.now():
        return str(_("The publication time has not come."))
    return None


def _expired(article: Article, user: Any, data: dict[str, Any]) -> str | None:
    if article.expire_at is None or article.expire_at > timezone.now():
        return str(_("The withdrawal time has not come."))
    return None


def _scheduled_publish(article: Article, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    moment = article.publish_at or timezone.now()
    article.published_at = moment
    article.publish_at = None
    _schedule_expiry(article)
    return {"published_at": moment}


ARTICLE = Lifecycle(Article, "status", view=VIEW, related=("unit", "category"), transitions=[
    Transition("submit", _("Submit for review"), frozenset({S.DRAFT}), S.REVIEW, WRITE, "portal_article.submitted"),
    Transition("return", _("Return to the author"), frozenset({S.REVIEW, S.SCHEDULED}), S.DRAFT, PUBLISH,
               "portal_article.returned", required=("reason",),
               messages={"reason": _("Say what the author should change.")}),
    Transition("publish", _("Publish now"), frozenset({S.REVIEW, S.SCHEDULED, S.UNPUBLISHED}), S.PUBLISHED, PUBLISH,
               "portal_article.published", apply=_publish),
    Transition("schedule", _("Schedule"), frozenset({S.REVIEW}), S.SCHEDULED, PUBLISH, "portal_article.scheduled",
               apply=_schedule, required=("publish_at",),
               messages={"publish_at": _("Enter when the article is to be published.")}),
    Transition("publish_due", _("Publish at the scheduled time"), frozenset({S.SCHEDULED}), S.PUBLISHED, PUBLISH,
               "portal_article.published", guard=_due, apply=_scheduled_publish),
    Transition("unpublish", _("Withdraw from the portal"), frozenset({S.PUBLISHED}), S.UNPUBLISHED, PUBLISH,
               "portal_article.unpublished", required=("reason",),
               messages={"reason": _("Say why the article is withdrawn.")}),
    Transition("expire", _("Withdraw at the expiry time"), frozenset({S.PUBLISHED}), S.UNPUBLISHED, PUBLISH,
               "portal_article.unpublished", guard=_expired),
    Transition("reopen", _("Reopen as a draft"), frozenset({S.UNPUBLISHED}), S.DRAFT, WRITE, "portal_article.reopened"),
])
# The two steps the worker takes; pages never offer them.
WORKER_STEPS = frozenset({"publish_due", "expire"})


def article_step(*, article_id: Any, step: str, acting_user: Any, reason: str = "", publish_at: Any = "") -> Article:
    if step not in ARTICLE.transitions or step in WORKER_STEPS:
        raise invalid("step", _("Unknown step."))
    data: dict[str, Any] = {}
    if step in ("return", "unpublish"):
        data["reason"] = reason
    if step == "schedule":
        data["publish_at"] = publish_at.isoformat() if isinstance(publish_at, dt.datetime) else str(publish_at or "")
    article = ARTICLE.transition(article_id, step, acting_user=acting_user, **data)
    page_cache.changed()
    return article


def article_submit(*, article_id: Any, acting_user: Any) -> Article:
    return article_step(article_id=article_id, step="submit", acting_user=acting_user)


def article_publish(*, article_id: Any, acting_user: Any) -> Article:
    return article_step(article_id=article_id, step="publish", acting_user=acting_user)


def article_schedule(*, article_id: Any, publish_at: dt.datetime, acting_user: Any) -> Article:
    return article_step(article_id=article_id, step="schedule", publish_at=publish_at, acting_user=acting_user)


def article_unpublish(*, article_id: Any, reason: str, acting_user: Any) -> Article:
    return article_step(article_id=article_id, step="unpublish", reason=reason, acting_user=acting_user)


def article_publish_due(*, article_id: int, acting_user: Any) -> Article | None:
    """The worker's step at the scheduled time; nothing when the article was meanwhile rescheduled,
    published, returned or withdrawn."""
    article = Article.objects.filter(pk=article_id, status=S.SCHEDULED, publish_at__lte=timezone.now()).first()
    if article is None:
        return None
    article = ARTICLE.transition(article.pk, "publish_due", acting_user=acting_user)
    page_cache.changed()
    return article


def article_expire_due(*, article_id: int, acting_user: Any) -> Article | None:
    """The worker's step at the expiry time; nothing when the expiry moved or the article is no longer out."""
    article = Article.objects.filter(pk=article_id, status=S.PUBLISHED, expire_at__lte=timezone.now()).first()
    if article is None:
        return None
    article = ARTICLE.transition(article.pk, "expire", acting_user=acting_user)
    page_cache.changed()
    return article


# The sections a provincial Party news portal usually has (names as they read on the site).
DEFAULT_CATEGORIES = (
    ("tin-tuc", "Tin tức"),
    ("hoc-tap-va-lam-theo-bac", "Học tập và làm theo Bác"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("guong-dien-hinh", "Gương điển hình"),
    ("thoi-su", "Thời sự"),
    ("van-ban", "Văn bản chỉ đạo"),
)


def categories_load(*, acting_user: Any) -> list[Category]:
    """The usual categories that are missing, added (a second call adds nothing)."""
    added = []
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES):
        if not Category.objects.filter(slug=slug).exists():
            added.append(category_create(name=name, slug=slug, position=position, acting_user=acting_user))
    return added
