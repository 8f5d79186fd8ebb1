"""Pages of the library of directives: the searchable list, one document with its versions and read
mark, entering and changing a document, a new version, the files; and the links of a plan."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, selectors, services
from ..lists import LIBRARY
from .themes import file_download


def document_url(pk: int) -> str:
    return reverse("study:library_detail", args=[pk])


@require_permission("study.view")
def library(request: HttpRequest) -> HttpResponseBase:
    """The documents the user reads, searched without diacritics and filtered by kind, issuer and year."""
    form, rows = LIBRARY.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_library", form=form, sorts=LIBRARY.sorts, export=exports.LIBRARY,
                       source=LIBRARY, empty=_("No document matches this search."))
    return listing.response("study/library.html", "study/_library_table.html",
                            {"can_manage": has_permission(request.user, "study.manage")})


@require_permission("study.manage")
def library_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    form = forms.LibraryDocumentForm(request.POST or None, request.FILES or None, units=org_selectors.units_for(user),
                                     near=working, initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        document = services.document_create(
            unit_id=data["unit"].pk, number=data["number"], issued_on=data["issued_on"], issuer=data["issuer"],
            kind=data["kind"], title=data["title"], subject=data["subject"], upload=data["file"], acting_user=user)
        return _("The document was entered in the library."), document_url(document.pk)

    context = {"title": _("New library document"), "back_url": reverse("study:library"), "submit_label": _("Save"),
               "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


def _managed(request: HttpRequest, pk: int) -> Any:
    document = selectors.document_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", document)
    return document


@require_permission("study.manage")
def library_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _managed(request, pk)
    form = forms.LibraryEditForm(request.POST or None, initial={
        "number": document.number, "issued_on": document.issued_on, "issuer": document.issuer,
        "kind": document.kind, "title": document.title, "subject": document.subject})

    def save() -> tuple[str, str]:
        services.document_update(document_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The document was saved."), document_url(pk)

    context = {"title": _("Change the document"), "subject": document, "back_url": document_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.manage")
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = _managed(request, pk)
    form = forms.VersionForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        version = services.version_add(document_id=pk, upload=form.cleaned_data["file"],
                                       note=form.cleaned_data["note"], acting_user=request.user)
        return _("Version %(n)d is now the current one.") % {"n": version.number}, document_url(pk)

    context = {"title": _("Upload a new version"), "subject": document, "back_url": document_url(pk),
               "submit_label": _("Upload"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.document_get(user, pk)
    versions = list(document.versions.all())
    can_manage = selectors.may_manage(user, document)
    return render(request, "study/library_detail.html", {
        "document": document, "versions": versions, "current": versions[0] if versions else None,
        "has_read": selectors.has_read(user, document), "can_manage": can_manage,
        "readers": list(selectors.document_readers(user, document)[:200]) if can_manage else [],
    })


@require_POST
@require_permission("study.view")
def library_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.document_mark_read(document_id=pk, acting_user=request.user)
    messages.success(request, _("Marked as read."))
    return redirect(document_url(pk))


@require_permission("study.view")
def version_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    version = selectors.version_get(request.user, pk)
    return file_download(version, version.original_name, version.content_type)


# --- Links from plans, meetings and registrations to the documents they implement -------------

# kind -> (the scoped read of the record, the name of its page)
LINKED_RECORDS: dict[str, tuple[Callable[[Any, int], Any], str]] = {
    "plan": (selectors.plan_get, "study:plan_detail"),
    "meeting": (selectors.meeting_get, "study:meeting_detail"),
    "registration": (selectors.registration_get, "study:registration_detail"),
}


def linked_documents_context(user: Any, kind: str, record: Any) -> dict[str, Any]:
    """What ``study/_linked_documents.html`` shows on a record's page."""
    return {"linked_documents": list(selectors.documents_linked_to(user, record)),
            "can_link": services.link_refusal(record, user) is None,
            "link_url": reverse(f"study:{kind}_link", args=[record.pk]), "unlink_view": f"study:{kind}_unlink",
            "link_target": record}


def _linked_record(request: HttpRequest, kind: str, pk: int) -> tuple[Any, str]:
    read, page = LINKED_RECORDS[kind]
    record = read(request.user, pk)
    refusal = services.link_refusal(record, request.user)
    if refusal:
        raise PermissionDeniedError(refusal)
    return record, reverse(page, args=[pk])


@require_permission("study.view")
def target_link(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Link a library document to the plan, meeting or registration that implements it."""
    record, back = _linked_record(request, kind, pk)
    linked = set(selectors.documents_linked_to(request.user, record).values_list("pk", flat=True))
    candidates = [d for d in selectors.documents_visible_to(request.user).defer("search_text", "subject")[:300]
                  if d.pk not in linked]
    form = forms.LinkForm(request.POST or None, documents=candidates)

    def save() -> tuple[str, str]:
        services.library_link(document=form.cleaned_data["document"], target=record, acting_user=request.user)
        return _("The document was linked."), back

    context = {"title": _("Link a library document"), "subject": record, "back_url": back, "submit_label": _("Link")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"document_id": "document"})


@require_POST
@require_permission("study.view")
def target_unlink(request: HttpRequest, pk: int, document_pk: int, kind: str) -> HttpResponse:
    record, back = _linked_record(request, kind, pk)
    try:
        services.library_unlink(document=document_pk, target=record, acting_user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The document was unlinked."))
    return redirect(back)
