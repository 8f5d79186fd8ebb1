"""Forms of the library pages: the search and filters, a document's details, a new version, a link."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.web.forms import DateField, ScopedUnitsForm, unit_field

from ..models import DocumentKind
from ..selectors.library import search_words
from .common import file_field, year_choices


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Number, title or words of the text, with or without diacritics."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *DocumentKind.choices])
    issuer = forms.ChoiceField(label=_("Issuer"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args: Any, issuers: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["issuer"]).choices = [("", _("All")), *((i, i) for i in issuers)]
        this = year_choices()
        cast(forms.ChoiceField, self.fields["year"]).choices = this + [
            (str(year), str(year)) for year in range(int(this[-1][0]) - 1, 1989, -1)]

    def clean_q(self) -> str:
        q = self.cleaned_data.get("q", "")
        if q.strip() and not search_words(q):
            raise forms.ValidationError(_("Type a word or a number to search for."))
        return q

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year")
        return {"q": data.get("q", ""), "kind": data.get("kind", ""), "issuer": data.get("issuer", ""),
                "year": int(year) if year else None}


class LibraryDocumentForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Committee keeping the document"))
    number = forms.CharField(label=_("Number and symbol"), max_length=60, help_text=_("For example 05-CT/TW."))
    issued_on = DateField(label=_("Date"))
    issuer = forms.CharField(label=_("Issuer"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(label=_("Subject"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = file_field(required=False)


class LibraryEditForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=60)
    issued_on = DateField(label=_("Date"))
    issuer = forms.CharField(label=_("Issuer"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject = forms.CharField(label=_("Subject"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VersionForm(forms.Form):
    file = file_field(required=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300,
                           help_text=_("What changed in this version."))


class LinkForm(forms.Form):
    document = forms.TypedChoiceField(label=_("Document"), coerce=int)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["document"]).choices = [
            (d.pk, f"{d.number} · {d.title}"[:160]) for d in documents]
