"""Pages of what a case gathers while it runs: adding its documents and evidence and the subject's
explanation, and downloading their files (every download is audited)."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import ensure_permission_on
from neuguong.study.views.themes import file_download
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission

from .. import forms, selectors, services
from .cases import MANAGE, case_url


@require_permission(MANAGE)
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, case)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.document_add(case_id=pk, kind=data["kind"], title=data["title"], file=data["file"],
                              acting_user=request.user)
        return _("The document was added."), case_url(pk)

    context = {"title": _("Add a document or evidence"), "subject": case.subject_name, "back_url": case_url(pk),
               "submit_label": _("Add"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("inspection.view")
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = services.document_open(document_id=pk, acting_user=request.user)
    return file_download(document, document.original_name, document.content_type)


@require_permission(MANAGE)
def explanation_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, case)
    form = forms.ExplanationForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.explanation_record(case_id=pk, given_on=data["given_on"], text=data["text"],
                                    file=data.get("file"), acting_user=request.user)
        return _("The explanation was recorded."), case_url(pk)

    context = {"title": _("The subject's explanation"), "subject": case.subject_name, "back_url": case_url(pk),
               "submit_label": _("Record"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("inspection.view")
def explanation_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    explanation = services.explanation_file_open(explanation_id=pk, acting_user=request.user)
    return file_download(explanation, explanation.original_name, explanation.content_type)
