"""Inspection and supervision cases (cuộc kiểm tra, giám sát) on a party organisation or member:
planned, started by a decision with its team and timeline, concluded with findings and a conclusion,
and the recommendations followed up until done.

Tables, constraints and indexes only: every rule lives in ``services``.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_path(instance: models.Model, filename: str) -> str:
    """A random name under MEDIA_ROOT/inspection/: the uploaded name is kept only as data."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"inspection/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Programme(models.Model):
    """A yearly inspection and supervision programme of a committee or its inspection commission
    (``unit``): the cases it plans, and its progress against them."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"],
                                               name="inspection_programme_title_per_unit_and_year")]
        verbose_name = _("inspection and supervision programme")
        verbose_name_plural = _("inspection and supervision programmes")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class CaseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class Case(models.Model):
    """One inspection or supervision of one subject by the committee or inspection commission ``unit``."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("conducted by"))
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("programme"))
    type = models.ForeignKey("catalogues.OversightType", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("type"))
    method = models.ForeignKey("catalogues.OversightType", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("method of supervision"))
    subject_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("party organisation"))
    subject_person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("party member"))
    # The reception's denunciation petition that opened the case (type "settling denunciations"):
    # a petition opens at most one case.
    petition = models.ForeignKey("reception.Petition", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("denunciation petition"))
    title = models.CharField(_("content"), max_length=300)
    planned_start = models.DateField(_("planned from"))
    planned_end = models.DateField(_("planned until"))
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.PLANNED)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    team = models.TextField(_("team"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    violation_found = models.BooleanField(_("violation found"), null=True, blank=True)
    rules_breached = models.TextField(_("rules breached"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False, subject_person__isnull=True)
                           | Q(subject_unit__isnull=True, subject_person__isnull=False)),
                name="inspection_case_has_one_subject"),
            models.CheckConstraint(condition=Q(planned_end__gte=models.F("planned_start")),
                                   name="inspection_case_plan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="planned") | (Q(decision_date__isnull=False, starts_on__isnull=False,
                                                   ends_on__isnull=False) & ~Q(decision_number="")),
                name="inspection_started_case_has_its_decision"),
            models.CheckConstraint(
                condition=~Q(status="concluded") | (Q(concluded_on__isnull=False, violation_found__isnull=False)
                                                    & ~Q(conclusion="")),
                name="inspection_concluded_case_has_its_conclusion"),
            models.UniqueConstraint(fields=["petition"], name="inspection_one_case_per_petition"),
        ]
        indexes = [models.Index(fields=["status", "ends_on"]), models.Index(fields=["planned_start"])]
        verbose_name = _("inspection or supervision case")
        verbose_name_plural = _("inspection and supervision cases")

    def __str__(self) -> str:
        return _("Case no. %(pk)s") % {"pk": self.pk}

    @property
    def subject_name(self) -> str:
        if self.subject_unit_id is not None:
            return self.subject_unit.name  # type: ignore[union-attr]
        return self.subject_person.full_name if self.subject_person is not None else ""

    @property
    def audit_unit(self):
        return self.unit


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("To follow up")
    DONE = "done", _("Done")


class Recommendation(models.Model):
    """What a concluded case asks of its subject, followed up until done."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.OPEN)
    follow_up = models.TextField(_("follow-up"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                              name="inspection_done_recommendation_has_its_date")]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_unit(self):
        return self.case.unit


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    EVIDENCE = "evidence", _("Evidence")


class CaseDocument(models.Model):
    """A document or a piece of evidence of a case: PDF, DOCX, JPEG or PNG, checked by content."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT)
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
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.case.unit


class Explanation(models.Model):
    """The subject's explanation (giải trình) on a case in progress: its text, its date and
    optionally the signed file."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="explanations")
    given_on = models.DateField(_("given on"))
    text = models.TextField(_("explanation"))
    file = models.FileField(upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("explanation of the subject")
        verbose_name_plural = _("explanations of the subject")

    def __str__(self) -> str:
        return _("Explanation of %(date)s") % {"date": self.given_on.strftime("%d/%m/%Y")}

    @property
    def audit_unit(self):
        return self.case.unit
