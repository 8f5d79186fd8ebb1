"""Study (học tập và làm theo): the yearly themes, central and the province's own, with their
guidance documents, and each unit's yearly plan for a theme: its items, owners, deadlines and
progress reports.

Tables, constraints and indexes only: every rule lives in ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .common import upload_path


class ThemeLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Items still to be carried out: they have a deadline that may pass.
ITEM_OPEN = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)


class Theme(models.Model):
    """A year's theme of study, entered by the committee (``unit``) that keeps it."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=20, choices=ThemeLevel.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "level", "pk"]
        indexes = [models.Index(fields=["year", "level"])]
        verbose_name = _("study theme")
        verbose_name_plural = _("study themes")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class ThemeDocument(models.Model):
    """A guidance document of a theme (PDF or DOCX), stored under MEDIA_ROOT (no public URL)."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="documents")
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
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.theme.unit


class Plan(models.Model):
    """A unit's plan for a year's theme: drafted, approved by a leader, closed after the year."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "theme"], name="study_one_plan_per_unit_and_theme"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(approved_on__isnull=False),
                                   name="study_approved_plan_has_its_date"),
        ]
        indexes = [models.Index(fields=["year", "status"])]
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class PlanItem(models.Model):
    """One content of a plan: what is done, by whom (a person or a free text), by when."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="items")
    content = models.TextField(_("content"))
    owner_person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("owner"))
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="study_done_item_has_its_date"),
            models.CheckConstraint(condition=Q(owner_person__isnull=False) | ~Q(owner_name=""),
                                   name="study_item_has_an_owner"),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def owner(self) -> str:
        return self.owner_person.full_name if self.owner_person is not None else self.owner_name

    @property
    def audit_unit(self):
        return self.plan.unit


class ProgressReport(models.Model):
    """What has been done on an item, on a date, with an optional file (PDF or DOCX)."""

    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(_("progress"))
    reported_on = models.DateField(_("date"))
    file = models.FileField(upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_unit(self):
        return self.item.plan.unit
