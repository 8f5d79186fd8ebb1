"""The catalogues: which table each one is, its section in the data files, what the viewer shows
and what an administrator may edit. The loader, the pages, the API and the admin all read this."""

from dataclasses import dataclass
from typing import cast

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound

from . import models as m
from .language import is_english_field

# Fields every entry has; the loader fills ``position`` from the order of the data file.
COMMON_FIELDS = ("status", "note", "note_en")


@dataclass(frozen=True)
class Catalogue:
    key: str  # the section of the data files, e.g. "deadline_rules"
    model: type[m.CatalogueEntry]
    title: Promise
    fields: tuple[str, ...]  # the entry's own content, in the order the viewer shows it

    @property
    def slug(self) -> str:
        return self.key.replace("_", "-")

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def shown(self) -> tuple[str, ...]:
        """The fields a reader sees, each once: the English twins are shown in place of their field."""
        return tuple(name for name in self.fields if not is_english_field(name))

    @property
    def data_fields(self) -> tuple[str, ...]:
        """Fields a data file may give for an entry, besides its code."""
        return (*self.fields, *COMMON_FIELDS)

    @property
    def editable(self) -> tuple[str, ...]:
        """Fields an administrator may change; the code stays as the data files know it."""
        return (*self.fields, *COMMON_FIELDS, "position")

    @property
    def foreign_keys(self) -> tuple[models.ForeignKey, ...]:
        return tuple(field for name in self.fields if isinstance(field := self.field(name), models.ForeignKey))

    def field(self, name: str) -> models.Field:
        return cast(models.Field, self.model._meta.get_field(name))


# In loading order: a catalogue comes after the catalogues its entries refer to.
CATALOGUES: tuple[Catalogue, ...] = (
    Catalogue("settings", m.CatalogueSetting, gettext_lazy("Settings and rules"),
              ("description", "description_en", "value", "value_en")),
    Catalogue("manifestation_groups", m.ManifestationGroup, gettext_lazy("Groups of manifestations"),
              ("name", "name_en")),
    Catalogue("manifestations", m.Manifestation, gettext_lazy("27 manifestations of degradation"),
              ("group", "label", "label_en", "text", "text_en")),
    Catalogue("evaluation_levels", m.EvaluationLevel, gettext_lazy("Evaluation levels"),
              ("name", "name_en", "min_points", "conditions", "conditions_en")),
    Catalogue("downgrade_triggers", m.DowngradeTrigger, gettext_lazy("Automatic downgrade triggers"),
              ("subject", "text", "text_en")),
    Catalogue("confidence_levels", m.ConfidenceLevel, gettext_lazy("Confidence levels"), ("name", "name_en")),
    Catalogue("invalid_ballot_reasons", m.InvalidBallotReason, gettext_lazy("Invalid-ballot rules"),
              ("text", "text_en")),
    Catalogue("confidence_thresholds", m.ConfidenceThreshold, gettext_lazy("Confidence thresholds"),
              ("body", "level", "lower", "lower_inclusive", "upper", "upper_inclusive", "consequence",
               "consequence_en")),
    Catalogue("discipline_forms", m.DisciplineForm, gettext_lazy("Discipline forms"),
              ("subject", "name", "name_en", "limitation_years")),
    Catalogue("oversight_types", m.OversightType, gettext_lazy("Inspection and supervision types"),
              ("kind", "name", "name_en")),
    Catalogue("petition_kinds", m.PetitionKind, gettext_lazy("Petition kinds"),
              ("name", "name_en", "meaning", "meaning_en")),
    Catalogue("handling_outcomes", m.HandlingOutcome, gettext_lazy("Handling outcomes"), ("name", "name_en")),
    Catalogue("filing_reasons", m.FilingReason, gettext_lazy("Reasons to file without action"),
              ("text", "text_en")),
    Catalogue("reception_refusal_reasons", m.ReceptionRefusalReason, gettext_lazy("Reasons to refuse reception"),
              ("text", "text_en")),
    Catalogue("deadline_rules", m.DeadlineRule, gettext_lazy("Petition deadlines"),
              ("name", "name_en", "petition_kind", "days", "complex_days", "remote_days", "remote_complex_days",
               "extended_days", "extension_days", "max_extensions", "calendar", "from_event", "legal_ref",
               "legal_ref_en")),
    Catalogue("register_columns", m.RegisterColumn, gettext_lazy("Reception register columns"),
              ("label", "label_en")),
    Catalogue("honour_titles", m.HonourTitle, gettext_lazy("Emulation titles"), ("subject", "name", "name_en")),
    Catalogue("honour_forms", m.HonourForm, gettext_lazy("Commendation forms"), ("name", "name_en")),
    Catalogue("public_holidays", m.PublicHoliday, gettext_lazy("Public holidays"),
              ("name", "name_en", "date", "lunar", "days", "from_year")),
)

BY_KEY = {catalogue.key: catalogue for catalogue in CATALOGUES}
BY_SLUG = {catalogue.slug: catalogue for catalogue in CATALOGUES}
BY_LABEL = {catalogue.label: catalogue for catalogue in CATALOGUES}


def catalogue_by_slug(slug: str) -> Catalogue:
    try:
        return BY_SLUG[slug]
    except KeyError as exc:
        raise NotFound(_("Not found.")) from exc


def catalogue_by_label(model_label: str) -> Catalogue:
    try:
        return BY_LABEL[model_label.lower()]
    except KeyError as exc:
        raise NotFound(_("Not found.")) from exc
