"""Events of the study year (sự kiện): workshops and talks (hội thảo chuyên đề, tọa đàm nêu gương),
review conferences (hội nghị sơ kết, tổng kết) and honouring ceremonies, organised by a unit, with
their participants, documents and outcomes.

Tables, constraints and indexes only: the lifecycle (planned → held | cancelled) lives in
``services.events``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .common import upload_path


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Thematic workshop")
    TALK = "talk", _("Talk on setting an example")
    INTERIM_REVIEW = "interim_review", _("Interim review conference")
    FINAL_REVIEW = "final_review", _("Final review conference")
    HONOURING = "honouring", _("Honouring ceremony")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class StudyEvent(models.Model):
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.TextField(_("participants"), blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    outcomes = models.TextField(_("outcomes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED)
    cancel_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="held") | ~Q(outcomes=""), name="study_held_event_has_outcomes"),
        ]
        indexes = [models.Index(fields=["-held_on", "id"], name="study_event_newest")]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class EventDocument(models.Model):
    """A document of an event (invitation, programme, speech, photo report) as PDF or DOCX."""

    event = models.ForeignKey(StudyEvent, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to=upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.event.unit


class EventLink(models.Model):
    """What an event links to in the other modules: the news article that reports it (portal) or the
    nomination round whose awards an honouring ceremony presents (honours). Exactly one target."""

    event = models.ForeignKey(StudyEvent, on_delete=models.CASCADE, related_name="links")
    article = models.ForeignKey("portal.Article", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("news article"))
    round = models.ForeignKey("honours.Round", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("nomination round"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(article__isnull=False, round__isnull=True)
                                   | Q(article__isnull=True, round__isnull=False), name="study_event_link_one_target"),
            models.UniqueConstraint(fields=["event", "article"], condition=Q(article__isnull=False),
                                    name="study_event_link_article_once"),
            models.UniqueConstraint(fields=["event", "round"], condition=Q(round__isnull=False),
                                    name="study_event_link_round_once"),
        ]
        verbose_name = _("event link")
        verbose_name_plural = _("event links")

    def __str__(self) -> str:
        return _("Link no. %(pk)s") % {"pk": self.pk}

    @property
    def audit_unit(self):
        return self.event.unit
