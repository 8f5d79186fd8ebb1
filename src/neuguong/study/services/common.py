"""Pieces every study service uses: refusals, locked scoped reads and the checked files."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy

from neuguong.accounts.models import User
from neuguong.accounts.scoping import access
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces
from neuguong.orgs.models import Unit, UnitStatus
from neuguong.reception.services.attachments import CheckedFile, check_file

M = TypeVar("M", bound=Model)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# (leading bytes, content type, extensions): guidance documents and evidence are PDF or DOCX.
FILE_TYPES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"PK\x03\x04", DOCX, {".docx"}),
)
ACCEPTED_FILES = ".pdf,.docx"
WRONG_TYPE = gettext_lazy("“%(name)s” is not a PDF or DOCX file.")
MAX_FILE_BYTES = 20 * 1024 * 1024
FIRST_YEAR, LAST_YEAR = 2000, 2100


def invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def locked(queryset: QuerySet[M], user: Any, pk: Any, *, view: str = "study.view", action: str) -> M:
    """A record the user sees (else 404) and may act on (else 403), its own row locked."""
    return access(queryset.select_for_update(of=("self",), no_key=True), user, pk, view=view, action=action)


def clean_text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def clean_long_text(value: Any) -> str:
    return str(value or "").strip()


def checked_file(upload: Any, field: str) -> CheckedFile:
    """A PDF or DOCX whose content (not only its name) says so, within the size limit."""
    return check_file(upload, file_types=FILE_TYPES, field=field, wrong_type=WRONG_TYPE, limit=MAX_FILE_BYTES)


def store_file(record: Any, checked: CheckedFile) -> None:
    """Keep the checked file on the record (not yet saved); the caller saves the record."""
    record.original_name, record.content_type = checked.name, checked.content_type
    record.size, record.sha256 = checked.size, checked.sha256
    record.file.save(checked.name, checked.upload, save=False)


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def active_unit(user: Any, unit_id: Any) -> Unit:
    """A unit the user sees and holds ``study.manage`` on, still active (an ended one gets no new record)."""
    unit = access(Unit.objects.all(), user, unit_id, view="units.view", action="study.manage")
    if unit.status != UnitStatus.ACTIVE:
        raise invalid("unit_id", gettext_lazy("This unit has ended: it takes no new record."))
    return unit
