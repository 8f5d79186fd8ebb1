"""Ballot campaigns, their candidates and questions, one-time codes, secret ballots, paper ballot
boxes entered twice by tellers, and the stored results.

Secrecy lives in the schema: ``Ballot`` and ``Receipt`` have random primary keys and no column
naming a voter, a code, an address, a time or a sequence; ``BallotCode`` keeps only the SHA-256
of the code and two flags. ``tests/test_schema.py`` holds the schema to that.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    CONFIDENCE_BALLOT = "confidence_ballot", _("Confidence ballot")
    CONFIDENCE_VOTE = "confidence_vote", _("Confidence vote")
    RESIDENTS_EVALUATION = "residents_evaluation", _("Residents' evaluation")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    COUNTED = "counted", _("Counted")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ThresholdBody(models.TextChoices):
    PARTY = "party", _("Party posts (QĐ 96-QĐ/TW)")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council posts (NQ 96/2023/QH15)")


class Campaign(models.Model):
    """One ballot: who is on it, what is asked, how it is cast and counted.

    ``rules`` is a snapshot of the catalogue (quorum, thresholds, invalid-ballot reasons) taken
    when the campaign opens, so that later catalogue edits never change a running count.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=CampaignKind.choices)
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2025 or 2025-H1."))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    body = models.CharField(_("thresholds of"), max_length=20, choices=ThresholdBody.choices,
                            default=ThresholdBody.PARTY)
    online = models.BooleanField(_("online ballots with one-time codes"), default=True)
    paper = models.BooleanField(_("paper ballots counted by tellers"), default=True)
    closes_at = models.DateTimeField(_("online voting closes at"), null=True, blank=True)
    summoned = models.PositiveIntegerField(_("number summoned"), null=True, blank=True)
    present = models.PositiveIntegerField(_("number present"), null=True, blank=True)
    rules = models.JSONField(default=dict, blank=True, editable=False)
    totals = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    counted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ballot campaign")
        verbose_name_plural = _("ballot campaigns")
        indexes = [models.Index(fields=["unit", "status"], name="ballots_campaign_unit_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(online=True) | models.Q(paper=True),
                                   name="ballots_campaign_has_a_channel"),
            models.CheckConstraint(
                condition=models.Q(present__isnull=True) | models.Q(summoned__isnull=True)
                | models.Q(present__lte=models.F("summoned")),
                name="ballots_campaign_present_le_summoned",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit(self):
        return self.unit

    @property
    def is_editable(self) -> bool:
        return self.status == CampaignStatus.DRAFT


class Candidate(models.Model):
    """A person on the ballot, with a snapshot of the name and post at the time."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    position = models.PositiveSmallIntegerField(_("position"))
    full_name = models.CharField(_("full name"), max_length=120)
    post_title = models.CharField(_("post"), max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "position"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="ballots_candidate_once"),
            models.UniqueConstraint(fields=["campaign", "position"], name="ballots_candidate_position"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def audit_unit(self):
        return self.campaign.unit


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("One choice")
    TEXT = "text", _("Free comment")


class Question(models.Model):
    """Asked about every candidate. ``options`` is a list of ``{"code", "label", "low"}``; the
    ``low`` option is the one whose share the thresholds look at."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CHOICE)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["campaign", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["campaign", "position"], name="ballots_question_position")]

    def __str__(self) -> str:
        return self.text

    @property
    def audit_unit(self):
        return self.campaign.unit


class TellerAssignment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tellers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("teller assignment")
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="ballots_teller_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.campaign}"

    @property
    def audit_unit(self):
        return self.campaign.unit


class CodeBatch(models.Model):
    """A batch of one-time codes issued together (for one village, one meeting...)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="code_batches")
    number = models.PositiveSmallIntegerField()
    label = models.CharField(_("label"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("number of codes"))
    # The batch's codes, encrypted (core.crypto), so that its slips can be printed again while the
    # campaign is a draft; emptied when it opens or is cancelled. Blank: the codes exist nowhere.
    sealed_codes = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("code batch")
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="ballots_code_batch_number")]

    def __str__(self) -> str:
        return f"#{self.number} {self.label}".strip()

    @property
    def audit_unit(self):
        return self.campaign.unit


class BallotCode(models.Model):
    """A one-time code, known here only by its SHA-256; never linked to a person."""

    digest = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    spent = models.BooleanField(default=False)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot code")
        indexes = [models.Index(fields=["campaign", "spent", "revoked"], name="ballots_code_campaign_state")]

    def __str__(self) -> str:
        return self.digest[:8]


class Ballot(models.Model):
    """One cast online ballot: only its content.

    ``answers`` holds one character per candidate and choice question (candidate-major): the
    option's index as ``ANSWER_ALPHABET[i]``, or ``-`` for no valid answer. ``comments`` maps
    ``"<candidate>.<question>"`` to free text.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No database constraint: its check would take a KEY SHARE lock on the one campaign row for
    # every cast, and hundreds of concurrent casts would queue on that row. The campaign id is
    # copied from the spent code's row, which is constrained, in the same statement.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    answers = models.CharField(max_length=4000)
    comments = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")

    def __str__(self) -> str:
        return str(self.id)


class Receipt(models.Model):
    """A counted ballot's receipt number, kept apart from the ballot so that nobody holding a
    receipt (not even the database) can find the ballot's content."""

    pk = models.CompositePrimaryKey("campaign_id", "number")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    number = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("receipt")

    def __str__(self) -> str:
        return self.number


class BoxMode(models.TextChoices):
    TALLY = "tally", _("Tally sheet")
    PER_BALLOT = "per_ballot", _("Ballot by ballot")


class BallotBox(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="boxes")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120)
    mode = models.CharField(_("entry mode"), max_length=12, choices=BoxMode.choices, default=BoxMode.TALLY)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="ballots_box_number")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_unit(self):
        return self.campaign.unit


class PaperEntry(models.Model):
    """One teller's independent entry of a box's sheet. ``data`` is the normalised sheet (see
    ``services/paper.py``)."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="entries")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    revision = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["box", "submitted_at", "id"]
        verbose_name = _("paper entry")
        verbose_name_plural = _("paper entries")
        constraints = [models.UniqueConstraint(fields=["box", "teller"], name="ballots_entry_one_per_teller")]

    def __str__(self) -> str:
        return f"{self.box} / {self.teller}"

    @property
    def audit_unit(self):
        return self.box.campaign.unit


class ResultSource(models.TextChoices):
    AGREED = "agreed", _("Both entries agree")
    RESOLVED = "resolved", _("Resolved by the counting board")


class BoxResult(models.Model):
    """The sheet of a box as counted: two agreeing entries, or a resolved mismatch."""

    box = models.OneToOneField(BallotBox, on_delete=models.CASCADE, related_name="result")
    data = models.JSONField()
    source = models.CharField(max_length=10, choices=ResultSource.choices)
    note = models.TextField(_("note"), blank=True)
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("box result")

    def __str__(self) -> str:
        return f"{self.box}: {self.source}"

    @property
    def audit_unit(self):
        return self.box.campaign.unit


class CandidateResult(models.Model):
    """A candidate's counted result, read later by the evaluation module."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="result")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=20)
    returned = models.PositiveIntegerField()
    counts = models.JSONField()  # {"<question position>": {"<option code>": total}}
    channels = models.JSONField(default=dict)  # {"online": {...same shape...}, "paper": {...}}
    shares = models.JSONField()  # percentages of the ballots returned, as strings
    low_share = models.DecimalField(max_digits=7, decimal_places=4, null=True)
    threshold = models.CharField(max_length=40, blank=True)
    quorum_met = models.BooleanField()

    class Meta:
        ordering = ["campaign", "candidate__position"]
        verbose_name = _("candidate result")
        indexes = [models.Index(fields=["person", "period"], name="ballots_result_person_period")]

    def __str__(self) -> str:
        return f"{self.candidate} ({self.campaign})"

    @property
    def audit_unit(self):
        return self.campaign.unit
