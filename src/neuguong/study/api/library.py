"""JSON API of the library of directives: search and read documents, enter and change them, upload
versions (multipart), download files, mark read, and link plans to the documents they implement."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from neuguong.core.api import Date, caller, paged, sized
from neuguong.core.errors import ServiceError

from .. import selectors, services
from ..models import DocumentKind, LibraryDocument
from ..views.themes import file_download

router = Router()
REQUIRED_FILE = File(...)


class VersionOut(Schema):
    id: int
    number: int
    original_name: str
    content_type: str
    size: int
    note: str
    uploaded_at: dt.datetime


class LibraryDocumentOut(Schema):
    id: int
    unit_id: int
    number: str
    issued_on: dt.date
    issuer: str
    kind: DocumentKind
    title: str
    version_count: int


class LibraryDocumentListedOut(LibraryDocumentOut):
    """A row of the list (``selectors.LibraryRow``), with whether the caller has read it."""

    has_read: bool


class LibraryDocumentDetailOut(LibraryDocumentOut):
    subject: str
    read_count: int
    has_read: bool
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions.all())

    @staticmethod
    def resolve_has_read(obj: Any, context: dict[str, Any]) -> bool:
        return selectors.has_read(caller(context["request"]), obj)


class LibraryDocumentIn(Schema):
    unit_id: int
    number: str = sized(LibraryDocument, "number")
    issued_on: Date
    issuer: str = sized(LibraryDocument, "issuer")
    kind: DocumentKind
    title: str = sized(LibraryDocument, "title")
    subject: str = sized(LibraryDocument, "subject", "")


class LibraryDocumentEditIn(Schema):
    number: str = sized(LibraryDocument, "number")
    issued_on: Date
    issuer: str = sized(LibraryDocument, "issuer")
    kind: DocumentKind
    title: str = sized(LibraryDocument, "title")
    subject: str = sized(LibraryDocument, "subject", "")


class ReaderOut(Schema):
    user_id: int
    name: str
    read_at: dt.datetime


class LinkIn(Schema):
    document_id: int


class ReadOut(Schema):
    document_id: int
    read_at: dt.datetime


def _search(q: str | None) -> str:
    if q is not None and not selectors.search_words(q):
        message = _("Type a word or a number to search for.")
        raise ServiceError("invalid", message, field_errors={"q": [message]})
    return q or ""


@router.get("/library-documents", response=list[LibraryDocumentListedOut],
            summary="Library documents the caller reads, searched without diacritics")
@paged
def list_documents(request: HttpRequest, q: str | None = Query(None, max_length=200), kind: DocumentKind | None = None,
                   issuer: str = Query("", max_length=200), year: int | None = Query(None, ge=1930, le=2100)):
    return selectors.documents_listed(caller(request), q=_search(q), kind=kind or "", issuer=issuer, year=year)


@router.post("/library-documents", response={201: LibraryDocumentOut}, summary="Enter a library document")
def create_document(request: HttpRequest, body: LibraryDocumentIn):
    return 201, services.document_create(acting_user=caller(request), **body.dict())


@router.get("/library-documents/{library_document_id}", response=LibraryDocumentDetailOut,
            summary="A library document with its versions (the first is current)")
def get_document(request: HttpRequest, library_document_id: int):
    return selectors.document_get(caller(request), library_document_id)


@router.put("/library-documents/{library_document_id}", response=LibraryDocumentOut,
            summary="Change a library document's details")
def update_document(request: HttpRequest, library_document_id: int, body: LibraryDocumentEditIn):
    return services.document_update(document_id=library_document_id, acting_user=caller(request), **body.dict())


@router.post("/library-documents/{library_document_id}/versions", response={201: VersionOut},
             summary="Upload a new version (PDF or DOCX, multipart): it becomes the current one")
def create_version(request: HttpRequest, library_document_id: int, file: UploadedFile = REQUIRED_FILE,
                   note: str = Form("", max_length=300)):
    return 201, services.version_add(document_id=library_document_id, upload=file, note=note,
                                     acting_user=caller(request))


@router.get("/library-versions/{library_version_id}/file", summary="Download one version's file")
def download_version(request: HttpRequest, library_version_id: int):
    version = selectors.version_get(caller(request), library_version_id)
    return file_download(version, version.original_name, version.content_type)


@router.post("/library-documents/{library_document_id}/read", response=ReadOut,
             summary="Mark the document as read by the caller (again: no change)")
def mark_read(request: HttpRequest, library_document_id: int):
    return services.document_mark_read(document_id=library_document_id, acting_user=caller(request))


@router.get("/library-documents/{library_document_id}/readers", response=list[ReaderOut],
            summary="Who has read the document (those who manage it only)")
@paged
def list_readers(request: HttpRequest, library_document_id: int):
    user = caller(request)
    document = selectors.document_get(user, library_document_id)
    return [{"user_id": r.user_id, "name": r.user.person.full_name if r.user.person else r.user.username,
             "read_at": r.read_at} for r in selectors.document_readers(user, document)]


def _link_routes(kind: str, prefix: str, read: Callable[[Any, int], Any]) -> None:
    """List, link and unlink the library documents that records of ``kind`` (under ``/prefix/``) implement."""

    @router.get(f"/{prefix}/{{record_id}}/library-documents", response=list[LibraryDocumentOut],
                summary=f"The library documents a {kind} implements", operation_id=f"list_{kind}_documents")
    def list_linked(request: HttpRequest, record_id: int):
        user = caller(request)
        return list(selectors.documents_linked_to(user, read(user, record_id)))

    @router.post(f"/{prefix}/{{record_id}}/library-documents", response={201: LibraryDocumentOut},
                 summary=f"Link a library document to the {kind} that implements it",
                 operation_id=f"link_{kind}_document")
    def link(request: HttpRequest, record_id: int, body: LinkIn):
        user = caller(request)
        created = services.library_link(document=body.document_id, target=read(user, record_id), acting_user=user)
        return 201, created.document

    @router.delete(f"/{prefix}/{{record_id}}/library-documents/{{library_document_id}}", response={204: None},
                   summary=f"Unlink a library document from the {kind}", operation_id=f"unlink_{kind}_document")
    def unlink(request: HttpRequest, record_id: int, library_document_id: int):
        user = caller(request)
        services.library_unlink(document=library_document_id, target=read(user, record_id), acting_user=user)
        return 204, None


_link_routes("plan", "study-plans", selectors.plan_get)
_link_routes("meeting", "study-meetings", selectors.meeting_get)
_link_routes("registration", "study-registrations", selectors.registration_get)


