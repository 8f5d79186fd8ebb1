"""Members' registrations to follow (đăng ký làm theo) with their quarterly self-reports and the
cell's assessment, and the exemplary pledges (cam kết nêu gương) of post holders with their
follow-up notes and assessment.

Tables, constraints and indexes only: every rule lives in ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .common import upload_path
from .plans import Theme


class FollowLevel(models.TextChoices):
    """The year's assessment of a registration or a pledge, best first."""

    EXCELLENT = "excellent", _("Excellently fulfilled")
    GOOD = "good", _("Well fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


# The figure the evaluation module reads: 3 for the best level down to 0.
LEVEL_RANK = {FollowLevel.EXCELLENT: 3, FollowLevel.GOOD: 2, FollowLevel.FULFILLED: 1, FollowLevel.NOT_FULFILLED: 0}


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Assessed")


class Registration(models.Model):
    """A party member's registration to follow for a year, kept in their party cell."""

    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    cell = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("party cell"))
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations",
                              verbose_name=_("theme"))
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.DRAFT)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    level = models.CharField(_("assessment"), max_length=20, choices=FollowLevel.choices, blank=True)
    assessment = models.TextField(_("comment of the cell"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "cell__path", "person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="study_one_registration_per_member_and_year"),
            models.CheckConstraint(condition=~Q(status="registered") | Q(registered_on__isnull=False),
                                   name="study_registered_has_its_date"),
            models.CheckConstraint(
                condition=~Q(status="assessed") | (Q(assessed_on__isnull=False) & ~Q(level="")),
                name="study_assessed_registration_has_its_level"),
        ]
        indexes = [models.Index(fields=["year", "status"])]
        verbose_name = _("registration to follow")
        verbose_name_plural = _("registrations to follow")

    def __str__(self) -> str:
        return f"{self.person} · {self.year}"

    @property
    def audit_unit(self):
        return self.cell


class RegistrationItem(models.Model):
    """One thing the member undertakes to do, with the result expected."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("what I will do"))
    expected_result = models.TextField(_("expected result"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("registered item")
        verbose_name_plural = _("registered items")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def audit_unit(self):
        return self.registration.cell


class QuarterReport(models.Model):
    """The member's self-report for one quarter of the year, with an optional evidence file."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    text = models.TextField(_("what I have done"))
    file = models.FileField(upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quarter", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "quarter"], name="study_one_report_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="study_quarter_1_to_4"),
        ]
        verbose_name = _("quarterly self-report")
        verbose_name_plural = _("quarterly self-reports")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_unit(self):
        return self.registration.cell


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLEDGED = "pledged", _("Pledged")
    ASSESSED = "assessed", _("Assessed")


class FollowUpKind(models.TextChoices):
    MID_YEAR = "mid_year", _("Mid-year follow-up")
    YEAR_END = "year_end", _("Year-end follow-up")


class Pledge(models.Model):
    """A post holder's exemplary pledge for a year (Quy định 55-QĐ/TW, 890-QĐi/TU), kept by the unit of
    the post it is made in; published on the unit's page when the unit chooses."""

    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("post holder"))
    post = models.ForeignKey("orgs.Post", on_delete=models.PROTECT, related_name="+", verbose_name=_("post"))
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT)
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    published = models.BooleanField(_("published on the unit's page"), default=False)
    level = models.CharField(_("assessment"), max_length=20, choices=FollowLevel.choices, blank=True)
    assessment = models.TextField(_("comment"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "unit__path", "person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="study_one_pledge_per_holder_and_year"),
            models.CheckConstraint(condition=~Q(status="pledged") | Q(pledged_on__isnull=False),
                                   name="study_pledged_has_its_date"),
            models.CheckConstraint(condition=~Q(status="assessed") | (Q(assessed_on__isnull=False) & ~Q(level="")),
                                   name="study_assessed_pledge_has_its_level"),
            models.CheckConstraint(condition=~Q(status="draft") | Q(published=False),
                                   name="study_draft_pledge_is_not_published"),
        ]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["unit", "published"])]
        verbose_name = _("exemplary pledge")
        verbose_name_plural = _("exemplary pledges")

    def __str__(self) -> str:
        return f"{self.person} · {self.year}"

    @property
    def audit_unit(self):
        return self.unit


class PledgeItem(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    content = models.TextField(_("content"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pledged item")
        verbose_name_plural = _("pledged items")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def audit_unit(self):
        return self.pledge.unit


class PledgeFollowUp(models.Model):
    """The unit's note on how a pledge is kept, at mid-year and at the year's end."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(_("follow-up"), max_length=20, choices=FollowUpKind.choices)
    text = models.TextField(_("note"))
    noted_on = models.DateField(_("date"))
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["noted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["pledge", "kind"], name="study_one_follow_up_per_kind")]
        verbose_name = _("pledge follow-up")
        verbose_name_plural = _("pledge follow-ups")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_unit(self):
        return self.pledge.unit
