"""Attachments: checked by size and by content (magic bytes, never the file name's extension),
stored under MEDIA_ROOT with a random name, never served from a public URL."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import Attachment, Petition
from .common import actor_of, invalid

# (leading bytes, content type, extensions a file of that content may carry)
FILE_TYPES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"II*\x00", "image/tiff", {".tif", ".tiff"}),
    (b"MM\x00*", "image/tiff", {".tif", ".tiff"}),
)
FileTypes = tuple[tuple[bytes, str, set[str]], ...]
HEAD_BYTES = 16


def max_bytes() -> int:
    return int(getattr(settings, "RECEPTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "RECEPTION_ATTACHMENT_MAX_FILES", 5))


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def _head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_file(upload: UploadedFile, *, file_types: FileTypes = FILE_TYPES, field: str = "attachments",
               wrong_type: Any = None, limit: int | None = None) -> CheckedFile:
    """A file within the size limit whose content (its leading bytes) is one of ``file_types`` and
    whose name does not disguise it: by default a PDF, JPEG, PNG or TIFF scan. ``wrong_type`` is
    the refusal for another content, with ``%(name)s``."""
    name = PurePosixPath(str(upload.name or "file")).name[:200]
    limit = max_bytes() if limit is None else limit
    if upload.size is None or upload.size > limit:
        raise invalid(field, _("“%(name)s” is larger than %(limit)s.")
                      % {"name": name, "limit": filesizeformat(limit)})
    if upload.size == 0:
        raise invalid(field, _("“%(name)s” is empty.") % {"name": name})
    head = _head(upload)
    found = next(((ctype, exts) for magic, ctype, exts in file_types if head.startswith(magic)), None)
    if found is None:
        message = wrong_type or _("“%(name)s” is not a PDF, JPEG, PNG or TIFF file.")
        raise invalid(field, str(message) % {"name": name})
    content_type, extensions = found
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in extensions:
        raise invalid(field, _("“%(name)s” is named like another type of file than it contains.")
                      % {"name": name})
    return CheckedFile(upload, name, content_type, upload.size, _digest(upload))


def check_files(uploads: Any) -> list[CheckedFile]:
    uploads = [upload for upload in (uploads or []) if upload]
    if len(uploads) > max_files():
        raise invalid("attachments", _("Attach at most %(n)d files.") % {"n": max_files()})
    return [check_file(upload) for upload in uploads]


def store(petition: Petition, files: list[CheckedFile], acting_user: Any) -> list[Attachment]:
    """Save the checked files with the petition. Caller holds the transaction; a file written
    before a failure is removed by ``discard``."""
    stored = []
    for checked in files:
        attachment = Attachment(petition=petition, original_name=checked.name, content_type=checked.content_type,
                                size=checked.size, sha256=checked.sha256, uploaded_by=actor_of(acting_user))
        attachment.file.save(checked.name, checked.upload, save=False)
        stored.append(attachment)
        attachment.save()
    return stored


def discard(attachments: list[Attachment]) -> None:
    for attachment in attachments:
        attachment.file.delete(save=False)


def copy_to(petition: Petition, attachments: list[Attachment]) -> None:
    """The same stored files, listed on a petition split from the one that received them."""
    Attachment.objects.bulk_create(
        Attachment(petition=petition, file=a.file.name, original_name=a.original_name, content_type=a.content_type,
                   size=a.size, sha256=a.sha256, uploaded_by=a.uploaded_by)
        for a in attachments
    )
