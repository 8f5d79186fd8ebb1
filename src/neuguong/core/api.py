"""Helpers shared by the apps' API routers."""

from typing import Any

from django.http import HttpRequest


def caller(request: HttpRequest) -> Any:
    """The user an API request acts for, as set by the API's authentication classes."""
    return request.auth  # type: ignore[attr-defined]
