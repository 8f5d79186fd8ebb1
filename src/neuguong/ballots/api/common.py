"""Helpers shared by the ballots API modules."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from neuguong.core.errors import ServiceError

from ..rules import label

CONFLICT_CODES = {"code_spent", "code_revoked", "code_expired", "campaign_not_open"}


def error(request: HttpRequest, exc: ServiceError, status: int) -> HttpResponse:
    from neuguong.api import api, error_body

    return api.create_response(request, error_body(exc.code, str(exc.message), exc.field_errors), status=status)


def public_refusal(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return error(request, exc, 409 if exc.code in CONFLICT_CODES else 422)


def box_out(line: Any) -> dict[str, Any]:
    box = line.box
    return {"id": box.pk, "number": box.number, "name": box.name, "mode": box.mode, "state": line.state}


def entry_out(entry: Any, agreed: bool) -> dict[str, Any]:
    return {"id": entry.pk, "box_id": entry.box_id, "teller": entry.teller.get_username(),
            "revision": entry.revision, "agreed": agreed}


def options_out(options: Any) -> list[dict[str, Any]]:
    return [{"code": o["code"], "label": label(o), "low": bool(o.get("low"))} for o in options]
