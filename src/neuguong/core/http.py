"""The project's error answers outside the API's own exception handlers: the JSON error shape for
/api/ paths and the error pages for everything else."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .codes import check_error

API_PREFIX = "/api/"

# The stable code and the message of an error status, when nothing more precise is known.
STATUS_ERRORS = {
    400: ("bad_request", _("The request could not be read.")),
    403: ("permission_denied", _("You do not have permission to do this here.")),
    404: ("not_found", _("Not found.")),
    405: ("method_not_allowed", _("This method is not allowed here.")),
    413: ("too_large", _("The request is too large.")),
    429: ("throttled", _("Too many requests. Try again later.")),
    500: ("server_error", _("Something went wrong on the server. The error was logged; try again later.")),
}
OTHER_CLIENT_ERROR = ("error", _("The request could not be processed."))


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_body(code: str, message: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The API's error shape; ``code`` must be registered (``neuguong.core.codes``)."""
    return {"code": check_error(code), "message": message, "errors": errors or {}}


def status_error(status: int) -> tuple[str, str]:
    """The code and message of a bare error status (any 5xx is a server error)."""
    if status >= 500:
        status = 500
    code, message = STATUS_ERRORS.get(status, OTHER_CLIENT_ERROR)
    return code, str(message)


def api_error(status: int, *, code: str = "", message: str = "", errors: dict[str, list[str]] | None = None
              ) -> JsonResponse:
    default_code, default_message = status_error(status)
    return JsonResponse(error_body(code or default_code, message or default_message, errors), status=status)


def error_page(request: HttpRequest, status: int, context: dict[str, Any] | None = None) -> HttpResponse:
    """The error page of ``status`` (templates ``400.html``, ``413.html``, …) for the HTML side."""
    return render(request, f"{status}.html", context or {}, status=status)


def as_api_error(response: HttpResponse) -> HttpResponse:
    """An error answered by Django or ninja in HTML or plain text (an unknown path, a method not
    allowed, an uncaught exception) rewritten in the API's JSON shape; its headers, such as
    ``Allow`` or ``Retry-After``, are kept."""
    if response.status_code < 400 or response.streaming or response.get("Content-Type", "").startswith(
            "application/json"):
        return response
    code, message = status_error(response.status_code)
    response.content = json.dumps(error_body(code, message)).encode()
    response["Content-Type"] = "application/json"
    return response
