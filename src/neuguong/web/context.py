"""Template context shared by every page: the chosen unit, the unit picker and the navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from neuguong.accounts.scoping import has_permission
from neuguong.core.modules import nav_entries

from .units import current_unit, picker_options


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The registered entries the user may open, the one of the current page marked active."""
    items = []
    for entry in nav_entries():
        if entry.shown_to is not None and not entry.shown_to(request.user):
            continue
        if any(has_permission(request.user, permission) for permission in entry.permissions):
            url = reverse(entry.url_name)
            active = request.path == url if entry.exact else request.path.startswith(url)
            items.append({"url": url, "label": entry.label, "active": active})
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: _navigation(request)),
        "current_unit": SimpleLazyObject(lambda: current_unit(request)),
        "picker_options": SimpleLazyObject(lambda: picker_options(request)),
    }
