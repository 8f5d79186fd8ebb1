"""Dialogues between leaders and the people: the topic, who took part, the issues raised, and the
commitments made, each with an owner and a due date, followed up until done."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError

from ..models import COMMITMENT_OPEN, Commitment, CommitmentStatus, CommitmentUpdate, Dialogue
from .common import actor_of, check_day, clean_text, invalid, invalid_many, locked
from .intake import receiving_unit, referenced_unit

# Follow-up steps a commitment may take from each status.
COMMITMENT_STEPS: dict[str, set[str]] = {
    CommitmentStatus.OPEN: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.DONE, CommitmentStatus.CANCELLED},
    CommitmentStatus.IN_PROGRESS: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.DONE, CommitmentStatus.CANCELLED},
    CommitmentStatus.DONE: set(),
    CommitmentStatus.CANCELLED: set(),
}


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
    from .reminders import schedule_commitment_reminder

    schedule_commitment_reminder(commitment)
    return commitment


@transaction.atomic
def commitment_update(*, commitment_id: int, status: str, note: str, acting_user: Any,
                      done_on: dt.date | None = None) -> Commitment:
    """One follow-up step: progress, done (with the date) or cancelled (with the reason)."""
    commitment = locked(Commitment.objects.select_related("dialogue__unit"), acting_user, commitment_id,
                        view="reception.view", action="reception.handle")
    if status not in CommitmentStatus.values:
        raise invalid("status", _("Choose a status."))
    if commitment.status not in COMMITMENT_OPEN:
        raise ServiceError("transition_forbidden", _("A commitment that is “%(status)s” cannot change any more.")
                           % {"status": commitment.get_status_display()})
    if status not in COMMITMENT_STEPS[commitment.status]:
        raise invalid("status", _("A commitment cannot go back to “%(status)s”.")
                      % {"status": CommitmentStatus(status).label})
    note = str(note or "").strip()
    if status != CommitmentStatus.DONE and not note:
        raise invalid("note", _("Write what has been done or why."))
    before = {"status": commitment.status, "done_on": commitment.done_on}
    commitment.status = status
    if status == CommitmentStatus.DONE:
        commitment.done_on = check_day("done_on", done_on or timezone.localdate(),
                                       not_before=commitment.dialogue.held_on)
    commitment.save(update_fields=["status", "done_on"])
    CommitmentUpdate.objects.create(commitment=commitment, status=status, note=note, actor=actor_of(acting_user))
    audit.record(acting_user, "commitment.updated", commitment, before=before,
                 after={"status": status, "done_on": commitment.done_on}, note=note)
    return commitment

