"""Writes of the library of directives: documents and their details, their files in versions with
the text extracted from them, read marks, and links from other records to the documents they
implement.

Text is extracted from each file as it is uploaded, inside the same transaction (python-docx for
DOCX, pypdf for PDF, at most ``MAX_PAGES`` pages and ``MAX_TEXT`` characters): files are at most
20 MB, extraction of such a file takes well under a second, and the document is searchable by its
text the moment the upload is answered. A file that cannot be opened as what it claims to be is
refused, with nothing written.

Other parts of the app (meetings, registrations) let their records link to documents by
registering their model: ``register_link_target(Meeting)``; the model must be registered with
``accounts.scoping.register_scope`` (the link is scoped like its record).
"""

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import docx
import pypdf
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.models import User
from neuguong.accounts.scoping import NotFound, access, ensure_permission_on, has_permission, path_of
from neuguong.audit import services as audit
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.reception.services.attachments import CheckedFile

from ..models import (
    DocumentKind,
    DocumentLink,
    DocumentRead,
    DocumentVersion,
    LibraryDocument,
    Meeting,
    Plan,
    PlanStatus,
    Registration,
)
from ..selectors.library import Words, documents_visible_to, search_words
from ..years import year_closed
from .common import DOCX, active_unit, actor_of, checked_file, clean_long_text, clean_text, invalid, store_file
from .meetings import MEETING_PERMISSION, read_only_refusal
from .registrations import closed_refusal, may_write

log = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_TEXT = 200_000
FIRST_DATE = dt.date(1930, 2, 3)  # the Party's founding: no party document is older


# --- Text of the files ---------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part.strip())


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    parts, length = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT:
            break
    return "\n".join(parts)


def extract_text(checked: CheckedFile) -> str:
    """The text of a checked PDF or DOCX (empty for a scanned PDF); a file that does not open as
    what its content claims is refused."""
    checked.upload.seek(0)
    data = checked.upload.read()
    checked.upload.seek(0)
    try:
        text = _docx_text(data) if checked.content_type == DOCX else _pdf_text(data)
    except Exception as error:  # any parser failure: the file is not what it says
        log.info("library file %s unreadable: %s", checked.name, error)
        message = (_("“%(name)s” cannot be opened as a Word document.") if checked.content_type == DOCX
                   else _("“%(name)s” cannot be opened as a PDF document."))
        raise invalid("file", message % {"name": checked.name}) from None
    return text[:MAX_TEXT]


def _search_text(document: LibraryDocument, text: str) -> str:
    """What the search reads: the document's details and its current file's text, as words."""
    words = search_words(" ".join([document.number, document.title, document.issuer, document.subject, text]))
    return f" {words[:MAX_TEXT]} "


def _index(document_id: int, search_text: str) -> None:
    """Keep the search words of a document, and on PostgreSQL their full-text vector."""
    values: dict[str, Any] = {"search_text": search_text}
    if connection.vendor == "postgresql":
        values["search_vector"] = Words(Value(search_text))
    LibraryDocument.objects.filter(pk=document_id).update(**values)


# --- Documents -----------------------------------------------------------------------------


def _managed(document_id: Any, user: Any) -> LibraryDocument:
    """A document the user reads (else 404), kept by a unit the user manages (else 403), its row locked."""
    try:
        document = (documents_visible_to(user).select_for_update(of=("self",), no_key=True)
                    .defer("search_text", "search_vector").get(pk=document_id))
    except (LibraryDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    ensure_permission_on(user, "study.manage", document)
    return document


def _fields(*, number: Any, issued_on: Any, issuer: Any, kind: Any, title: Any, subject: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values = {"number": clean_text(number, 60), "issuer": clean_text(issuer, 200), "title": clean_text(title, 300),
              "subject": clean_long_text(subject), "kind": kind, "issued_on": issued_on}
    if not values["number"]:
        errors["number"] = [_("Enter the number and symbol, e.g. 05-CT/TW.")]
    if not values["title"]:
        errors["title"] = [_("Give the document its title.")]
    if not values["issuer"]:
        errors["issuer"] = [_("Enter who issued the document.")]
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose a kind of document from the list.")]
    if not isinstance(issued_on, dt.date):
        errors["issued_on"] = [_("Enter the date of the document.")]
    elif not FIRST_DATE <= issued_on <= timezone.localdate():
        errors["issued_on"] = [_("The date cannot be in the future.") if issued_on > timezone.localdate()
                               else _("Enter a date from 03/02/1930.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    return values


def _add_version(document: LibraryDocument, upload: Any, note: str, acting_user: Any) -> DocumentVersion:
    """A new current version of the locked ``document``; the caller holds the transaction."""
    checked = checked_file(upload, "file")
    text = extract_text(checked)
    version = DocumentVersion(document=document, number=document.version_count + 1, text=text,
                              note=clean_text(note, 300), uploaded_by=actor_of(acting_user))
    store_file(version, checked)
    try:
        version.save()
        LibraryDocument.objects.filter(pk=document.pk).update(version_count=F("version_count") + 1)
        _index(document.pk, _search_text(document, text))
        document.version_count = version.number
        audit.record(acting_user, "library_document.version_added", version,
                     after={"document": document.pk, "version": version.number, "sha256": checked.sha256,
                            "characters": len(text)})
    except BaseException:
        version.file.delete(save=False)
        raise
    return version


@transaction.atomic
def document_create(*, unit_id: int, number: str, issued_on: dt.date, issuer: str, kind: str, title: str,
                    acting_user: Any, subject: str = "", upload: Any = None, note: str = "") -> LibraryDocument:
    """A document kept by the committee ``unit_id`` (read in its subtree and above), with its first file if given."""
    unit = active_unit(acting_user, unit_id)
    values = _fields(number=number, issued_on=issued_on, issuer=issuer, kind=kind, title=title, subject=subject)
    document = LibraryDocument(unit=unit, created_by=actor_of(acting_user), **values)
    document.save()
    _index(document.pk, _search_text(document, ""))
    audit.record(acting_user, "library_document.created", document,
                 after={key: value for key, value in values.items() if key != "subject"})
    if upload:
        _add_version(document, upload, note, acting_user)
    return document


def _current_text(document: LibraryDocument) -> str:
    latest = document.versions.order_by("-number").values_list("text", flat=True).first()
    return latest or ""


@transaction.atomic
def document_update(*, document_id: int, number: str, issued_on: dt.date, issuer: str, kind: str, title: str,
                    acting_user: Any, subject: str = "") -> LibraryDocument:
    document = _managed(document_id, acting_user)
    values = _fields(number=number, issued_on=issued_on, issuer=issuer, kind=kind, title=title, subject=subject)
    before = {key: getattr(document, key) for key in values}
    if values == before:
        return document
    for key, value in values.items():
        setattr(document, key, value)
    document.save(update_fields=list(values))
    _index(document.pk, _search_text(document, _current_text(document)))
    audit.record(acting_user, "library_document.updated", document, before=before, after=values)
    return document


@transaction.atomic
def version_add(*, document_id: int, upload: Any, acting_user: Any, note: str = "") -> DocumentVersion:
    """A new file of the document, which becomes its current version; older ones stay downloadable."""
    document = _managed(document_id, acting_user)
    if not upload:
        raise invalid("file", _("Choose the file of the document."))
    return _add_version(document, upload, note, acting_user)


def _readable(document: Any, user: Any) -> LibraryDocument:
    pk = document.pk if isinstance(document, LibraryDocument) else document
    try:
        return documents_visible_to(user).get(pk=pk)
    except (LibraryDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def document_mark_read(*, document_id: int, acting_user: Any) -> DocumentRead:
    """The user has read the document; marking it again changes nothing."""
    if not isinstance(acting_user, User):
        raise NotFound()
    with transaction.atomic():
        document = _readable(document_id, acting_user)
        existing = DocumentRead.objects.filter(document=document, user=acting_user).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                mark = DocumentRead.objects.create(document=document, user=acting_user)
        except IntegrityError:  # marked meanwhile by another request of the same user
            return DocumentRead.objects.get(document=document, user=acting_user)
        audit.record(acting_user, "library_document.read", mark, after={"document": document.pk})
    return mark


# --- Links from other records --------------------------------------------------------------


@dataclass(frozen=True)
class LinkTarget:
    """A model whose records may link to library documents: seen with ``view``, linked by holders of
    ``permission`` on the record, or, when ``permission`` is None, by those ``check`` lets through;
    ``check`` raises the record's own refusal (a read-only meeting, a closed year)."""

    model: type[Model]
    view: str = "study.view"
    permission: str | None = "study.manage"
    check: Callable[[Any, Any], None] | None = None


_LINK_TARGETS: dict[str, LinkTarget] = {}


def register_link_target(model: type[Model], *, view: str = "study.view", permission: str | None = "study.manage",
                         check: Callable[[Any, Any], None] | None = None) -> None:
    """Let records of ``model`` link to library documents (the model has a registered scope)."""
    _LINK_TARGETS[model._meta.label_lower] = LinkTarget(model, view, permission, check)


def link_target_of(target: Model) -> LinkTarget:
    spec = _LINK_TARGETS.get(target._meta.label_lower)
    if spec is None:
        raise ServiceError("link_target_unknown", _("Documents cannot be linked to this kind of record."))
    return spec


def _target(target: Model, user: Any) -> tuple[Model, LinkTarget]:
    spec = link_target_of(target)
    queryset = spec.model._default_manager.all()
    record = access(queryset.select_for_update(of=("self",), no_key=True), user, target.pk, view=spec.view,
                    action=spec.permission)
    if spec.check is not None:
        spec.check(record, user)
    return record, spec


@transaction.atomic
def library_link(*, document: Any, target: Model, acting_user: Any) -> DocumentLink:
    """Record that ``target`` implements ``document`` (a document or its id); linking twice changes nothing."""
    locked_target, _spec = _target(target, acting_user)
    try:
        document = _readable(document, acting_user)
    except NotFound:
        raise invalid("document_id", _("Choose a document of the library you read.")) from None
    content_type = ContentType.objects.get_for_model(locked_target)
    link = DocumentLink.objects.filter(document=document, target_type=content_type, target_id=locked_target.pk).first()
    if link is not None:
        return link
    link = DocumentLink.objects.create(document=document, target_type=content_type, target_id=locked_target.pk,
                                       target_path=path_of(locked_target), created_by=actor_of(acting_user))
    audit.record(acting_user, "library_document.linked", link, unit=getattr(locked_target, "audit_unit", None),
                 after={"document": document.pk, "target": f"{content_type.model}:{locked_target.pk}"})
    return link


@transaction.atomic
def library_unlink(*, document: Any, target: Model, acting_user: Any) -> None:
    """Remove the link between ``target`` and ``document``; removing a missing link changes nothing."""
    locked_target, _spec = _target(target, acting_user)
    pk = document.pk if isinstance(document, LibraryDocument) else document
    content_type = ContentType.objects.get_for_model(locked_target)
    links = DocumentLink.objects.filter(document_id=pk, target_type=content_type, target_id=locked_target.pk)
    link = links.select_related("document__unit").first()
    if link is None:
        return
    audit.record(acting_user, "library_document.unlinked", link, unit=getattr(locked_target, "audit_unit", None),
                 before={"document": link.document_id, "target": f"{content_type.model}:{locked_target.pk}"})
    link.delete()


def link_refusal(target: Model, user: Any) -> str | None:
    """Why ``user`` may not link documents to ``target`` now, or None: what the pages ask before
    offering the link and unlink buttons (the services check again under the row lock)."""
    spec = link_target_of(target)
    if spec.permission is not None and not has_permission(user, spec.permission, path_of(target)):
        return _("You do not have permission to do this here.")
    if spec.check is not None:
        try:
            spec.check(target, user)
        except ServiceError as refusal:
            return str(refusal.message)
    return None


def _plan_open(plan: Plan, user: Any) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ServiceError("plan_not_editable", _("The plan is closed: nothing in it changes any more."))


def _meeting_open(meeting: Meeting, user: Any) -> None:
    refusal = read_only_refusal(meeting)
    if refusal:
        raise ServiceError("minutes_approved", refusal)


def _registration_writable(registration: Registration, user: Any) -> None:
    if not may_write(registration, user):
        raise PermissionDeniedError(_("Only the member or the cell's staff link documents to a registration."))
    if year_closed(registration.year):
        raise closed_refusal(registration.year)


register_link_target(Plan, check=_plan_open)
register_link_target(Meeting, permission=MEETING_PERMISSION, check=_meeting_open)
register_link_target(Registration, permission=None, check=_registration_writable)
