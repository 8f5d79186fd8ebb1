"""Paper ballots: boxes, the two tellers' entries, resolution of a mismatch."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from neuguong.core.api import caller

from .. import selectors, services
from ..services.paper import compare_sheets
from .common import box_out, entry_out
from .schemas import BoxDetailOut, BoxIn, BoxOut, EntryOut, ResolveIn, SheetIn

router = Router()


@router.get("/ballots/campaigns/{campaign_id}/boxes", response=list[BoxOut])
def box_list(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(caller(request), campaign_id)
    return [box_out(line) for line in selectors.reconciliation_of(campaign).boxes]


@router.post("/ballots/campaigns/{campaign_id}/boxes", response={201: BoxOut})
def box_create(request: HttpRequest, campaign_id: int, body: BoxIn):
    box = services.box_create(campaign_id=campaign_id, name=body.name, mode=body.mode, acting_user=caller(request))
    return 201, {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": "empty"}


def _box_detail(user: Any, box_id: int) -> dict[str, Any]:
    box = selectors.box_get(user, box_id)
    entries = selectors.entries_of(box)
    result = getattr(box, "result", None)
    differences = compare_sheets(box.campaign, entries[0].data, entries[1].data) if len(entries) == 2 else []
    state = "counted" if result else ("mismatch" if differences else ("one_entry" if entries else "empty"))
    return {
        "box": {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": state},
        "entries": [entry_out(e, result is not None) for e in entries],
        "differences": [d.__dict__ for d in differences],
        "sheet": result.data if result else None,
    }


@router.get("/ballots/boxes/{box_id}", response=BoxDetailOut, summary="A box's entries side by side")
def box_detail(request: HttpRequest, box_id: int):
    return _box_detail(caller(request), box_id)


@router.post("/ballots/boxes/{box_id}/entries", response={201: EntryOut}, summary="A teller enters a box's sheet")
def entry_submit(request: HttpRequest, box_id: int, body: SheetIn):
    entry = services.paper_entry_submit(box_id=box_id, sheet=body.dict(), acting_user=caller(request))
    return 201, entry_out(entry, selectors.box_counted(box_id))


@router.post("/ballots/boxes/{box_id}/resolve", response=BoxDetailOut, summary="Adopt one of two differing entries")
def box_resolve(request: HttpRequest, box_id: int, body: ResolveIn):
    services.box_resolve(box_id=box_id, entry_id=body.entry_id, note=body.note, acting_user=caller(request))
    return _box_detail(caller(request), box_id)
