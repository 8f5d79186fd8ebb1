"""Catalogues: reference data loaded from ``data/*.yaml`` and corrected by administrators, and the
administrators' corrections to the working-day calendar.

Every catalogue entry has a ``code`` unique within its catalogue, the ``status`` of the fact
(verified, partial, summary, unverified), a ``position`` for ordering and ``edited_by_admin``,
which stops the loader from overwriting an administrator's correction.
"""

from fractions import Fraction
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .language import english_field, has_prose, in_english

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes or underscores, starting with a letter or a digit."),
)
fraction_validator = RegexValidator(r"^\d+/[1-9]\d*$", _("Write a fraction such as 2/3."))
holiday_date_validator = RegexValidator(
    r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(/(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$",
    _("Write the date as MM-DD, e.g. 09-02."),
)


class EntryStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PARTIAL = "partial", _("Partly verified")
    SUMMARY = "summary", _("Summary only")
    UNVERIFIED = "unverified", _("Not verified")


# Entries whose wording or number a maintainer still has to check against the published source.
TO_CHECK = (EntryStatus.SUMMARY, EntryStatus.UNVERIFIED)


class CatalogueEntry(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True, validators=[code_validator])
    status = models.CharField(_("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.UNVERIFIED)
    note = models.TextField(_("note on the source"), blank=True)
    note_en = models.TextField(_("note on the source in English"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    edited_by_admin = models.BooleanField(_("edited by an administrator"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def needs_check(self) -> bool:
        return self.status in TO_CHECK

    def tr(self, name: str) -> Any:
        """The field ``name`` in the active language: its ``<name>_en`` twin in English when filled."""
        if in_english():
            english = getattr(self, english_field(name), None)
            if english not in (None, ""):
                return english
        return getattr(self, name)

    def clean(self) -> None:
        """Every text has both languages: the Vietnamese ``<name>`` and the English ``<name>_en``."""
        errors = {}
        for field in self._meta.get_fields():
            twin = english_field(field.name)
            if not hasattr(self, twin) or field.name == "value":
                continue
            vietnamese, english = getattr(self, field.name), getattr(self, twin)
            if vietnamese and not english:
                errors[twin] = _("Give the English text too.")
            elif english and not vietnamese:
                errors[field.name] = _("Give the Vietnamese text too.")
        if errors:
            raise ValidationError(errors)


def _fraction(value: str) -> Fraction:
    numerator, denominator = value.split("/")
    return Fraction(int(numerator), int(denominator))


def _check_ratio(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return str(_("Enter a number between 0 and 1, e.g. 0.2."))
    return None


def _check_fraction(value: Any) -> str | None:
    if not isinstance(value, str):
        return str(_("Write a fraction such as 2/3."))
    try:
        fraction_validator(value)
    except ValidationError:
        return str(_("Write a fraction such as 2/3."))
    if _fraction(value) > 1:
        return str(_("The fraction cannot be more than 1."))
    return None


def _check_points(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        return str(_("Enter a whole number of points between 0 and 1000."))
    return None


# Settings holding a scalar rule that other modules compute with, and how each must look.
SETTING_CHECKS = {
    "evaluation.quota_ratio": _check_ratio,
    "evaluation.max_points": _check_points,
    "evaluation.general_criteria_points": _check_points,
    "evaluation.task_criteria_points": _check_points,
    "confidence.quorum_fraction": _check_fraction,
}


class CatalogueSetting(CatalogueEntry):
    """A rule held as a value: the evaluation quota ratio, the confidence quorum, a regulation's code."""

    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    value = models.JSONField(
        _("value"), help_text=_("Written as JSON: text in double quotes, lists in [ ], mappings in { }.")
    )
    value_en = models.JSONField(
        _("value in English"), null=True, blank=True,
        help_text=_("Needed when the value holds sentences; the same value written in English."),
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("setting")
        verbose_name_plural = _("settings")

    def clean(self) -> None:
        super().clean()
        check = SETTING_CHECKS.get(self.code)
        if check is not None and (message := check(self.value)):
            raise ValidationError({"value": message})
        if has_prose(self.value) and self.value_en in (None, ""):
            raise ValidationError({"value_en": _("The value holds sentences: give it in English too.")})


class ManifestationGroup(CatalogueEntry):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("group of manifestations")
        verbose_name_plural = _("groups of manifestations")

    def __str__(self) -> str:
        return f"{self.code}. {self.tr('name')}"


class Manifestation(CatalogueEntry):
    """One of the 27 manifestations of degradation (Nghị quyết 04-NQ/TW)."""

    group = models.ForeignKey(
        ManifestationGroup, on_delete=models.PROTECT, related_name="manifestations", verbose_name=_("group")
    )
    label = models.CharField(_("short label"), max_length=255)
    label_en = models.CharField(_("short label in English"), max_length=255, blank=True)
    text = models.TextField(_("official wording"), blank=True)
    text_en = models.TextField(_("official wording in English"), blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("manifestation")
        verbose_name_plural = _("27 manifestations")

    def __str__(self) -> str:
        return f"{self.code} {self.tr('label')}"

    def clean(self) -> None:
        super().clean()
        if self.status == EntryStatus.VERIFIED and not self.text.strip():
            raise ValidationError({"text": _("A verified manifestation needs its official wording.")})


class EvaluationLevel(CatalogueEntry):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    min_points = models.PositiveSmallIntegerField(_("minimum points"), validators=[MaxValueValidator(1000)])
    conditions = models.TextField(_("conditions"), blank=True)
    conditions_en = models.TextField(_("conditions in English"), blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("evaluation level")
        verbose_name_plural = _("evaluation levels")

    def __str__(self) -> str:
        return str(self.tr("name"))


class EvaluationSubject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class DowngradeTrigger(CatalogueEntry):
    """A finding that classifies an individual or collective as not having completed its tasks."""

    subject = models.CharField(_("applies to"), max_length=20, choices=EvaluationSubject.choices)
    text = models.TextField(_("finding"))
    text_en = models.TextField(_("finding in English"))

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("automatic downgrade trigger")
        verbose_name_plural = _("automatic downgrade triggers")

    def __str__(self) -> str:
        return str(self.tr("text"))


class ConfidenceLevel(CatalogueEntry):
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("confidence level")
        verbose_name_plural = _("confidence levels")

    def __str__(self) -> str:
        return str(self.tr("name"))


class InvalidBallotReason(CatalogueEntry):
    text = models.TextField(_("reason"))
    text_en = models.TextField(_("reason in English"))

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("invalid-ballot rule")
        verbose_name_plural = _("invalid-ballot rules")

    def __str__(self) -> str:
        return str(self.tr("text"))


class VotingBody(models.TextChoices):
    PARTY = "party", _("Party organisation")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")


class ConfidenceThreshold(CatalogueEntry):
    """A share of one confidence level (over the ballots returned) and its consequence."""

    body = models.CharField(_("voting body"), max_length=20, choices=VotingBody.choices)
    level = models.CharField(_("level counted"), max_length=60, validators=[code_validator])
    lower = models.CharField(_("share above"), max_length=12, validators=[fraction_validator])
    lower_inclusive = models.BooleanField(_("including the lower share"), default=False)
    upper = models.CharField(_("share below"), max_length=12, blank=True, validators=[fraction_validator])
    upper_inclusive = models.BooleanField(_("including the upper share"), default=False)
    consequence = models.TextField(_("consequence"))
    consequence_en = models.TextField(_("consequence in English"))

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("confidence threshold")
        verbose_name_plural = _("confidence thresholds")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        super().clean()
        try:
            lower = _fraction(self.lower)
            upper = _fraction(self.upper) if self.upper else None
        except ValueError:
            return  # the field validators report the badly written fraction
        if lower > 1 or (upper is not None and upper > 1):
            raise ValidationError(_("A share cannot be more than 1."))
        if upper is not None and upper <= lower:
            raise ValidationError({"upper": _("The upper share must be more than the lower share.")})

    def matches(self, share: Fraction) -> bool:
        lower = _fraction(self.lower)
        if share < lower or (share == lower and not self.lower_inclusive):
            return False
        if not self.upper:
            return True
        upper = _fraction(self.upper)
        return share < upper or (share == upper and self.upper_inclusive)


class DisciplineSubject(models.TextChoices):
    PARTY_ORGANISATION = "party_organisation", _("Party organisation")
    FULL_MEMBER = "full_member", _("Full party member")
    PROBATIONARY_MEMBER = "probationary_member", _("Probationary party member")


class DisciplineForm(CatalogueEntry):
    subject = models.CharField(_("applies to"), max_length=30, choices=DisciplineSubject.choices)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    limitation_years = models.PositiveSmallIntegerField(
        _("limitation period (years)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("discipline form")
        verbose_name_plural = _("discipline forms")

    def __str__(self) -> str:
        return str(self.tr("name"))


class OversightKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")
    SUPERVISION_METHOD = "supervision_method", _("Supervision method")


class OversightType(CatalogueEntry):
    """Kinds of inspection and supervision, and the methods of supervision."""

    kind = models.CharField(_("kind"), max_length=20, choices=OversightKind.choices)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("inspection or supervision type")
        verbose_name_plural = _("inspection and supervision types")

    def __str__(self) -> str:
        return str(self.tr("name"))


class PetitionKind(CatalogueEntry):
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    meaning = models.TextField(_("meaning"), blank=True)
    meaning_en = models.TextField(_("meaning in English"), blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("petition kind")
        verbose_name_plural = _("petition kinds")

    def __str__(self) -> str:
        return str(self.tr("name"))


class HandlingOutcome(CatalogueEntry):
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("handling outcome")
        verbose_name_plural = _("handling outcomes")

    def __str__(self) -> str:
        return str(self.tr("name"))


class FilingReason(CatalogueEntry):
    """A reason to file a petition without action."""

    text = models.TextField(_("reason"))
    text_en = models.TextField(_("reason in English"))

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("reason to file without action")
        verbose_name_plural = _("reasons to file without action")

    def __str__(self) -> str:
        return str(self.tr("text"))


class ReceptionRefusalReason(CatalogueEntry):
    text = models.TextField(_("reason"))
    text_en = models.TextField(_("reason in English"))

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("reason to refuse reception")
        verbose_name_plural = _("reasons to refuse reception")

    def __str__(self) -> str:
        return str(self.tr("text"))


class Calendar(models.TextChoices):
    """How a period's days are counted."""

    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")


class DeadlineRule(CatalogueEntry):
    """A legal period for handling a petition, counted from the day after ``from_event``."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    petition_kind = models.ForeignKey(
        PetitionKind, null=True, blank=True, on_delete=models.PROTECT, related_name="deadline_rules",
        verbose_name=_("petition kind"), help_text=_("Empty: any kind."),
    )
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1)])
    complex_days = models.PositiveSmallIntegerField(_("days for a complex case"), null=True, blank=True)
    remote_days = models.PositiveSmallIntegerField(_("days in a remote area"), null=True, blank=True)
    remote_complex_days = models.PositiveSmallIntegerField(
        _("days for a complex case in a remote area"), null=True, blank=True
    )
    extended_days = models.PositiveSmallIntegerField(_("days when extended"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("days of each extension"), null=True, blank=True)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), null=True, blank=True)
    calendar = models.CharField(_("counted in"), max_length=10, choices=Calendar.choices)
    from_event = models.CharField(_("counted from"), max_length=200)
    legal_ref = models.CharField(_("legal reference"), max_length=120, blank=True)
    legal_ref_en = models.CharField(_("legal reference in English"), max_length=120, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return str(self.tr("name") or self.code)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        longer = _("It cannot be shorter than %(other)s.")
        pairs = [
            ("complex_days", "days"),
            ("remote_days", "days"),
            ("extended_days", "days"),
            ("remote_complex_days", "complex_days"),
            ("remote_complex_days", "remote_days"),
        ]
        for field, shorter in pairs:
            value, base = getattr(self, field), getattr(self, shorter)
            if value is not None and base is not None and value < base:
                label = cast(models.Field, self._meta.get_field(shorter)).verbose_name
                errors.setdefault(field, longer % {"other": label})
        if (self.extension_days is None) != (self.max_extensions is None):
            errors["max_extensions"] = _(
                "Give both the days of each extension and the number of extensions, or neither."
            )
        if errors:
            raise ValidationError(errors)

    def days_for(self, *, complex_case: bool = False, remote: bool = False) -> int:
        """The period for a case: the longest special period that applies, else the ordinary one."""
        if complex_case and remote and self.remote_complex_days is not None:
            return self.remote_complex_days
        special = [
            days for days, applies in ((self.complex_days, complex_case), (self.remote_days, remote))
            if applies and days is not None
        ]
        return max(special, default=self.days)


class RegisterColumn(CatalogueEntry):
    """A column of the citizen-reception register (Sổ tiếp công dân)."""

    label = models.CharField(_("heading"), max_length=255)
    label_en = models.CharField(_("heading in English"), max_length=255, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("reception register column")
        verbose_name_plural = _("reception register columns")

    def __str__(self) -> str:
        return str(self.tr("label"))


class HonourSubject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class HonourTitle(CatalogueEntry):
    subject = models.CharField(_("awarded to"), max_length=20, choices=HonourSubject.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")

    def __str__(self) -> str:
        return str(self.tr("name"))


class HonourForm(CatalogueEntry):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("commendation form")
        verbose_name_plural = _("commendation forms")

    def __str__(self) -> str:
        return str(self.tr("name"))


class PublicHoliday(CatalogueEntry):
    """A public holiday as the law lists it; the calendar itself takes each year's days from the
    ``holidays`` package and the calendar overrides."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    date = models.CharField(_("date (MM-DD)"), max_length=11, validators=[holiday_date_validator])
    lunar = models.BooleanField(_("lunar date"), default=False)
    days = models.PositiveSmallIntegerField(_("days off"), default=1, validators=[MinValueValidator(1)])
    from_year = models.PositiveSmallIntegerField(_("since year"), null=True, blank=True)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return str(self.tr("name"))


OVERRIDE_NAME_LENGTH = 200


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Make-up working day")


class CalendarOverride(models.Model):
    """An administrator's correction of the working-day calendar for one day."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=OverrideKind.choices)
    name = models.CharField(_("name or decision"), max_length=OVERRIDE_NAME_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
