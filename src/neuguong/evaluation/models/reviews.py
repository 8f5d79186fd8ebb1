"""One review (phiếu kiểm điểm, đánh giá) of a person or a collective in a period, and what it holds:
the superior's suggestions, the scores by criterion, the task list by products, the 27 manifestations
checked one by one (sensitive), the residents' comments, the collective's vote and the classification.

Tables, constraints and indexes only: every rule lives in ``services`` and ``rules``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .templates import SubjectGroup


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the self-assessment")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    COLLECTIVE_REVIEWED = "collective_reviewed", _("Reviewed by the collective")
    SUPERIOR_ASSESSED = "superior_assessed", _("Assessed by the superior")
    CLASSIFIED = "classified", _("Classified")
    APPROVED = "approved", _("Approved")
    NOTIFIED = "notified", _("Notified")
    APPEALED = "appealed", _("Under appeal")


# States in which the classification is decided: nothing may be edited any more.
DECIDED = (ReviewStatus.APPROVED, ReviewStatus.NOTIFIED, ReviewStatus.APPEALED)


class Review(models.Model):
    # No index of its own: the indexes below begin with the period (one less index to write per review).
    period = models.ForeignKey("evaluation.Period", on_delete=models.PROTECT, related_name="reviews",
                               db_index=False)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("reviewed in"))
    person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"), db_index=False)  # indexed by (person, period) below
    subject_group = models.CharField(_("subject group"), max_length=40, choices=SubjectGroup.choices)
    template = models.ForeignKey("evaluation.Template", on_delete=models.PROTECT, related_name="+")
    group_key = models.CharField(_("group of comparable subjects"), max_length=120)
    status = models.CharField(_("status"), max_length=30, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    # Self-assessment (the individual report or the collective's own report).
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    earlier_shortcomings = models.TextField(_("shortcomings pointed out last period"), blank=True)
    remedies = models.TextField(_("remedies of last period's shortcomings"), blank=True)
    self_level = models.CharField(_("level proposed by oneself"), max_length=20, blank=True)
    # Collective review at the cell or committee meeting.
    collective_comments = models.TextField(_("comments of the collective"), blank=True)
    collective_level = models.CharField(_("level proposed by the collective"), max_length=20, blank=True)
    votes = models.JSONField(_("votes by level"), default=dict, blank=True)
    members_present = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    # Superior's assessment.
    superior_comments = models.TextField(_("comments of the superior"), blank=True)
    superior_level = models.CharField(_("level proposed by the superior"), max_length=20, blank=True)
    findings = models.JSONField(_("findings that set the lowest level"), default=list, blank=True)
    # Classification.
    total_points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    on_time_share = models.DecimalField(_("tasks on time (%)"), max_digits=6, decimal_places=2, null=True,
                                        blank=True)
    exceeding_share = models.DecimalField(_("tasks exceeding (%)"), max_digits=6, decimal_places=2, null=True,
                                          blank=True)
    level = models.CharField(_("level"), max_length=20, blank=True)
    triggers = models.JSONField(_("triggers of the lowest level"), default=list, blank=True)
    reasons = models.JSONField(_("why the level"), default=list, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    appeal_grounds = models.TextField(_("grounds of the appeal"), blank=True)
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    appeal_outcome = models.TextField(_("outcome of the appeal"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "unit__path", "person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "person"], condition=Q(person__isnull=False),
                                    name="evaluation_one_review_per_person_and_place"),
            models.UniqueConstraint(fields=["period", "unit"], condition=Q(person__isnull=True),
                                    name="evaluation_one_review_per_collective"),
            models.CheckConstraint(condition=~Q(status__in=["approved", "notified", "appealed"]) | ~Q(level=""),
                                   name="evaluation_decided_review_has_its_level"),
        ]
        # No index holds a column the classification writes (the level, the status, the points): with
        # the free space the table keeps on each page (fillfactor 50, migration 0002, PostgreSQL), the
        # steps of the cycle and the period's classification update the reviews in place (HOT), without
        # writing every index again.
        indexes = [models.Index(fields=["period", "group_key"], name="evaluation_review_group_idx"),
                   models.Index(fields=["person", "period"])]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        # No person's name: the audit trail and messages carry this text.
        return _("Review no. %(pk)s") % {"pk": self.pk}

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @property
    def subject_name(self) -> str:
        return self.unit.name if self.person_id is None else self.person.full_name  # type: ignore[union-attr]

    @property
    def audit_unit(self):
        return self.unit


class Suggestion(models.Model):
    """The superior's written suggestions of points to review (gợi ý kiểm điểm), before the meeting."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField(_("suggestion"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    given_on = models.DateField(_("given on"))

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return _("Suggestion no. %(pk)s") % {"pk": self.pk}


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("evaluation.Criterion", on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("points given by oneself"), max_digits=5, decimal_places=2, null=True,
                                      blank=True)
    self_comment = models.TextField(_("own comment"), blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("superior's comment"), blank=True)
    weak = models.BooleanField(_("rated weak"), default=False)

    class Meta:
        ordering = ["criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="evaluation_one_score_per_criterion"),
            models.CheckConstraint(condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                                   name="evaluation_self_points_not_negative"),
            models.CheckConstraint(condition=Q(points__isnull=True) | Q(points__gte=0),
                                   name="evaluation_points_not_negative"),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return _("Score no. %(pk)s") % {"pk": self.pk}


class Task(models.Model):
    """One task of the period's list by products (nhiệm vụ, sản phẩm), with its weight and result."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    product = models.CharField(_("product"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    exceeded = models.BooleanField(_("exceeded the requirement"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="evaluation_task_weight_positive"),
            models.CheckConstraint(condition=Q(exceeded=False) | Q(done_on__isnull=False),
                                   name="evaluation_exceeding_task_is_done"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class ManifestationCheck(models.Model):
    """One of the 27 manifestations checked in the self-assessment: political views, sensitive
    (Nghị định 13/2023), read only as ``selectors.sees_sensitive`` allows."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="manifestations")
    manifestation = models.ForeignKey("catalogues.Manifestation", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("shows the manifestation"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["manifestation__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "manifestation"],
                                               name="evaluation_one_check_per_manifestation")]
        verbose_name = _("manifestation checked")
        verbose_name_plural = _("manifestations checked")

    def __str__(self) -> str:
        # Never which manifestation: the audit trail and messages carry this text.
        return _("Manifestation check no. %(pk)s") % {"pk": self.pk}


class ResidentComment(models.Model):
    """Comments of the residence cell or Fatherland Front committee on a working member who lives
    there (Quy định 213-QĐ/TW), recorded beside the scores."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="resident_comments")
    source = models.CharField(_("from"), max_length=200)
    text = models.TextField(_("comment"))
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("residents' comment")
        verbose_name_plural = _("residents' comments")

    def __str__(self) -> str:
        return self.source


class FollowerComment(models.Model):
    """The comment of the Standing Committee member who follows (phụ trách) the unit, on a cadre
    managed by a Standing Committee, beside the superior's assessment (step 5 of the review)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="follower_comments")
    text = models.TextField(_("comment"))
    author = models.CharField(_("by"), max_length=200)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    given_on = models.DateField(_("given on"))

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("follower's comment")
        verbose_name_plural = _("follower's comments")

    def __str__(self) -> str:
        return self.author
