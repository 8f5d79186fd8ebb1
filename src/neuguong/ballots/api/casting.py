"""Casting, public: the ballot a code opens, the cast itself, the published receipts. Registered
first so that the hottest route of the product is the first the URL resolver tries."""

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from neuguong.core.errors import ServiceError
from neuguong.core.net import client_address
from neuguong.core.throttle import ThrottledError

from .. import codes as code_format
from .. import selectors, services
from .common import public_refusal
from .schemas import BallotFormOut, CastIn, CodeIn, ReceiptOut

router = Router()


def _form_out(form: Any) -> dict[str, Any]:
    return {
        "campaign": form.public_id, "title": form.title, "unit": form.unit_name,
        "candidates": [{"position": c.position, "full_name": c.full_name, "post_title": c.post_title}
                       for c in form.candidates],
        "questions": [{"position": q.position, "text": q.text, "kind": q.kind, "required": q.required,
                       "options": [{"code": code, "label": text} for code, text in q.options]}
                      for q in form.questions],
    }


@router.post("/ballots/cast", auth=None, response={201: ReceiptOut, 409: dict, 422: dict, 429: dict},
             summary="Cast a ballot with a one-time code; answers a receipt number")
def ballot_cast(request: HttpRequest, body: CastIn):
    choices: dict[str, list[str]] = {}
    for answer in body.answers:
        choices.setdefault(f"{answer.candidate}.{answer.question}", []).append(answer.option)
    comments = {f"{c.candidate}.{c.question}": c.text for c in body.comments}
    try:
        cast = services.ballot_cast(campaign=body.campaign, typed_code=body.code, choices=choices, comments=comments,
                                    client=client_address(request))
    except ThrottledError:
        raise  # the API's 429 handler
    except ServiceError as exc:
        return public_refusal(request, exc)
    # Built directly (the schema above documents it): a validated response object would cost more
    # than the rest of a cast's Python work.
    return JsonResponse({"receipt": code_format.grouped(cast.receipt)}, status=201)


@router.post("/ballots/ballot", auth=None, response={200: BallotFormOut, 409: dict, 422: dict, 429: dict},
             summary="The ballot a one-time code opens")
def ballot_for_code(request: HttpRequest, body: CodeIn):
    try:
        form = services.ballot_for_code(typed_code=body.code, client=client_address(request))
    except ThrottledError:
        raise  # the API's 429 handler
    except ServiceError as exc:
        return public_refusal(request, exc)
    return 200, _form_out(form)


@router.get("/ballots/published/{public_id}/receipts", auth=None, response=list[str],
            summary="Receipts of the counted online ballots of a published campaign")
def published_receipts(request: HttpRequest, public_id: uuid.UUID):
    return [code_format.grouped(r) for r in selectors.receipts_of(selectors.published_campaign(public_id))]
