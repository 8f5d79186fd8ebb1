"""Templates of the review by subject group (Hướng dẫn 43-HD/BTCTW: form 01 for a collective, 2A, 2B
and 2C for individuals), each a numbered version of its criteria. A period keeps the versions it was
opened with; a new version never changes a period already open.

Tables, constraints and indexes only: every rule lives in ``services`` and ``rules``.
"""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.catalogues.language import in_english


def tr(obj: Any, name: str) -> str:
    """The field ``name`` in the active language; a missing English text falls back to the Vietnamese."""
    english = getattr(obj, f"{name}_en", "") if in_english() else ""
    return english or getattr(obj, name, "")


class SubjectGroup(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    LEADER_MANAGER = "leader_manager", _("Leader or manager")
    INDIVIDUAL_WITHOUT_POST = "individual_without_post", _("Individual without a post")
    OUTSIDE_POLITICAL_SYSTEM = "member_outside_political_system", _("Member working outside the political system")


class CriterionGroup(models.TextChoices):
    GENERAL = "general", _("General criteria")
    TASKS = "tasks", _("Task results")


class Template(models.Model):
    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"))
    subject_group = models.CharField(_("subject group"), max_length=40, choices=SubjectGroup.choices)
    form = models.CharField(_("form"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    status = models.CharField(_("status of the source"), max_length=12, default="unverified")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="evaluation_template_version")]
        verbose_name = _("review template")
        verbose_name_plural = _("review templates")

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"

    @property
    def label(self) -> str:
        return str(tr(self, "name"))


class Criterion(models.Model):
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="criteria")
    code = models.CharField(_("code"), max_length=60)
    group = models.CharField(_("group"), max_length=10, choices=CriterionGroup.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("criterion"))
    text_en = models.TextField(_("criterion in English"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    guidance_en = models.TextField(_("guidance in English"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    weak_triggers = models.BooleanField(_("a weak mark sets the lowest level"), default=True)
    source = models.CharField(_("filled from"), max_length=30, blank=True)  # "directive_05": the study module
    status = models.CharField(_("status of the source"), max_length=12, default="unverified")

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="evaluation_criterion_code_per_template"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="evaluation_criterion_max_positive"),
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(tr(self, "text"))

    @property
    def guidance_label(self) -> str:
        return str(tr(self, "guidance"))
