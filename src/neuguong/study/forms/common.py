"""Fields the study forms share."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..services.common import ACCEPTED_FILES


def year_choices() -> list[tuple[str, str]]:
    """Filter choices: all years, then next year back to five years ago."""
    this = timezone.localdate().year
    return [("", str(_("All")))] + [(str(year), str(year)) for year in range(this + 1, this - 6, -1)]


def file_field(required: bool) -> forms.FileField:
    return forms.FileField(
        label=_("File (PDF or DOCX)"),
        required=required,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
