"""Long work run by the database queue: one row per job, its progress and its result file.

The result file lives under ``MEDIA_ROOT/jobs/`` (outside the web root), compressed when that
makes it smaller and always encrypted; only the job's owner downloads it, until ``expires_at``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import is_registered, job_kind

# The error codes of a job that failed without a rule of its own, and of one stopped by a discard.
FAILED = "job_failed"
DISCARDED = "job_discarded"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    # What the job is about ("ballots.campaign:12"), so that its results can be discarded with it.
    subject = models.CharField(max_length=80, blank=True, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=60, blank=True)
    message = models.TextField(blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    result_path = models.CharField(max_length=200, blank=True)
    result_compressed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["expires_at"], name="jobs_job_expires")]
        constraints = [models.CheckConstraint(condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                                              name="jobs_job_done_le_total")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def audit_unit(self):
        return self.unit

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0

    @property
    def label(self) -> str:
        """The job's own title when it was given one (in the language it was started in), else its
        kind's name in the active language (the code of a kind no longer registered)."""
        if title := self.params.get("title"):
            return str(title)
        return str(job_kind(self.kind).label) if is_registered(self.kind) else self.kind

    @property
    def kept(self) -> bool:
        """Done, and its file can still be downloaded."""
        return self.status == JobStatus.DONE and bool(self.result_path) and self.expires_at > timezone.now()

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
