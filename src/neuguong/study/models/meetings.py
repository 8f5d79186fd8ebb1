"""A party cell's meetings (sinh hoạt chi bộ): regular (monthly, Party Charter) and thematic (at
least quarterly), their documents, each invited member's attendance and the manifestations of
degradation (Nghị quyết 04-NQ/TW, the ``catalogues`` list of 27) the meeting discussed.

Tables, constraints and indexes only: every rule lives in ``services.meetings``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .common import upload_path


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


# Meetings that took place: their attendance counts.
MEETING_HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with leave")
    ABSENT = "absent", _("Absent without leave")


class Meeting(models.Model):
    """One meeting of a party cell: scheduled, held (attendance recorded), minutes approved (read-only)."""

    cell = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("party cell"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    study_content = models.TextField(_("study content"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True)
    # The attendance rows counted, kept by the services in the same transaction as the rows: the
    # roll-ups over a province's year read 12 rows a cell instead of one per member and meeting.
    present_count = models.PositiveIntegerField(_("present"), default=0)
    excused_count = models.PositiveIntegerField(_("absent with leave"), default=0)
    absent_count = models.PositiveIntegerField(_("absent without leave"), default=0)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="approved") | Q(approved_on__isnull=False),
                                   name="study_approved_minutes_have_their_date"),
        ]
        indexes = [models.Index(fields=["cell", "starts_at"]), models.Index(fields=["status", "starts_at"])]
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.starts_at:%m/%Y}"

    @property
    def invited_count(self) -> int:
        return self.present_count + self.excused_count + self.absent_count

    @property
    def audit_unit(self):
        return self.cell


class MeetingDocument(models.Model):
    """A document of the meeting (invitation, report, draft resolution): PDF or DOCX, no public URL."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
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
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.meeting.cell


class Attendance(models.Model):
    """Whether an invited member (a member of the cell on the meeting's day) attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["person__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="study_one_attendance_per_member"),
            models.CheckConstraint(condition=~Q(status="excused") | ~Q(reason=""),
                                   name="study_excused_absence_has_its_reason"),
        ]
        indexes = [models.Index(fields=["person", "status"])]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    @property
    def audit_unit(self):
        return self.meeting.cell


class MeetingManifestation(models.Model):
    """A manifestation of degradation discussed at the meeting, with the cell's conclusion; about
    the cell as a whole, or about one member (``person``). Sensitive (political views, Nghị định
    13/2023): read only through ``selectors.meetings.manifestations_visible``."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="manifestations")
    manifestation = models.ForeignKey("catalogues.Manifestation", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("manifestation"))
    person = models.ForeignKey("orgs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("member concerned"))
    conclusion = models.TextField(_("conclusion"))

    class Meta:
        ordering = ["manifestation__position", "manifestation__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "manifestation"], condition=Q(person__isnull=True),
                                    name="study_manifestation_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "manifestation", "person"], condition=Q(person__isnull=False),
                                    name="study_manifestation_once_per_member"),
        ]
        verbose_name = _("manifestation discussed")
        verbose_name_plural = _("manifestations discussed")

    def __str__(self) -> str:
        return str(self.manifestation)

    @property
    def audit_unit(self):
        return self.meeting.cell
