from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Provincial party committee")
    SUBORDINATE_COMMITTEE = "subordinate_committee", _("Subordinate party committee")
    GRASSROOTS = "grassroots", _("Grassroots party organisation")
    SUB_COMMITTEE = "sub_committee", _("Party sub-committee")
    CELL = "cell", _("Party cell")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front committee")
    AGENCY = "agency", _("Agency")
    RESIDENTIAL = "residential", _("Village or residential group")


PARTY_KINDS = {
    UnitKind.PROVINCE_COMMITTEE,
    UnitKind.SUBORDINATE_COMMITTEE,
    UnitKind.GRASSROOTS,
    UnitKind.SUB_COMMITTEE,
    UnitKind.CELL,
}


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class Unit(models.Model):
    """A node of the organisation tree. ``path`` is the materialized path of ids: ``/1/5/12/``."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        verbose_name=_("merged into"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "status"], name="unit_kind_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_unit(self) -> "Unit":
        return self

    def is_in_subtree_of(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)


class UnitChangeKind(models.TextChoices):
    CREATED = "created", _("Created")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class UnitChange(models.Model):
    """The unit's own history: renames, moves, merges and dissolutions with their dates."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=20, choices=UnitChangeKind.choices)
    effective_on = models.DateField(_("effective on"))
    old_value = models.CharField(_("before"), max_length=255, blank=True)
    new_value = models.CharField(_("after"), max_length=255, blank=True)
    decision = models.CharField(_("decision"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("unit change")

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.effective_on:%d/%m/%Y}"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Person(models.Model):
    """A person known to the system. ``unit`` is the unit that manages the person's record."""

    full_name = models.CharField(_("full name"), max_length=120)
    family_name = models.CharField(max_length=40, editable=False)
    given_name = models.CharField(max_length=40, editable=False)
    search_name = models.CharField(max_length=120, editable=False)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    citizen_id_encrypted = models.TextField(blank=True, editable=False)
    citizen_id_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("managing unit"))
    residence = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="residents",
        verbose_name=_("place of residence"),
    )
    photo = models.FileField(_("photo"), upload_to="photos/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id_hash"], condition=~models.Q(citizen_id_hash=""), name="person_unique_citizen_id"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def audit_unit(self) -> Unit:
        return self.unit


class MembershipStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    ENDED = "ended", _("Membership ended")


class Membership(models.Model):
    """Party membership of a person, held in a party cell."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    cell = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("party cell"))
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    joined_on = models.DateField(_("date joined"))
    full_member_on = models.DateField(_("date made full member"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    class Meta:
        ordering = ["-joined_on"]
        verbose_name = _("party membership")
        verbose_name_plural = _("party memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~models.Q(status="ended"), name="membership_one_active_per_person"
            ),
            models.UniqueConstraint(
                fields=["card_number"], condition=~models.Q(card_number=""), name="membership_unique_card"
            ),
            models.CheckConstraint(
                condition=models.Q(full_member_on__isnull=True) | models.Q(full_member_on__gte=models.F("joined_on")),
                name="membership_full_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["cell", "status"], name="membership_cell_status_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.cell}"

    @property
    def audit_unit(self) -> Unit:
        return self.cell


class ManagementLevel(models.TextChoices):
    PROVINCE_STANDING = "province_standing", _("Managed by the provincial Standing Committee")
    PROVINCE_COMMITTEE = "province_committee", _("Managed by the provincial party committee's boards")
    SUBORDINATE_STANDING = "subordinate_standing", _("Managed by a subordinate Standing Committee")
    GRASSROOTS = "grassroots", _("Managed at grassroots level")
    NONE = "none", _("Not a managed cadre")


class Post(models.Model):
    """A post held by a person in a unit for a period."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=150)
    management_level = models.CharField(
        _("management level"), max_length=30, choices=ManagementLevel.choices, default=ManagementLevel.NONE
    )
    is_standing_committee = models.BooleanField(_("Standing Committee member"), default=False)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="post_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["unit", "ended_on"], name="post_unit_current_idx")]

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"

    @property
    def audit_unit(self) -> Unit:
        return self.unit


class FollowAssignment(models.Model):
    """A Standing Committee member assigned to follow (phụ trách) a subordinate unit."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="follow_assignments")
    committee = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="followers", verbose_name=_("followed unit")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("follow assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit"], condition=models.Q(ended_on__isnull=True), name="follow_one_open_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"

    @property
    def audit_unit(self) -> Unit:
        return self.committee
