"""The public portal: submitting a petition without an account and tracking it."""

from django.http import HttpRequest
from ninja import Router

from neuguong.core.net import client_address

from .. import selectors, services
from .schemas import ErrorOut, PublicPetitionIn, PublicStatusOut, TrackIn, TrackingCodesOut

router = Router()


@router.post("/public/petitions", auth=None, response={201: TrackingCodesOut, 429: ErrorOut},
             summary="Send a petition from the public portal (no account; rate-limited per address)")
def public_submit(request: HttpRequest, body: PublicPetitionIn):
    created = services.petition_submit_online(
        unit_id=body.unit_id, kinds=body.kinds, data=body.dict(exclude={"unit_id", "kinds"}),
        client=client_address(request))
    return 201, {"tracking_codes": [p.tracking_code for p in created]}


@router.post("/public/petitions/track", auth=None, response={200: PublicStatusOut, 429: ErrorOut},
             summary="Follow a petition with its tracking code and the last 4 digits of the phone number")
def public_track(request: HttpRequest, body: TrackIn):
    petition = services.petition_track(code=body.code, phone_digits=body.phone_digits,
                                       client=client_address(request))
    return selectors.public_status(petition).__dict__
