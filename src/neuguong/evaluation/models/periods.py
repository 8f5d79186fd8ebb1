"""Review periods (kỳ đánh giá): monthly, six-month, yearly, term or ad hoc, for the subtree of a
unit, with their open and close dates and the template versions they were opened with.

Tables, constraints and indexes only: every rule lives in ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    HALF_YEAR = "half_year", _("Six months")
    YEARLY = "yearly", _("Yearly")
    TERM = "term", _("Term")
    AD_HOC = "ad_hoc", _("Ad hoc")


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Period(models.Model):
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal"))
    status = models.CharField(_("status"), max_length=20, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT)
    templates = models.ManyToManyField("evaluation.Template", related_name="+", verbose_name=_("templates"))
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="evaluation_period_title_per_unit"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="evaluation_period_dates"),
        ]
        verbose_name = _("review period")
        verbose_name_plural = _("review periods")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit
