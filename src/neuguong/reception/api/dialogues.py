"""Dialogues between leaders and the people, and the follow-up of their commitments."""

from typing import Protocol, cast

from django.http import HttpRequest
from ninja import Router

from neuguong.core.api import (
    caller,
    paged,
)

from .. import selectors, services
from .common import unit_or_none
from .schemas import (
    CommitmentIn,
    CommitmentOut,
    CompleteIn,
    DialogueDetailOut,
    DialogueIn,
    DialogueOut,
    ProgressIn,
    ReasonIn,
)

router = Router()


@router.get("/dialogues", response=list[DialogueOut], summary="Dialogues between leaders and the people")
@paged
def list_dialogues(request: HttpRequest, unit_id: int | None = None):
    return selectors.dialogues_for(caller(request), unit=unit_or_none(request, unit_id))


@router.post("/dialogues", response={201: DialogueOut}, summary="Record a dialogue")
def create_dialogue(request: HttpRequest, body: DialogueIn):
    return 201, services.dialogue_create(acting_user=caller(request), **body.dict())


class _Followed(Protocol):
    """The attribute ``get_dialogue`` sets on each commitment for ``CommitmentDetailOut`` to read."""

    history: list[selectors.FollowUp]


@router.get("/dialogues/{dialogue_id}", response=DialogueDetailOut,
            summary="A dialogue, its commitments with their follow-up and the steps the caller can take")
def get_dialogue(request: HttpRequest, dialogue_id: int):
    dialogue = selectors.dialogue_get(caller(request), dialogue_id)
    commitments = list(dialogue.commitments.all())
    follow_ups = selectors.commitment_follow_ups(commitments)
    for commitment in commitments:
        cast(_Followed, commitment).history = follow_ups[commitment.pk]  # the same object: a plain attribute
    return dialogue


@router.post("/dialogues/{dialogue_id}/commitments", response={201: CommitmentOut}, summary="Add a commitment")
def create_commitment(request: HttpRequest, dialogue_id: int, body: CommitmentIn):
    return 201, services.commitment_add(dialogue_id=dialogue_id, acting_user=caller(request), **body.dict())


@router.post("/dialogue-commitments/{commitment_id}/progress", response=CommitmentOut,
             summary="Report what has been done on a commitment: it is in progress")
def commitment_progress(request: HttpRequest, commitment_id: int, body: ProgressIn):
    return services.commitment_progress(commitment_id=commitment_id, note=body.note, acting_user=caller(request))


@router.post("/dialogue-commitments/{commitment_id}/complete", response=CommitmentOut,
             summary="Mark a commitment as done (today when no date is given)")
def commitment_complete(request: HttpRequest, commitment_id: int, body: CompleteIn):
    return services.commitment_complete(commitment_id=commitment_id, acting_user=caller(request), **body.dict())


@router.post("/dialogue-commitments/{commitment_id}/cancel", response=CommitmentOut, summary="Cancel a commitment")
def commitment_cancel(request: HttpRequest, commitment_id: int, body: ReasonIn):
    return services.commitment_cancel(commitment_id=commitment_id, reason=body.reason, acting_user=caller(request))
