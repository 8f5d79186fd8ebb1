"""Party discipline (kỷ luật đảng): a violation by a party organisation or a party member, the one
decision on it, and the appeals against that decision.

Tables, constraints and indexes only: every rule (which form fits the subject, the limitation period,
the appeal deadline) lives in ``services`` and ``rules``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.catalogues.models import DisciplineSubject


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    APPEALED = "appealed", _("Under appeal")
    CHANGED = "changed", _("Changed on appeal")
    ANNULLED = "annulled", _("Annulled on appeal")


# Decisions that count as discipline of their subject (an annulled one does not).
DECISION_LIVE = (DecisionStatus.IN_FORCE, DecisionStatus.APPEALED, DecisionStatus.CHANGED)


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    CHANGED = "changed", _("Form changed")
    ANNULLED = "annulled", _("Decision annulled")


class Violation(models.Model):
    """One violation of a party organisation (``subject_unit``) or of a party member
    (``subject_person``), handled by the committee or inspection commission ``unit``."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("deciding body"))
    subject_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("party organisation"))
    subject_person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("party member"))
    occurred_on = models.DateField(_("date of the violation"))
    exemption = models.CharField(_("kind without limitation period"), max_length=40, blank=True)
    description = models.TextField(_("violation"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False, subject_person__isnull=True)
                           | Q(subject_unit__isnull=True, subject_person__isnull=False)),
                name="inspection_violation_has_one_subject"),
        ]
        indexes = [models.Index(fields=["occurred_on"])]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        # No subject's name: the audit trail and messages carry this text.
        return _("Violation no. %(pk)s") % {"pk": self.pk}

    @property
    def subject_name(self) -> str:
        if self.subject_unit_id is not None:
            return self.subject_unit.name  # type: ignore[union-attr]
        return self.subject_person.full_name if self.subject_person is not None else ""

    @property
    def audit_unit(self):
        return self.unit


class DisciplineDecision(models.Model):
    """The one decision on a violation: its form (from the catalogue, fitting the subject), number,
    dates and grounds. An appeal may change its form or annul it."""

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding body"))
    subject_kind = models.CharField(pgettext_lazy("discipline", "subject"), max_length=30,
                                    choices=DisciplineSubject.choices)
    held_post = models.BooleanField(_("holds a post"), default=False)
    form = models.ForeignKey("catalogues.DisciplineForm", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("form of discipline"))
    changed_form = models.ForeignKey("catalogues.DisciplineForm", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("form after the appeal"))
    number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    effective_on = models.DateField(_("effective from"))
    notified_on = models.DateField(_("received by the subject on"))
    grounds = models.TextField(_("grounds"))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.IN_FORCE)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            # One violation, one decision (Quy định 69-QĐ/TW: a violation is disciplined once, with one form).
            models.UniqueConstraint(fields=["violation"], name="inspection_one_decision_per_violation"),
            models.UniqueConstraint(fields=["unit", "number"], name="inspection_decision_number_per_body"),
            models.CheckConstraint(condition=Q(effective_on__gte=models.F("decided_on")),
                                   name="inspection_decision_effective_after_decided"),
            models.CheckConstraint(condition=~Q(status="changed") | Q(changed_form__isnull=False),
                                   name="inspection_changed_decision_has_its_form"),
        ]
        indexes = [models.Index(fields=["status", "effective_on"])]
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")

    def __str__(self) -> str:
        return _("Discipline decision %(number)s") % {"number": self.number}

    @property
    def current_form(self):
        return self.changed_form if self.changed_form_id is not None else self.form

    @property
    def audit_unit(self):
        return self.unit


class Appeal(models.Model):
    """An appeal (khiếu nại kỷ luật) against a decision, filed within its deadline, and its outcome."""

    decision = models.ForeignKey(DisciplineDecision, on_delete=models.PROTECT, related_name="appeals")
    filed_on = models.DateField(_("filed on"))
    grounds = models.TextField(_("grounds of the appeal"))
    status = models.CharField(_("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    new_form = models.ForeignKey("catalogues.DisciplineForm", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("new form"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision"], condition=Q(status="pending"),
                                    name="inspection_one_pending_appeal_per_decision"),
            models.CheckConstraint(condition=Q(status="pending") | Q(resolved_on__isnull=False),
                                   name="inspection_resolved_appeal_has_its_date"),
        ]
        verbose_name = _("discipline appeal")
        verbose_name_plural = _("discipline appeals")

    def __str__(self) -> str:
        return _("Appeal no. %(pk)s") % {"pk": self.pk}

    @property
    def audit_unit(self):
        return self.decision.unit
