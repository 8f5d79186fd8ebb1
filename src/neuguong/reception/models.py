"""Citizen reception: sessions (also "3 trong 1"), their visitors and register, dialogues with
commitments, and petitions with their deadlines, history, duplicate links and attachments.

Tables, constraints and indexes only: every rule lives in ``services``. Kinds, outcomes, filing
and refusal reasons and deadline rules come from the catalogues.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The catalogue code of the kind whose petitioner's identity is protected (Luật Tố cáo art. 47).
DENUNCIATION = "denunciation"


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    AD_HOC = "ad_hoc", _("Ad hoc")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    SESSION = "session", _("At a reception session")
    POST = "post", _("By post")
    FORWARDED = "forwarded", _("Forwarded by another body")
    ONLINE = "online", _("Online")


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted for handling")
    RESOLVED = "resolved", _("Resolved")
    RETURNED = "returned", _("Returned with guidance")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    FILED = "filed", _("Filed without action")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which the petition is still being handled and has a deadline.
OPEN_STATUSES = (PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED)


class LinkReason(models.TextChoices):
    SAME_CITIZEN_ID = "same_citizen_id", _("Same citizen ID")
    SAME_NAME_ADDRESS = "same_name_address", _("Same name and address")
    SIMILAR_CONTENT = "similar_content", _("Similar content")


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("To confirm")
    CONFIRMED = "confirmed", _("Confirmed duplicate")
    DISMISSED = "dismissed", _("Not a duplicate")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


COMMITMENT_OPEN = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


class ReminderTopic(models.TextChoices):
    PETITION_DUE = "petition_due", _("Petition due soon")
    PETITION_OVERDUE = "petition_overdue", _("Petition overdue")
    SESSION = "session", _("Reception session coming")
    COMMITMENT = "commitment", _("Dialogue commitment due")


class SessionSchedule(models.Model):
    """A standing rule such as "the 15th of every month" from which sessions are generated."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    is_three_in_one = models.BooleanField(_("3-in-1 session"), default=False)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "day_of_month", "pk"]
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")
        constraints = [
            models.CheckConstraint(condition=Q(day_of_month__gte=1, day_of_month__lte=31),
                                   name="schedule_day_of_month_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit


class ReceptionSession(models.Model):
    """One day of citizen reception by a unit's leaders; in a "3 trong 1" session the party
    secretary, the People's Council chair and the People's Committee chair receive together."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    schedule = models.ForeignKey(SessionSchedule, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="sessions", verbose_name=_("schedule"))
    occurrence = models.DateField(null=True, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    hosts = models.CharField(_("leaders receiving"), max_length=300, blank=True)
    is_three_in_one = models.BooleanField(_("3-in-1 session"), default=False)
    secretary_present = models.BooleanField(_("party secretary attended"), default=False)
    council_chair_present = models.BooleanField(_("People's Council chair attended"), default=False)
    committee_chair_present = models.BooleanField(_("People's Committee chair attended"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.SCHEDULED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "occurrence"], condition=Q(schedule__isnull=False),
                                    name="session_one_per_schedule_occurrence"),
        ]
        indexes = [models.Index(fields=["unit", "held_on"], name="session_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def audit_unit(self):
        return self.unit


class Visit(models.Model):
    """A visitor (or a group through its representatives) received at a session: one row of the
    register. Each matter raised becomes a petition; a refused visit has none."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="visits")
    number = models.PositiveIntegerField(_("no."))
    full_name = models.CharField(_("full name"), max_length=120)
    address = models.CharField(_("address"), max_length=255)
    citizen_id_encrypted = models.TextField(blank=True, editable=False)
    citizen_id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    group_size = models.PositiveSmallIntegerField(_("people in the group"), default=1)
    representatives = models.TextField(_("representatives"), blank=True)
    refused = models.BooleanField(_("reception refused"), default=False)
    refusal_reason = models.ForeignKey("catalogues.ReceptionRefusalReason", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+", verbose_name=_("refusal reason"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="visit_unique_number_in_session"),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="visit_group_size_positive"),
            models.CheckConstraint(condition=Q(refused=False) | Q(refusal_reason__isnull=False),
                                   name="visit_refusal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.full_name}"

    @property
    def audit_unit(self):
        return self.session.unit


def _attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under MEDIA_ROOT/reception/: the citizen's file name is kept only as data."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    today = timezone.localdate()
    return f"reception/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Petition(models.Model):
    """A petition (đơn): complaint, denunciation, proposal or feedback, of exactly one kind."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("handling unit"))
    received_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("receiving unit"))
    competent_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("competent unit"))
    kind = models.ForeignKey("catalogues.PetitionKind", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("kind"))
    protected_identity = models.BooleanField(default=False, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    session = models.ForeignKey(ReceptionSession, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="petitions", verbose_name=_("reception session"))
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions")
    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="split_into",
                                   verbose_name=_("split from"))
    sender_body = models.CharField(_("forwarded by"), max_length=200, blank=True)
    sender_document = models.CharField(_("forwarding document"), max_length=100, blank=True)
    previously_resolved_by = models.CharField(_("already handled by"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    content_key = models.TextField(editable=False, blank=True)
    petitioner_name = models.CharField(_("petitioner"), max_length=120)
    petitioner_address = models.CharField(_("address"), max_length=255)
    petitioner_phone = models.CharField(_("phone"), max_length=20, blank=True)
    petitioner_email = models.EmailField(_("email"), blank=True)
    citizen_id_encrypted = models.TextField(blank=True, editable=False)
    citizen_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    person_key = models.CharField(max_length=400, editable=False, blank=True)
    group_size = models.PositiveSmallIntegerField(_("people"), default=1)
    representatives = models.TextField(_("representatives"), blank=True)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=12, choices=PetitionStatus.choices,
                              default=PetitionStatus.RECEIVED)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("officer"))
    deadline_rule = models.ForeignKey("catalogues.DeadlineRule", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("deadline rule"))
    deadline_start = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote = models.BooleanField(_("remote area"), default=False)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_late = models.BooleanField(null=True, blank=True)
    outcome = models.ForeignKey("catalogues.HandlingOutcome", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("handling"))
    filing_reason = models.ForeignKey("catalogues.FilingReason", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("reason for filing"))
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forward_document = models.CharField(_("forwarding document"), max_length=100, blank=True)
    result = models.TextField(_("result"), blank=True)
    decision_number = models.CharField(_("decision"), max_length=100, blank=True)
    over_level = models.BooleanField(_("over-level"), default=False)
    raised_again = models.BooleanField(_("raised again after resolution"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="petition_group_size_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=OPEN_STATUSES) | Q(due_on__isnull=False, deadline_rule__isnull=False),
                name="petition_open_has_deadline",
            ),
            models.CheckConstraint(condition=Q(status__in=OPEN_STATUSES) | Q(closed_on__isnull=False),
                                   name="petition_closed_has_date"),
            models.CheckConstraint(condition=~Q(status=PetitionStatus.ACCEPTED) | Q(accepted_on__isnull=False),
                                   name="petition_accepted_has_date"),
        ]
        indexes = [
            # Overdue and due-soon lists: open petitions in deadline order, province-wide.
            models.Index(fields=["due_on", "id"], condition=Q(status__in=OPEN_STATUSES),
                         name="petition_open_due_idx"),
            models.Index(fields=["unit", "status", "due_on"], name="petition_unit_status_due_idx"),
            models.Index(fields=["received_on"], name="petition_received_idx"),
            models.Index(fields=["citizen_id_hash"], condition=~Q(citizen_id_hash=""),
                         name="petition_citizen_id_idx"),
            models.Index(fields=["person_key"], name="petition_person_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    @property
    def audit_unit(self):
        return self.unit

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PetitionLink(models.Model):
    """A possible duplicate: ``petition`` (the newer) resembles ``earlier``; an officer confirms it."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="links")
    earlier = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="later_links")
    reason = models.CharField(_("reason"), max_length=20, choices=LinkReason.choices)
    score = models.FloatField(_("similarity"), default=1.0)
    status = models.CharField(_("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "-earlier__received_on"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["petition", "earlier"], name="link_unique_pair"),
            models.CheckConstraint(condition=~Q(petition=models.F("earlier")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} ~ {self.earlier_id}"

    @property
    def audit_unit(self):
        return self.petition.unit


class Attachment(models.Model):
    """A file received with a petition, stored under MEDIA_ROOT (no public URL)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_unit(self):
        return self.petition.unit


class Dialogue(models.Model):
    """A dialogue between a unit's leaders and the people on a topic."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    leaders = models.TextField(_("leaders taking part"))
    participants = models.TextField(_("participants"), blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    issues = models.TextField(_("issues raised"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def __str__(self) -> str:
        return self.topic

    @property
    def audit_unit(self):
        return self.unit


class Commitment(models.Model):
    """Something the leaders committed to in a dialogue, with an owner and a due date."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.PROTECT, related_name="commitments")
    text = models.TextField(_("commitment"))
    owner_name = models.CharField(_("owner"), max_length=200)
    owner_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("owning unit"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(condition=~Q(status=CommitmentStatus.DONE) | Q(done_on__isnull=False),
                                   name="commitment_done_has_date"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_unit(self):
        return self.dialogue.unit


class Reminder(models.Model):
    """An in-app reminder for an officer: a deadline coming, a session, a commitment due."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=20, choices=ReminderTopic.choices)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=255)
    for_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["for_date", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "topic", "object_id", "for_date"],
                                    name="reminder_once_per_date"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="reminder_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.topic} {self.label}"

    @property
    def audit_unit(self):
        return self.unit
