"""The public portal's tables: news categories and tags, articles of a unit with their revisions and
cover renditions, readers' views counted per day, and readers' feedback.

Tables, constraints and indexes only: every rule lives in ``services``. ``Article.body`` holds HTML
already sanitised by the services (nh3); ``search_text`` the diacritic-free words of the title,
summary and body, kept by the services, so that search is insensitive to diacritics on SQLite and
PostgreSQL alike.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def cover_path(instance: models.Model, filename: str) -> str:
    """A random name under MEDIA_ROOT/portal/: nothing of the uploaded name is kept in the path."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"portal/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Category(models.Model):
    """A section of the news site (Tin tức, Học tập và làm theo Bác...), shared by every unit."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Withdrawn")


class CoverFocus(models.TextChoices):
    """The part of the cover kept when a list's card crops it to 16:9 (CSS ``object-position``)."""

    CENTER = "center", pgettext_lazy("cover focus", "Centre")
    TOP = "top", pgettext_lazy("cover focus", "Top")
    BOTTOM = "bottom", pgettext_lazy("cover focus", "Bottom")
    LEFT = "left", pgettext_lazy("cover focus", "Left")
    RIGHT = "right", pgettext_lazy("cover focus", "Right")
    TOP_LEFT = "top-left", pgettext_lazy("cover focus", "Top left")
    TOP_RIGHT = "top-right", pgettext_lazy("cover focus", "Top right")
    BOTTOM_LEFT = "bottom-left", pgettext_lazy("cover focus", "Bottom left")
    BOTTOM_RIGHT = "bottom-right", pgettext_lazy("cover focus", "Bottom right")


class Article(models.Model):
    """A news article of the unit ``unit`` (a commune's news sits under the province's portal)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles",
                                 verbose_name=_("category"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    expire_at = models.DateTimeField(_("withdraw at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The cover, re-encoded by the services (metadata stripped) in three widths.
    cover_large = models.FileField(upload_to=cover_path, max_length=200, blank=True)
    cover_medium = models.FileField(upload_to=cover_path, max_length=200, blank=True)
    cover_small = models.FileField(upload_to=cover_path, max_length=200, blank=True)
    cover_alt = models.CharField(_("cover description"), max_length=200, blank=True)
    cover_focus = models.CharField(_("cover focal point"), max_length=12, choices=CoverFocus.choices,
                                   default=CoverFocus.CENTER)
    search_text = models.TextField(editable=False, default="")
    revision_count = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"))
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("editor"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="portal_article_latest"),
                   models.Index(fields=["category", "status", "-published_at"], name="portal_article_category")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="portal_published_has_date"),
            models.CheckConstraint(condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                                   name="portal_scheduled_has_time"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class ArticleRevision(models.Model):
    """The article as one save left it: every save adds one, numbered from 1."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("written by"))
    author_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="portal_one_revision_number")]
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"

    @property
    def audit_unit(self):
        return self.article.unit


class ArticleViewDay(models.Model):
    """How many visitors read the article on ``day`` (one view per visitor per day)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="portal_one_count_per_day")]
        indexes = [models.Index(fields=["day", "-views"], name="portal_view_day")]
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.views}"


class ViewerMark(models.Model):
    """A visitor has been counted for the article on ``day``: a keyed hash of the day's key, the client
    address and the user agent, never the address itself. The day's key changes every day, so marks of
    two days cannot be linked; marks are deleted once their day is over."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day", "digest"], name="portal_one_view_per_visitor")]
        indexes = [models.Index(fields=["day"], name="portal_viewer_mark_day")]
        verbose_name = _("viewer mark")
        verbose_name_plural = _("viewer marks")

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}"


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Feedback(models.Model):
    """A reader's comment (Phản hồi) on an article: shown only once approved; the contact never."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    name = models.CharField(_("name"), max_length=100)
    contact = models.TextField(_("contact"), blank=True)  # encrypted (core.crypto)
    body = models.TextField(_("feedback"))
    status = models.CharField(_("status"), max_length=20, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "status", "created_at"], name="portal_feedback_shown"),
                   models.Index(fields=["status", "created_at"], name="portal_feedback_queue")]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.name} · {self.article_id}"

    @property
    def audit_unit(self):
        return self.article.unit
