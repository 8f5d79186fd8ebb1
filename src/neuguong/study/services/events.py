"""Writes of the study year's events: workshops, talks, review conferences and honouring ceremonies.

An event runs on the shared lifecycle engine (``core.lifecycle``)::

    planned --hold (its outcomes, on or after its date)--> held
    planned --cancel (a reason)--> cancelled

Its details change while it is planned; documents are added until it is cancelled. An event links to
the news articles that report it and to the nomination rounds whose awards an honouring ceremony
presents: the user who manages the event picks them among those the portal and the honours modules
let them read.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound
from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.honours import selectors as honours
from neuguong.portal import selectors as portal

from ..models import EventDocument, EventKind, EventLink, EventStatus, StudyEvent
from .common import active_unit, actor_of, checked_file, clean_long_text, clean_text, invalid, locked, store_file

MAX_PARTICIPANTS = 1_000_000
EARLIEST_YEAR = 2000


def _fields(*, kind: Any, title: Any, held_on: Any, place: Any, participants: Any,
            participant_count: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values = {"kind": kind, "title": clean_text(title, 300), "held_on": held_on, "place": clean_text(place, 200),
              "participants": clean_long_text(participants), "participant_count": participant_count or 0}
    if kind not in EventKind.values:
        errors["kind"] = [_("Choose a kind of event from the list.")]
    if not values["title"]:
        errors["title"] = [_("Give the event a title.")]
    if not isinstance(held_on, dt.date):
        errors["held_on"] = [_("Enter the date of the event.")]
    elif not EARLIEST_YEAR <= held_on.year <= timezone.localdate().year + 1:
        errors["held_on"] = [_("The event falls between %(first)d and next year.") % {"first": EARLIEST_YEAR}]
    if not values["place"]:
        errors["place"] = [_("Enter where the event takes place.")]
    count = values["participant_count"]
    if not isinstance(count, int) or not 0 <= count <= MAX_PARTICIPANTS:
        errors["participant_count"] = [_("Enter a number of participants from 0.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    return values


@transaction.atomic
def event_create(*, unit_id: int, kind: str, title: str, held_on: dt.date, place: str, acting_user: Any,
                 participants: str = "", participant_count: int = 0) -> StudyEvent:
    """A planned event organised by ``unit_id``."""
    unit = active_unit(acting_user, unit_id)
    values = _fields(kind=kind, title=title, held_on=held_on, place=place, participants=participants,
                     participant_count=participant_count)
    event = StudyEvent.objects.create(unit=unit, created_by=actor_of(acting_user), **values)
    audit.record(acting_user, "study_event.created", event,
                 after={key: value for key, value in values.items() if key != "participants"})
    return event


def _event(event_id: Any, user: Any) -> StudyEvent:
    return locked(StudyEvent.objects.select_related("unit"), user, event_id, action="study.manage")


@transaction.atomic
def event_update(*, event_id: int, kind: str, title: str, held_on: dt.date, place: str, acting_user: Any,
                 participants: str = "", participant_count: int = 0) -> StudyEvent:
    event = _event(event_id, acting_user)
    if event.status != EventStatus.PLANNED:
        raise ServiceError("event_not_editable", _("Only a planned event can be changed."))
    values = _fields(kind=kind, title=title, held_on=held_on, place=place, participants=participants,
                     participant_count=participant_count)
    before = {key: getattr(event, key) for key in values}
    if values != before:
        for key, value in values.items():
            setattr(event, key, value)
        event.save(update_fields=list(values))
        audit.record(acting_user, "study_event.updated", event, before=before, after=values)
    return event


def _date_reached(event: StudyEvent, user: Any, data: dict[str, Any]) -> str | None:
    if event.held_on > timezone.localdate():
        return _("An event is recorded as held from its date, %(date)s.") % {"date": f"{event.held_on:%d/%m/%Y}"}
    return None


def _hold(event: StudyEvent, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    outcomes = clean_long_text(data.get("outcomes"))
    if not outcomes:
        raise invalid("outcomes", _("Write the outcomes of the event."))
    count = data.get("participant_count")
    if count is not None:
        if not isinstance(count, int) or not 0 <= count <= MAX_PARTICIPANTS:
            raise invalid("participant_count", _("Enter a number of participants from 0."))
        event.participant_count = count
    event.outcomes = outcomes
    return {"outcomes": outcomes, "participant_count": event.participant_count}


def _cancel(event: StudyEvent, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    event.cancel_reason = data["reason"]
    return {}


S = EventStatus
EVENT = Lifecycle(StudyEvent, "status", view="study.view", related=("unit",), transitions=[
    Transition("hold", gettext_lazy("Record as held"), frozenset({S.PLANNED}), S.HELD, "study.manage",
               "study_event.held", guard=_date_reached, apply=_hold),
    Transition("cancel", gettext_lazy("Cancel the event"), frozenset({S.PLANNED}), S.CANCELLED, "study.manage",
               "study_event.cancelled", required=("reason",), apply=_cancel,
               messages={"reason": gettext_lazy("Say why the event is cancelled.")}),
])


def event_hold(*, event_id: int, outcomes: str, acting_user: Any, participant_count: int | None = None) -> StudyEvent:
    return EVENT.transition(event_id, "hold", acting_user=acting_user, outcomes=outcomes,
                            participant_count=participant_count)


def event_cancel(*, event_id: int, reason: str, acting_user: Any) -> StudyEvent:
    return EVENT.transition(event_id, "cancel", acting_user=acting_user, reason=reason)


@transaction.atomic
def event_document_add(*, event_id: int, title: str, upload: Any, acting_user: Any) -> EventDocument:
    """A document of the event (PDF or DOCX, checked by its content); not on a cancelled event."""
    event = _event(event_id, acting_user)
    if event.status == EventStatus.CANCELLED:
        raise ServiceError("event_not_editable", _("A cancelled event takes no more documents."))
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the document a title."))
    if not upload:
        raise invalid("file", _("Choose the file of the document."))
    checked = checked_file(upload, "file")
    document = EventDocument(event=event, title=title, uploaded_by=actor_of(acting_user))
    store_file(document, checked)
    try:
        document.save()
        audit.record(acting_user, "study_event.document_added", document,
                     after={"event": event.pk, "title": title, "sha256": checked.sha256})
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def _target(user: Any, *, article_id: Any, round_id: Any) -> dict[str, Any]:
    """The one article or round to link, read through its own module (else refused as not found)."""
    if (article_id is None) == (round_id is None):
        raise invalid("article_id", _("Choose a news article or a nomination round."))
    try:
        if article_id is not None:
            return {"article": portal.article_get(user, article_id)}
        return {"round": honours.round_get(user, round_id)}
    except NotFound:
        field = "article_id" if article_id is not None else "round_id"
        raise invalid(field, _("Choose an article or a round of your units.")) from None


@transaction.atomic
def event_link_add(*, event_id: int, acting_user: Any, article_id: int | None = None,
                   round_id: int | None = None) -> EventLink:
    """Link the event to a news article or a nomination round the user reads; each target once."""
    event = _event(event_id, acting_user)
    if event.status == EventStatus.CANCELLED:
        raise ServiceError("event_not_editable", _("A cancelled event takes no links."))
    target = _target(acting_user, article_id=article_id, round_id=round_id)
    try:
        with transaction.atomic():
            link = EventLink.objects.create(event=event, added_by=actor_of(acting_user), **target)
    except IntegrityError:
        raise invalid(next(iter(target)) + "_id", _("The event is already linked to it.")) from None
    audit.record(acting_user, "study_event.linked", link,
                 after={"event": event.pk, **{f"{kind}_id": value.pk for kind, value in target.items()}})
    return link


@transaction.atomic
def event_link_remove(*, link_id: int, acting_user: Any) -> None:
    """Remove a link of an event the user manages."""
    try:
        link = EventLink.objects.select_related("event").get(pk=link_id)
    except (EventLink.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    _event(link.event_id, acting_user)  # 404 out of scope, 403 without study.manage
    audit.record(acting_user, "study_event.unlinked", link,
                 before={"event": link.event_id, "article_id": link.article_id, "round_id": link.round_id})
    link.delete()
