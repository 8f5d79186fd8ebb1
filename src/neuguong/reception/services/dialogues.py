"""Dialogues between leaders and the people: the topic, who took part, the issues raised, and the
commitments made, each with an owner and a due date, followed up until done.

A commitment's follow-up runs on the shared lifecycle engine (``core.lifecycle``)::

    open | in_progress --progress--> in_progress   (what has been done: a note)
    open | in_progress --complete--> done          (the date it was done, an optional note)
    open | in_progress --cancel----> cancelled     (why: a reason)
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.audit import services as audit
from neuguong.core.lifecycle import Lifecycle, Transition

from ..models import COMMITMENT_OPEN, Commitment, CommitmentStatus, Dialogue
from .common import actor_of, check_day, clean_text, invalid_many, locked
from .intake import receiving_unit, referenced_unit
from .reminders import schedule_commitment_reminder


@transaction.atomic
def dialogue_create(*, unit_id: int, topic: str, held_on: dt.date, leaders: str, issues: str, acting_user: Any,
                    location: str = "", participants: str = "", participant_count: int = 0) -> Dialogue:
    unit = receiving_unit(acting_user, unit_id)
    errors: dict[str, list[str]] = {}
    topic, leaders, issues = clean_text(topic)[:200], str(leaders or "").strip(), str(issues or "").strip()
    if not topic:
        errors["topic"] = [_("Give the topic of the dialogue.")]
    if not leaders:
        errors["leaders"] = [_("Name the leaders who took part.")]
    if not issues:
        errors["issues"] = [_("Write the issues the people raised.")]
    if not isinstance(participant_count, int) or participant_count < 0:
        errors["participant_count"] = [_("Enter a number, 0 or more.")]
    if held_on is None:
        errors["held_on"] = [_("Enter the date of the dialogue.")]
    if errors:
        raise invalid_many(errors)
    dialogue = Dialogue.objects.create(
        unit=unit, topic=topic, held_on=held_on, leaders=leaders, issues=issues,
        location=clean_text(location)[:200], participants=str(participants or "").strip(),
        participant_count=participant_count, created_by=actor_of(acting_user))
    audit.record(acting_user, "dialogue.created", dialogue, after={"topic": topic, "held_on": held_on})
    return dialogue


@transaction.atomic
def commitment_add(*, dialogue_id: int, text: str, owner_name: str, due_on: dt.date, acting_user: Any,
                   owner_unit_id: int | None = None) -> Commitment:
    dialogue = locked(Dialogue.objects.select_related("unit"), acting_user, dialogue_id, view="reception.view",
                      action="reception.handle")
    errors: dict[str, list[str]] = {}
    text, owner_name = str(text or "").strip(), clean_text(owner_name)[:200]
    if not text:
        errors["text"] = [_("Write what was committed.")]
    if not owner_name:
        errors["owner_name"] = [_("Name who is responsible.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the due date.")]
    elif due_on < dialogue.held_on:
        errors["due_on"] = [_("The due date cannot be before the dialogue.")]
    if errors:
        raise invalid_many(errors)
    owner_unit = referenced_unit(acting_user, owner_unit_id, dialogue.unit, "owner_unit_id")
    commitment = Commitment.objects.create(dialogue=dialogue, text=text, owner_name=owner_name,
                                           owner_unit=owner_unit, due_on=due_on)
    audit.record(acting_user, "commitment.created", commitment,
                 after={"dialogue": dialogue.pk, "owner": owner_name, "due_on": due_on})
    schedule_commitment_reminder(commitment)
    return commitment


def _complete(commitment: Commitment, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The day it was done: today by default, never in the future nor before the dialogue."""
    commitment.done_on = check_day("done_on", data.get("done_on"), not_before=commitment.dialogue.held_on)
    # Stored before the status moves: a done commitment without its date breaks a table constraint.
    commitment.save(update_fields=["done_on"])
    return {"done_on": commitment.done_on, "note": str(data.get("note") or "").strip()}


S = CommitmentStatus
FOLLOWED = frozenset(COMMITMENT_OPEN)
COMMITMENT = Lifecycle(Commitment, "status", view="reception.view", related=("dialogue__unit",), transitions=[
    Transition("progress", gettext_lazy("Report progress"), FOLLOWED, S.IN_PROGRESS, "reception.handle",
               "commitment.updated", required=("note",),
               messages={"note": gettext_lazy("Write what has been done.")}),
    Transition("complete", gettext_lazy("Mark as done"), FOLLOWED, S.DONE, "reception.handle",
               "commitment.completed", apply=_complete),
    Transition("cancel", gettext_lazy("Cancel the commitment"), FOLLOWED, S.CANCELLED, "reception.handle",
               "commitment.cancelled", required=("reason",),
               messages={"reason": gettext_lazy("Say why the commitment is cancelled.")}),
])


def commitment_progress(*, commitment_id: int, note: str, acting_user: Any) -> Commitment:
    """What has been done so far: the commitment is in progress."""
    return COMMITMENT.transition(commitment_id, "progress", acting_user=acting_user, note=note)


def commitment_complete(*, commitment_id: int, acting_user: Any, done_on: dt.date | None = None,
                        note: str = "") -> Commitment:
    return COMMITMENT.transition(commitment_id, "complete", acting_user=acting_user, done_on=done_on, note=note)


def commitment_cancel(*, commitment_id: int, reason: str, acting_user: Any) -> Commitment:
    return COMMITMENT.transition(commitment_id, "cancel", acting_user=acting_user, reason=reason)
