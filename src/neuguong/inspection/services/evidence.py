"""What a case gathers while it runs: its documents and evidence, and the subject's explanation.

Files are PDF, DOCX, JPEG or PNG, checked by their content (the study module's evidence types, with
the reception's checker): a file whose content or name says otherwise is refused, nothing stored.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import NotFound
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.reception.services.attachments import CheckedFile, check_file
from neuguong.study.services.registrations import EVIDENCE_TYPES, WRONG_EVIDENCE

from .. import selectors
from ..models import Case, CaseDocument, CaseStatus, DocumentKind, Explanation
from .common import actor_of, clean_long_text, clean_text, invalid, locked

ACCEPTED_FILES = ".pdf,.docx,.jpg,.jpeg,.png"
MAX_FILE_BYTES = 20 * 1024 * 1024


def checked_file(upload: Any, field: str) -> CheckedFile:
    """A PDF, DOCX, JPEG or PNG whose content (not only its name) says so, within the size limit."""
    if upload is None:
        raise invalid(field, _("Choose the file."))
    return check_file(upload, file_types=EVIDENCE_TYPES, field=field, wrong_type=WRONG_EVIDENCE,
                      limit=MAX_FILE_BYTES)


def _store(record: Any, checked: CheckedFile) -> None:
    record.original_name, record.content_type = checked.name, checked.content_type
    record.size, record.sha256 = checked.size, checked.sha256
    record.file.save(checked.name, checked.upload, save=False)


def _open_case(user: Any, case_id: Any, *, concluded_too: bool) -> Case:
    case = locked(Case.objects.select_related("unit"), user, case_id)
    allowed = {CaseStatus.IN_PROGRESS, CaseStatus.CONCLUDED} if concluded_too else {CaseStatus.IN_PROGRESS}
    if case.status not in allowed:
        message = (_("Documents are added once the case has started.") if concluded_too
                   else _("The subject explains while the case is in progress."))
        raise ServiceError("transition_not_allowed", message)
    return case


@transaction.atomic
def document_add(*, case_id: int, title: str, file: Any, acting_user: Any,
                 kind: str = DocumentKind.DOCUMENT) -> CaseDocument:
    """A document or a piece of evidence of a started case."""
    case = _open_case(acting_user, case_id, concluded_too=True)
    if kind not in DocumentKind.values:
        raise invalid("kind", _("Choose a document or a piece of evidence."))
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the document a title."))
    checked = checked_file(file, "file")
    document = CaseDocument(case=case, kind=kind, title=title, uploaded_by=actor_of(acting_user))
    _store(document, checked)
    document.save()
    audit.record(acting_user, "inspection_document.added", document,
                 after={"case": case.pk, "kind": kind, "file": checked.name, "sha256": checked.sha256})
    return document


@transaction.atomic
def document_open(*, document_id: int, acting_user: Any) -> CaseDocument:
    """A case's document for download; every read is in the audit trail."""
    document = selectors.document_get(acting_user, document_id)
    audit.record(acting_user, "inspection_document.downloaded", document, after={"case": document.case_id})
    return document


@transaction.atomic
def explanation_record(*, case_id: int, text: str, given_on: dt.date, acting_user: Any,
                       file: Any = None) -> Explanation:
    """The subject's explanation on a case in progress: its text, its date, optionally its file."""
    case = _open_case(acting_user, case_id, concluded_too=False)
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write the subject's explanation."))
    if not isinstance(given_on, dt.date) or given_on > timezone.localdate() or (
            case.starts_on and given_on < case.starts_on):
        raise invalid("given_on", _("The explanation is dated between the case's first day and today."))
    explanation = Explanation(case=case, text=text, given_on=given_on, recorded_by=actor_of(acting_user))
    if file is not None:
        _store(explanation, checked_file(file, "file"))
    explanation.save()
    audit.record(acting_user, "inspection_explanation.recorded", explanation,
                 after={"case": case.pk, "given_on": given_on, "file": explanation.original_name})
    return explanation


@transaction.atomic
def explanation_file_open(*, explanation_id: int, acting_user: Any) -> Explanation:
    """The file of an explanation for download; every read is in the audit trail."""
    explanation = selectors.explanation_get(acting_user, explanation_id)
    if not explanation.file:
        raise NotFound()
    audit.record(acting_user, "inspection_explanation.downloaded", explanation, after={"case": explanation.case_id})
    return explanation
