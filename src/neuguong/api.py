"""The JSON API at /api/v1/: bearer tokens (or the browser session), JSON errors with a code, a
message and field errors."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from neuguong.accounts.selectors import two_factor_required
from neuguong.accounts.services import api_token_user
from neuguong.core import idempotency
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.http import error_body, status_error
from neuguong.core.throttle import ThrottledError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with CSRF protection on writes (ninja's cookie check).

    Without a logged-in session the check is skipped so that the caller gets 401, not a CSRF error."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            message = _("The request did not carry this site's CSRF token. Reload the page and try again.")
            raise ServiceError("csrf_failed", message) from exc

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # The pages send such a session to enrolment; the API refuses it until a code is verified.
        if two_factor_required(user) and not user.is_verified():
            raise ServiceError("two_factor_required", _("Your role requires two-factor authentication. Log in "
                                                        "with your 6-digit code before using the API."))
        return user


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message", "errors"],
    "properties": {
        "code": {"type": "string", "description": "Stable error code, e.g. not_found, invalid, permission_denied"},
        "message": {"type": "string", "description": "For the user, in the language of Accept-Language"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "Messages by field name; empty unless the input was refused"},
    },
}
ERROR_RESPONSES = {
    401: "Not logged in and no valid bearer token",
    403: "Missing permission, a session write without the CSRF token, or a role that requires two-factor "
         "without a verified code",
    404: "Missing, or outside the caller's units (the two are indistinguishable)",
    409: "The record's current state does not allow this",
    422: "Invalid input; `errors` names the fields",
}


def _error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation may answer; public operations document their own beyond 422."""
    if not operation.get("security"):
        return [422]
    return [status for status in ERROR_RESPONSES if not (status == 409 and method == "get")]


IDEMPOTENCY_KEY_PARAMETER = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY_LENGTH},
    "description": (
        "A unique value (e.g. a UUID) chosen by the client for this write. A retry with the same key and "
        "the same request answers the first response again, with `Idempotent-Replayed: true`, and writes "
        "nothing; the same key with another request answers 422 `idempotency_key_reused`. A refused (4xx) "
        "or failed (5xx) request does not spend the key. Keys are kept 24 hours by default."
    ),
}


def _takes_idempotency_key(path: str, method: str) -> bool:
    return method.upper() in idempotency.MUTATING_METHODS and not path.startswith(idempotency.EXEMPT_PREFIXES)


class NeuGuongAPI(NinjaAPI):
    """Documents the shared error body and the error statuses on every operation of the schema,
    and the Idempotency-Key header on the writes that accept it (neuguong.core.middleware)."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if _takes_idempotency_key(path, method):
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
                responses = operation["responses"]
                for status in _error_statuses(method, operation):
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": ERROR_RESPONSES[status], "content": content}
        return schema


api = NeuGuongAPI(
    title="Nêu Gương API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_url="/docs",
)


STATUS_BY_CODE = {
    "bad_credentials": 401, "otp_required": 401, "csrf_failed": 403,
    "two_factor_enrolment_required": 403, "two_factor_required": 403,
}


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """403 for a missing permission, 422 for bad input, 409 for a rule the current state breaks."""
    if isinstance(exc, PermissionDeniedError):
        status = 403
    elif exc.code in STATUS_BY_CODE:
        status = STATUS_BY_CODE[exc.code]
    else:
        status = 422 if exc.field_errors or exc.code == "invalid" else 409
    return api.create_response(request, error_body(exc.code, str(exc.message), exc.field_errors), status=status)


@api.exception_handler(ThrottledError)
def throttled(request: HttpRequest, exc: ThrottledError) -> HttpResponse:
    """Too many attempts: 429, and when to try again (also in the message)."""
    response = api.create_response(request, error_body(exc.code, str(exc.message)), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("unauthenticated", _("Log in or send a valid API token."))
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Errors raised by ninja itself (an unreadable body, throttling) in the same error shape."""
    code, message = status_error(exc.status_code)
    return api.create_response(request, error_body(code, message), status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "payload")]
        errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    return api.create_response(request, error_body("invalid", _("Some fields are not valid."), errors), status=422)


def register_routers() -> None:
    from neuguong.accounts.api import router as accounts_router
    from neuguong.audit.api import router as audit_router
    from neuguong.catalogues.api import router as catalogues_router
    from neuguong.orgs.api import router as orgs_router

    api.add_router("/", "neuguong.ballots.api.router")
    api.add_router("/", accounts_router)
    api.add_router("/", orgs_router)
    api.add_router("/", audit_router)
    api.add_router("/", catalogues_router)
    api.add_router("/", "neuguong.reception.api.router")
    api.add_router("/", "neuguong.study.api.router")
    api.add_router("/", "neuguong.inspection.api.router")
    api.add_router("/", "neuguong.portal.api.router")
    api.add_router("/", "neuguong.evaluation.api.router")
    api.add_router("/", "neuguong.jobs.api.router")
    api.add_router("/", "neuguong.honours.api.router")


register_routers()
