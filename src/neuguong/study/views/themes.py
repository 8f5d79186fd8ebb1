"""Pages of the yearly themes: the list, one theme with its guidance documents, entering a theme
and adding a document."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.orgs import selectors as org_selectors
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import forms, selectors, services


def theme_url(pk: int) -> str:
    return reverse("study:theme_detail", args=[pk])


def file_download(record: object, name: str, content_type: str) -> FileResponse:
    response = FileResponse(record.file.open("rb"), as_attachment=True, filename=name,  # type: ignore[attr-defined]
                            content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_permission("study.view")
def themes(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "study/themes.html", {
        "themes": selectors.themes_visible_to(user)[:100],
        "can_manage": has_permission(user, "study.manage"),
    })


@require_permission("study.manage")
def theme_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = forms.ThemeForm(request.POST or None, units=org_selectors.units_for(request.user), near=working,
                           initial={"unit": working.pk if working else None, "year": timezone.localdate().year})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        theme = services.theme_create(unit_id=data["unit"].pk, year=data["year"], level=data["level"],
                                      title=data["title"], summary=data["summary"], acting_user=request.user)
        return _("The theme was entered."), theme_url(theme.pk)

    context = {"title": _("New study theme"), "back_url": reverse("study:themes"), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission("study.view")
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    theme = selectors.theme_get(user, pk)
    return render(request, "study/theme_detail.html", {
        "theme": theme, "documents": list(theme.documents.all()),
        "can_manage": has_permission(user, "study.manage", theme.unit.path),
    })


@require_permission("study.manage")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = selectors.theme_get(request.user, pk)
    # A theme is read below its committee; only the committee's own staff change it.
    ensure_permission_on(request.user, "study.manage", theme)
    form = forms.ThemeEditForm(request.POST or None, initial={
        "year": theme.year, "level": theme.level, "title": theme.title, "summary": theme.summary})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.theme_update(theme_id=pk, year=data["year"], level=data["level"], title=data["title"],
                              summary=data["summary"], acting_user=request.user)
        return _("The theme was saved."), theme_url(pk)

    context = {"title": _("Change the study theme"), "subject": theme, "back_url": theme_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.manage")
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    theme = selectors.theme_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", theme)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        services.theme_document_add(theme_id=pk, title=form.cleaned_data["title"], upload=form.cleaned_data["file"],
                                    acting_user=request.user)
        return _("The document was added."), theme_url(pk)

    context = {"title": _("Add a guidance document"), "subject": theme, "back_url": theme_url(pk),
               "submit_label": _("Add"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.theme_document_get(request.user, pk)
    return file_download(document, document.original_name, document.content_type)
