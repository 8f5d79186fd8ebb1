"""Reception sessions: schedules ("the 15th of every month"), single sessions, the "3 trong 1"
attendance, and the visitors received or refused, each a row of the register (Mẫu 03)."""

import calendar as month_calendar
import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.audit import services as audit
from neuguong.catalogues import calendar
from neuguong.catalogues.models import ReceptionRefusalReason
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition, TransitionRefused

from ..models import Petition, ReceptionSession, SessionKind, SessionSchedule, SessionStatus, Visit
from .common import (
    actor_of,
    clean_citizen_id,
    clean_phone,
    clean_text,
    encrypted_id,
    invalid,
    invalid_many,
    locked,
    shown,
)
from .intake import locked_active_unit, petition_receive, receiving_unit
from .reminders import schedule_session_reminder

MAX_MONTHS_AHEAD = 12


def _title(value: Any) -> str:
    title = clean_text(value)[:200]
    if not title:
        raise invalid("title", _("Give the session a title."))
    return title


@transaction.atomic
def schedule_create(*, unit_id: int, title: str, day_of_month: int, acting_user: Any, is_three_in_one: bool = False,
                    starts_at: dt.time | None = None, location: str = "") -> SessionSchedule:
    unit = receiving_unit(acting_user, unit_id)
    if not isinstance(day_of_month, int) or not 1 <= day_of_month <= 31:
        raise invalid("day_of_month", _("Choose a day of the month from 1 to 31."))
    schedule = SessionSchedule.objects.create(
        unit=unit, title=_title(title), day_of_month=day_of_month, is_three_in_one=is_three_in_one,
        starts_at=starts_at, location=clean_text(location)[:200], created_by=actor_of(acting_user))
    audit.record(acting_user, "reception_schedule.created", schedule,
                 after={"day_of_month": day_of_month, "three_in_one": is_three_in_one})
    return schedule


@transaction.atomic
def schedule_set_active(*, schedule_id: int, active: bool, acting_user: Any) -> SessionSchedule:
    schedule = locked(SessionSchedule.objects.select_related("unit"), acting_user, schedule_id,
                      view="reception.view", action="reception.handle")
    if schedule.active != active:
        schedule.active = active
        schedule.save(update_fields=["active"])
        audit.record(acting_user, "reception_schedule.activated" if active else "reception_schedule.paused",
                     schedule, after={"active": active})
    return schedule


def occurrences(day_of_month: int, start: dt.date, months: int) -> list[tuple[dt.date, dt.date]]:
    """(nominal date, session date) for each month from ``start``'s: the day is clamped to the
    month's length and a day off moves to the next working day."""
    found = []
    year, month = start.year, start.month
    for _step in range(months):
        nominal = dt.date(year, month, min(day_of_month, month_calendar.monthrange(year, month)[1]))
        if nominal >= start:
            found.append((nominal, calendar.next_working_day(nominal)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@transaction.atomic
def schedule_generate(*, schedule_id: int, acting_user: Any, months: int = 3,
                      start: dt.date | None = None) -> list[ReceptionSession]:
    """Create the schedule's sessions for the coming months; those already created are kept."""
    schedule = locked(SessionSchedule.objects.select_related("unit"), acting_user, schedule_id,
                      view="reception.view", action="reception.handle")
    if not schedule.active:
        raise ServiceError("schedule_paused", _("This schedule is paused."))
    locked_active_unit(schedule.unit_id)
    if not isinstance(months, int) or not 1 <= months <= MAX_MONTHS_AHEAD:
        raise invalid("months", _("Choose from 1 to %(n)d months.") % {"n": MAX_MONTHS_AHEAD})
    existing = set(schedule.sessions.values_list("occurrence", flat=True))
    created = []
    for nominal, day in occurrences(schedule.day_of_month, start or timezone.localdate(), months):
        if nominal in existing:
            continue
        created.append(ReceptionSession.objects.create(
            unit=schedule.unit, schedule=schedule, occurrence=nominal, kind=SessionKind.REGULAR,
            title=schedule.title, held_on=day, starts_at=schedule.starts_at, location=schedule.location,
            is_three_in_one=schedule.is_three_in_one, created_by=actor_of(acting_user)))
    if created:
        audit.record(acting_user, "reception_session.scheduled", schedule,
                     after={"sessions": [session.pk for session in created],
                            "dates": [session.held_on for session in created]})
        _remind_sessions(created)
    return created


@transaction.atomic
def session_create(*, unit_id: int, title: str, held_on: dt.date, acting_user: Any, kind: str = SessionKind.REGULAR,
                   is_three_in_one: bool = False, starts_at: dt.time | None = None, location: str = "",
                   hosts: str = "") -> ReceptionSession:
    unit = receiving_unit(acting_user, unit_id)
    if kind not in SessionKind.values:
        raise invalid("kind", _("Choose regular or ad hoc."))
    if held_on is None:
        raise invalid("held_on", _("Enter the date of the session."))
    session = ReceptionSession.objects.create(
        unit=unit, title=_title(title), held_on=held_on, kind=kind, is_three_in_one=is_three_in_one,
        starts_at=starts_at, location=clean_text(location)[:200], hosts=clean_text(hosts)[:300],
        created_by=actor_of(acting_user))
    audit.record(acting_user, "reception_session.created", session,
                 after={"held_on": held_on, "kind": kind, "three_in_one": is_three_in_one})
    _remind_sessions([session])
    return session


def _session(session_id: int, acting_user: Any) -> ReceptionSession:
    return locked(ReceptionSession.objects.select_related("unit"), acting_user, session_id,
                  view="reception.view", action="reception.handle")


ATTENDANCE = ("secretary_present", "council_chair_present", "committee_chair_present")


def _can_record(session: ReceptionSession, user: Any, data: dict[str, Any]) -> str | None:
    if session.held_on > timezone.localdate():
        return _("The session is on %(day)s: record it on or after that day.") % {"day": shown(session.held_on)}
    return None


def _record(session: ReceptionSession, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Who received citizens and, for a "3 trong 1" session, which of the three leaders attended."""
    present = {name: bool(data.get(name)) for name in ATTENDANCE}
    if session.is_three_in_one and not any(present.values()):
        raise invalid("secretary_present", _("Tick the leaders of the 3-in-1 session who attended."))
    for name, value in present.items():
        setattr(session, name, value)
    session.hosts = clean_text(data.get("hosts"))[:300] or session.hosts
    session.notes = str(data.get("notes") or "").strip()
    return {"hosts": session.hosts, **present}


def _cancel(session: ReceptionSession, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    session.notes = data["reason"]
    return {}


S = SessionStatus
SESSION = Lifecycle(ReceptionSession, "status", view="reception.view", related=("unit",), transitions=[
    Transition("record", gettext_lazy("Record as held"), frozenset({S.SCHEDULED, S.HELD}), S.HELD,
               "reception.handle", "reception_session.held", guard=_can_record, apply=_record),
    Transition("cancel", gettext_lazy("Cancel the session"), frozenset({S.SCHEDULED}), S.CANCELLED,
               "reception.handle", "reception_session.cancelled", required=("reason",), apply=_cancel,
               messages={"reason": gettext_lazy("Say why the session is cancelled.")}),
])


def session_record(*, session_id: int, acting_user: Any, hosts: str = "", secretary_present: bool = False,
                   council_chair_present: bool = False, committee_chair_present: bool = False,
                   notes: str = "") -> ReceptionSession:
    """Record that the session took place."""
    return SESSION.transition(session_id, "record", acting_user=acting_user, hosts=hosts, notes=notes,
                              secretary_present=secretary_present, council_chair_present=council_chair_present,
                              committee_chair_present=committee_chair_present)


def session_cancel(*, session_id: int, reason: str, acting_user: Any) -> ReceptionSession:
    return SESSION.transition(session_id, "cancel", acting_user=acting_user, reason=reason)


def _visitor(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name, address = clean_text(data.get("full_name"))[:120], clean_text(data.get("address"))[:255]
    if not name:
        errors["full_name"] = [_("Enter the visitor's full name.")]
    if not address:
        errors["address"] = [_("Enter the visitor's address.")]
    values: dict[str, Any] = {"full_name": name, "address": address}
    for field, check in (("citizen_id", clean_citizen_id), ("phone", clean_phone)):
        try:
            values[field] = check(data.get(field))
        except ServiceError as error:
            errors[field] = [str(error.message)]
    group_size = data.get("group_size") or 1
    if not isinstance(group_size, int) or isinstance(group_size, bool) or not 1 <= group_size <= 10000:
        errors["group_size"] = [_("Enter the number of people, 1 or more.")]
    if errors:
        raise invalid_many(errors)
    values["group_size"] = group_size
    values["representatives"] = str(data.get("representatives") or "").strip()[:2000]
    return values


def _new_visit(session: ReceptionSession, values: dict[str, Any], acting_user: Any, **extra: Any) -> Visit:
    if session.status == SessionStatus.CANCELLED:
        raise TransitionRefused(_("This session was cancelled."))
    if session.held_on > timezone.localdate():
        raise ServiceError("not_yet", _("Visitors are recorded on the day of the session (%(day)s).")
                           % {"day": shown(session.held_on)})
    number = (session.visits.aggregate(n=Max("number"))["n"] or 0) + 1
    encrypted, hashed = encrypted_id(values["citizen_id"])
    visit = Visit.objects.create(
        session=session, number=number, full_name=values["full_name"], address=values["address"],
        citizen_id_encrypted=encrypted, citizen_id_hash=hashed, phone=values["phone"],
        group_size=values["group_size"], representatives=values["representatives"],
        created_by=actor_of(acting_user), **extra)
    if session.status == SessionStatus.SCHEDULED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
    return visit


@transaction.atomic
def visit_record(*, session_id: int, visitor: dict[str, Any], kinds: list[str], matter: dict[str, Any],
                 acting_user: Any, attachments: Any = ()) -> tuple[Visit, list[Petition]]:
    """A visitor received at the session and the matter raised: one petition per kind."""
    session = _session(session_id, acting_user)
    # The unit receiving the petitions is locked before the audit event below takes the audit
    # chain's head: a dissolution holding the unit and wanting the head would deadlock with it.
    locked_active_unit(session.unit_id)
    values = _visitor(visitor)
    visit = _new_visit(session, values, acting_user, note=clean_text(matter.get("note")))
    audit.record(acting_user, "reception_visit.recorded", visit,
                 after={"session": session.pk, "number": visit.number, "group_size": visit.group_size})
    petitions = visit_add_matter(visit=visit, kinds=kinds, matter=matter, acting_user=acting_user,
                                 attachments=attachments, citizen_id=values["citizen_id"])
    return visit, petitions


def visit_add_matter(*, visit: Visit, kinds: list[str], matter: dict[str, Any], acting_user: Any,
                     attachments: Any = (), citizen_id: str = "") -> list[Petition]:
    """Another matter raised by a recorded visitor (callers hold the transaction)."""
    data = {**matter, "petitioner_name": visit.full_name, "petitioner_address": visit.address,
            "petitioner_phone": visit.phone, "citizen_id": citizen_id, "group_size": visit.group_size,
            "representatives": visit.representatives}
    return petition_receive(unit_id=visit.session.unit_id, kinds=kinds, channel="session", data=data,
                            acting_user=acting_user, received_on=visit.session.held_on,
                            competent_unit_id=matter.get("competent_unit_id"), attachments=attachments,
                            session_id=visit.session_id, visit_id=visit.pk)


@transaction.atomic
def visit_refuse(*, session_id: int, visitor: dict[str, Any], reason: str, acting_user: Any,
                 note: str = "") -> Visit:
    """Reception refused, with a reason from the catalogue (Luật Tiếp công dân art. 9)."""
    session = _session(session_id, acting_user)
    values = _visitor(visitor)
    refusal = ReceptionRefusalReason.objects.filter(code=reason).first()
    if refusal is None:
        raise invalid("reason", _("Choose the reason for refusing reception."))
    visit = _new_visit(session, values, acting_user, refused=True, refusal_reason=refusal, note=clean_text(note))
    audit.record(acting_user, "reception_visit.refused", visit,
                 after={"session": session.pk, "number": visit.number, "reason": refusal.code})
    return visit


def _remind_sessions(sessions: list[ReceptionSession]) -> None:
    for session in sessions:
        schedule_session_reminder(session)


@transaction.atomic
def visit_matter_add(*, visit_id: int, kinds: list[str], matter: dict[str, Any], acting_user: Any,
                     attachments: Any = ()) -> list[Petition]:
    """A further matter raised by a visitor already recorded in the register."""
    visit = locked(Visit.objects.select_related("session__unit"), acting_user, visit_id, view="reception.view",
                   action="reception.handle")
    return visit_add_matter(visit=visit, kinds=kinds, matter=matter, acting_user=acting_user,
                            attachments=attachments, citizen_id=crypto.decrypt(visit.citizen_id_encrypted))
