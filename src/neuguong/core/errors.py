"""Errors raised by services, with a stable code and a translated message."""

from typing import Any

from .codes import check_error


class ServiceError(Exception):
    """A rule refused the action. ``code`` is stable and registered (``neuguong.core.codes``);
    ``message`` is for the user."""

    def __init__(self, code: str, message: Any, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(str(message))
        self.code = check_error(code)
        self.message = message
        self.field_errors = field_errors or {}


class PermissionDeniedError(ServiceError):
    """The actor can see the record but lacks the permission for this action (403)."""

    def __init__(self, message: Any):
        super().__init__("permission_denied", message)
