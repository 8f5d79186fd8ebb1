"""Forms of the portal: the article editor and its workflow steps for staff, the staff list's
filters, and the reader's feedback form with its honeypot field."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from neuguong.web.forms import DateTimeField, ScopedUnitsForm, unit_field
from neuguong.web.widgets import RichTextEditor

from . import selectors
from .models import ArticleStatus, CoverFocus


def category_choices(empty: Any) -> list[tuple[Any, Any]]:
    return [("", empty), *((category.pk, category.name) for category in selectors.categories())]


class ArticleFilterForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    unit = unit_field(_("Unit"), required=False, empty_label=_("All my units"))
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *ArticleStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices(_("Any category"))

    def selector_args(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"unit": data.get("unit"), "category": data.get("category"), "status": data.get("status") or "",
                "q": data.get("q") or ""}


# What the article editor offers: the structure the body's sanitiser keeps (``services.common.
# ALLOWED_TAGS``), and the HTML source view; links open in the same window (no ``target``).
EDITOR_EXTENSIONS = {
    "Bold": True, "Italic": True, "Underline": True, "Strike": True, "Subscript": True, "Superscript": True,
    "Heading": {"levels": [2, 3, 4]}, "HardBreak": True, "BulletList": True, "OrderedList": True, "ListItem": True,
    "Blockquote": True, "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True, "TableRow": True, "TableHeader": True, "TableCell": True, "HTML": True,
}


class ArticleForm(ScopedUnitsForm):
    unit_fields = ("unit",)

    unit = unit_field(_("Unit"))
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(label=pgettext_lazy("article", "Summary"), required=False, max_length=600,
                              widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Text"), max_length=200_000,
                           widget=RichTextEditor(extensions=EDITOR_EXTENSIONS, attrs={"rows": 18}),
                           help_text=_("Paragraphs, headings, lists, links and tables are kept; anything else "
                                       "(scripts, styles, pictures in the text) is removed."))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=600,
                           help_text=_("Separated by commas, at most 10."))
    cover = forms.FileField(label=_("Cover picture"), required=False,
                            help_text=_("JPEG, PNG, WebP or GIF, at most 10 MB; its metadata is removed."))
    cover_alt = forms.CharField(label=_("Cover description"), required=False, max_length=200)
    cover_focus = forms.ChoiceField(label=_("Part of the cover to keep"), choices=CoverFocus.choices,
                                    initial=CoverFocus.CENTER, required=False,
                                    help_text=_("Lists show covers cropped to 16:9: this part stays in the picture."))
    expire_at = DateTimeField(label=_("Withdraw at"), required=False,
                              help_text=_("Leave empty to keep the article on the portal."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices(_("Choose a category"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "summary": data["summary"], "body": data["body"],
                "category_id": data["category"], "tags": data["tags"], "cover": data.get("cover"),
                "cover_alt": data["cover_alt"], "cover_focus": data["cover_focus"] or None,
                "expire_at": data.get("expire_at")}


class StepForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    publish_at = DateTimeField(label=_("Publish at"), required=False)


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    contact = forms.CharField(label=_("Phone or email (optional, never shown)"), required=False, max_length=200)
    body = forms.CharField(label=_("Your feedback"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    # A field people never see: a robot filling in every field gives itself away.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
