"""Members' registrations to follow (đăng ký làm theo), their quarterly self-reports and the
cell's assessment at the year's end.

A registration runs on the shared lifecycle engine (``core.lifecycle``)::

    draft --register (the member)--> registered --assess (the cell's committee: study.approve)--> assessed

The member writes their own registration (their person, their active membership's cell): its items
while it is a draft, then one self-report per quarter once it is registered and the quarter has
begun. The year is *closed* ``STUDY_YEAR_CLOSE_DAYS`` days (31 by default) after 31/12: from then
on no registration, change or report is taken for it (``year_closed``). The cell's committee, who
hold ``study.approve`` on the cell, assess from 01/12 of the year, never their own registration;
an assessed registration no longer changes.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import has_permission
from neuguong.audit import services as audit
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.orgs.models import Membership, MembershipStatus, UnitStatus
from neuguong.reception.services.attachments import CheckedFile, check_file

from .. import selectors
from ..models import (
    FollowLevel,
    QuarterReport,
    Registration,
    RegistrationItem,
    RegistrationStatus,
    Theme,
)
from ..years import assessment_opens, closes_on, quarter_starts, year_closed
from .common import DOCX, MAX_FILE_BYTES, actor_of, clean_long_text, invalid, locked, store_file

# Evidence of a self-report: a document or a photo, recognised by its leading bytes.
EVIDENCE_TYPES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"PK\x03\x04", DOCX, {".docx"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
)
ACCEPTED_EVIDENCE = ".pdf,.docx,.jpg,.jpeg,.png"
WRONG_EVIDENCE = gettext_lazy("“%(name)s” is not a PDF, DOCX, JPEG or PNG file.")
MAX_ITEMS = 10


def checked_evidence(upload: Any, field: str) -> CheckedFile:
    """A PDF, DOCX, JPEG or PNG whose content (not only its name) says so, within the size limit."""
    return check_file(upload, file_types=EVIDENCE_TYPES, field=field, wrong_type=WRONG_EVIDENCE,
                      limit=MAX_FILE_BYTES)


def closed_refusal(year: int) -> ServiceError:
    return ServiceError("year_closed", _("The year %(year)d closed on %(date)s: it takes no more registrations "
                                         "or reports.") % {"year": year,
                                                           "date": closes_on(year).strftime("%d/%m/%Y")})


def open_year(value: Any) -> int:
    today = timezone.localdate()
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise invalid("year", _("Choose the year.")) from None
    if year > today.year + 1 or year < 2000:
        raise invalid("year", _("Register for this year or the next one."))
    if year_closed(year, today):
        raise closed_refusal(year)
    return year


def _items(items: Any) -> list[tuple[str, str]]:
    """The (content, expected result) pairs given, empty ones left out; at least one."""
    cleaned: list[tuple[str, str]] = []
    errors: dict[str, list[str]] = {}
    for index, pair in enumerate(items or [], start=1):
        content = clean_long_text(pair.get("content"))
        expected = clean_long_text(pair.get("expected_result"))
        if not content and not expected:
            continue
        if not content:
            errors[f"content_{index}"] = [_("Write what you will do.")]
        if not expected:
            errors[f"expected_result_{index}"] = [_("Write the result you expect.")]
        cleaned.append((content, expected))
    if errors:
        raise ServiceError("invalid", _("Some fields are not valid."), field_errors=errors)
    if not cleaned:
        raise invalid("content_1", _("Write at least one thing you will do, with its expected result."))
    if len(cleaned) > MAX_ITEMS:
        raise invalid("content_1", _("Register at most %(n)d things.") % {"n": MAX_ITEMS})
    return cleaned


def _theme(user: Any, theme_id: Any, year: int) -> Theme | None:
    if theme_id in (None, ""):
        return None
    try:
        return selectors.themes_visible_to(user, year=year).get(pk=theme_id)
    except (Theme.DoesNotExist, ValueError, TypeError):
        raise invalid("theme_id", _("Choose a theme of that year, or none.")) from None


def _member_cell(user: Any, person_id: Any = None) -> tuple[Any, Any]:
    """The member and the cell of their active party membership: the acting user's own, or (for a
    member without an account, from a paper form) a member of a cell where the user holds study.manage."""
    own = getattr(user, "person_id", None)
    person_id = own if person_id in (None, "") else person_id
    membership = (Membership.objects.select_related("cell", "person").filter(person_id=person_id)
                  .exclude(status=MembershipStatus.ENDED).first() if person_id is not None else None)
    if membership is None:
        raise ServiceError("not_a_member", _("Only a party member with an active membership registers to follow."))
    if membership.cell.status != UnitStatus.ACTIVE:
        raise ServiceError("not_a_member", _("Your party cell has ended: ask for your membership to be moved."))
    permission = "study.view" if membership.person_id == own else "study.manage"
    if not has_permission(user, permission, membership.cell.path):
        raise ServiceError("not_a_member", _("Your account has no access to your party cell yet."))
    return membership.person, membership.cell


def _write_items(registration: Registration, pairs: list[tuple[str, str]]) -> None:
    registration.items.all().delete()
    RegistrationItem.objects.bulk_create([
        RegistrationItem(registration=registration, position=index, content=content, expected_result=expected)
        for index, (content, expected) in enumerate(pairs, start=1)])


@transaction.atomic
def registration_create(*, year: int, items: list[dict[str, Any]], acting_user: Any,
                        theme_id: int | None = None, person_id: int | None = None) -> Registration:
    """The acting member's draft registration for ``year`` (or, with ``person_id``, a member's
    registration entered by the cell's staff from a paper form): one per member and year."""
    person, cell = _member_cell(acting_user, person_id)
    year = open_year(year)
    theme = _theme(acting_user, theme_id, year)
    pairs = _items(items)
    if Registration.objects.filter(person=person, year=year).exists():
        raise ServiceError("registration_exists", _("You have already registered for %(year)d.") % {"year": year})
    try:
        with transaction.atomic():
            registration = Registration.objects.create(person=person, cell=cell, year=year, theme=theme,
                                                       created_by=actor_of(acting_user))
    except IntegrityError:
        raise ServiceError("registration_exists",
                           _("You have already registered for %(year)d.") % {"year": year}) from None
    _write_items(registration, pairs)
    audit.record(acting_user, "study_registration.created", registration,
                 after={"year": year, "theme": theme.pk if theme else None, "items": len(pairs)})
    return registration


def _own(registration_id: Any, user: Any) -> Registration:
    """The user's own registration (or one of a cell where they hold study.manage), locked; someone
    else's that the user sees is refused (403)."""
    registration = locked(Registration.objects.select_related("cell", "person"), user, registration_id,
                          action="study.view")
    if not may_write(registration, user):
        raise PermissionDeniedError(_("Only the member writes their own registration and reports."))
    return registration


@transaction.atomic
def registration_update(*, registration_id: int, items: list[dict[str, Any]], acting_user: Any,
                        theme_id: int | None = None) -> Registration:
    """A draft's theme and items, rewritten by its member."""
    registration = _own(registration_id, acting_user)
    if registration.status != RegistrationStatus.DRAFT:
        raise ServiceError("registration_not_editable",
                           _("Only a draft registration changes; once registered, report on it each quarter."))
    if year_closed(registration.year):
        raise closed_refusal(registration.year)
    theme = _theme(acting_user, theme_id, registration.year)
    pairs = _items(items)
    before = {"theme": registration.theme_id, "items": [[i.content, i.expected_result]
                                                        for i in registration.items.all()]}
    registration.theme = theme
    registration.save(update_fields=["theme"])
    _write_items(registration, pairs)
    audit.record(acting_user, "study_registration.updated", registration, before=before,
                 after={"theme": theme.pk if theme else None, "items": [list(pair) for pair in pairs]})
    return registration


def _is_own(registration: Registration, user: Any) -> bool:
    return registration.person_id == getattr(user, "person_id", None)


def may_write(registration: Registration, user: Any) -> bool:
    """The member themself, or the cell's staff (study.manage) entering a paper form."""
    return _is_own(registration, user) or has_permission(user, "study.manage", registration.cell.path)


def _may_register(registration: Registration, user: Any, data: dict[str, Any]) -> str | None:
    if not may_write(registration, user):
        return _("Only the member registers their own things to follow.")
    if year_closed(registration.year):
        return str(closed_refusal(registration.year).message)
    if not registration.items.exists():
        return _("Write at least one thing you will do, with its expected result.")
    return None


def _register(registration: Registration, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    registration.registered_on = timezone.localdate()
    registration.save(update_fields=["registered_on"])
    return {"registered_on": registration.registered_on}


def _may_assess(registration: Registration, user: Any, data: dict[str, Any]) -> str | None:
    if _is_own(registration, user):
        return _("Your own registration is assessed by the other members of the cell's committee.")
    opens = assessment_opens(registration.year)
    if timezone.localdate() < opens:
        return _("The year's assessment is made from %(date)s.") % {"date": opens.strftime("%d/%m/%Y")}
    return None


def assessed_fields(record: Any, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The level and the comment of an assessment, kept on the record (registration or pledge)."""
    level = str(data.get("level") or "")
    if level not in FollowLevel.values:
        raise invalid("level", _("Choose the assessment level."))
    record.level, record.assessment = level, clean_long_text(data.get("comment"))
    record.assessed_on, record.assessed_by = timezone.localdate(), actor_of(user)
    record.save(update_fields=["level", "assessment", "assessed_on", "assessed_by"])
    return {"level": level, "comment": record.assessment}


S = RegistrationStatus
REGISTRATION = Lifecycle(Registration, "status", view="study.view", related=("cell", "person"), transitions=[
    Transition("register", gettext_lazy("Register to follow"), frozenset({S.DRAFT}), S.REGISTERED, "study.view",
               "study_registration.registered", guard=_may_register, apply=_register),
    Transition("assess", gettext_lazy("Assess the year"), frozenset({S.REGISTERED}), S.ASSESSED, "study.approve",
               "study_registration.assessed", guard=_may_assess, apply=assessed_fields),
])


def registration_register(*, registration_id: int, acting_user: Any) -> Registration:
    return REGISTRATION.transition(registration_id, "register", acting_user=acting_user)


def registration_assess(*, registration_id: int, level: str, acting_user: Any, comment: str = "") -> Registration:
    return REGISTRATION.transition(registration_id, "assess", acting_user=acting_user, level=level, comment=comment)


@transaction.atomic
def quarter_report_add(*, registration_id: int, quarter: int, text: str, acting_user: Any,
                       upload: Any = None) -> QuarterReport:
    """The member's self-report for a quarter that has begun, once a year: text and an optional file."""
    registration = _own(registration_id, acting_user)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ServiceError("registration_not_editable", _("Reports are made on a registered registration, "
                                                          "until the cell assesses it."))
    if year_closed(registration.year):
        raise closed_refusal(registration.year)
    if quarter not in (1, 2, 3, 4):
        raise invalid("quarter", _("Choose a quarter from 1 to 4."))
    starts = quarter_starts(registration.year, quarter)
    if timezone.localdate() < starts:
        raise invalid("quarter", _("Quarter %(q)d has not begun: report from %(date)s.")
                      % {"q": quarter, "date": starts.strftime("%d/%m/%Y")})
    if registration.reports.filter(quarter=quarter).exists():
        raise ServiceError("report_exists", _("Quarter %(q)d has already been reported.") % {"q": quarter},
                           field_errors={"quarter": [_("Quarter %(q)d has already been reported.") % {"q": quarter}]})
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write what you have done this quarter."))
    checked = checked_evidence(upload, "file") if upload else None
    report = QuarterReport(registration=registration, quarter=quarter, text=text, reported_on=timezone.localdate(),
                           reported_by=actor_of(acting_user))
    if checked is not None:
        store_file(report, checked)
    try:
        with transaction.atomic():
            report.save()
        audit.record(acting_user, "study_registration.reported", report,
                     after={"registration": registration.pk, "quarter": quarter,
                            "file": checked.sha256 if checked else ""})
    except BaseException as error:
        if checked is not None:
            report.file.delete(save=False)
        if isinstance(error, IntegrityError):
            raise ServiceError("report_exists",
                               _("Quarter %(q)d has already been reported.") % {"q": quarter}) from None
        raise
    return report
