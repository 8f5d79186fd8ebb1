"""Emulation and commendation (thi đua, khen thưởng): a unit's nomination rounds, the collectives and
individuals nominated in them with their achievements and evidence, the council's vote, and the
awards the competent body approves.

Tables, constraints and indexes only: every rule lives in ``services``.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def upload_path(instance: models.Model, filename: str) -> str:
    """A random name under MEDIA_ROOT/honours/: the uploaded name is kept only as data."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"honours/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Taking nominations")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A nomination round of ``unit``: yearly, a five-year review of Directive 05, an anniversary or
    the party membership badges of an award day."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind of round"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    closes_on = models.DateField(_("nominations close on"))
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"],
                                               name="honours_round_title_per_unit_and_year")]
        verbose_name = _("nomination round")
        verbose_name_plural = _("nomination rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PASSED = "passed", _("Passed by the council")
    NOT_PASSED = "not_passed", _("Not passed by the council")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Nomination(models.Model):
    """A collective (a unit of the round's subtree) or an individual (a person of it) proposed for a
    title or form of the catalogue, with their achievements; then the council's vote."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("round"))
    subject_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("collective"))
    subject_person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("individual"))
    award = models.CharField(_("title or form proposed"), max_length=60)
    field = models.CharField(_("field"), max_length=40, blank=True)
    achievements = models.TextField(_("achievements"))
    story = models.TextField(_("story for the honour roll"), blank=True)
    # The portrait or the collective's photo shown on the public honour roll once approved: JPEG or PNG.
    photo = models.FileField(_("photo"), upload_to=upload_path, max_length=200, blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.PROPOSED)
    council_members = models.PositiveSmallIntegerField(_("council members"), null=True, blank=True)
    council_present = models.PositiveSmallIntegerField(pgettext_lazy("council", "members present"), null=True,
                                                       blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    voted_on = models.DateField(_("council met on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False, subject_person__isnull=True)
                           | Q(subject_unit__isnull=True, subject_person__isnull=False)),
                name="honours_nomination_has_one_subject"),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(votes_for__isnull=False, votes_against__isnull=False,
                                                   votes_abstain__isnull=False, council_present__isnull=False,
                                                   council_members__isnull=False, voted_on__isnull=False),
                name="honours_reviewed_nomination_has_its_vote"),
            models.CheckConstraint(
                condition=Q(council_present__isnull=True) | Q(council_present__lte=models.F("council_members")),
                name="honours_present_within_council"),
            models.UniqueConstraint(fields=["round", "subject_person", "award"],
                                    condition=Q(subject_person__isnull=False),
                                    name="honours_one_nomination_per_person_award_round"),
            models.UniqueConstraint(fields=["round", "subject_unit", "award"],
                                    condition=Q(subject_unit__isnull=False),
                                    name="honours_one_nomination_per_unit_award_round"),
        ]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return self.subject_name

    @property
    def subject_name(self) -> str:
        if self.subject_unit_id is not None:
            return self.subject_unit.name  # type: ignore[union-attr]
        return self.subject_person.full_name if self.subject_person is not None else ""

    @property
    def audit_unit(self):
        return self.round.unit


class Evidence(models.Model):
    """A proof of a nomination's achievements: PDF, DOCX, JPEG or PNG, checked by content."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="evidence")
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
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.nomination.round.unit


class Award(models.Model):
    """A title or form the competent body conferred by its decision: one per nomination (a second
    approval is refused by the constraint), on the person's or the unit's history."""

    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="decision",
                                      verbose_name=_("nomination"))
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="awards", verbose_name=_("round"))
    person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award = models.CharField(_("title or form"), max_length=60)
    body = models.CharField(_("competent body"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    # The portal article telling this model's story, once staff with the portal's publishing permission
    # drafted it from the award (``services.award_article_create``); the honour roll links to it once published.
    article = models.OneToOneField("portal.Article", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="honour", verbose_name=_("article"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(unit__isnull=False, person__isnull=True)
                                              | Q(unit__isnull=True, person__isnull=False)),
                                   name="honours_award_has_one_recipient"),
        ]
        indexes = [models.Index(fields=["decided_on"])]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decided_on:%d/%m/%Y})"

    @property
    def audit_unit(self):
        return self.round.unit
