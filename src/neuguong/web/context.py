"""Template context shared by every page: the chosen unit, the unit picker and the navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from neuguong.accounts.scoping import has_permission

from .units import current_unit, picker_units

NAVIGATION = [
    # (url name, label, any of these permissions)
    ("web:home", _("Overview"), ("units.view",)),
    ("orgs:unit_tree", _("Units"), ("units.view",)),
    ("orgs:people", _("People"), ("people.view",)),
    ("accounts:users", _("Accounts and roles"), ("accounts.view",)),
    ("accounts:restricted_grants", _("Restricted access"), ("accounts.view_restricted",)),
    ("audit:events", _("Audit trail"), ("audit.view",)),
    ("catalogues:index", _("Catalogues"), ("catalogues.view",)),
    ("reception:index", _("Citizen reception"), ("reception.view",)),
    ("ballots:list", _("Ballots"), ("ballots.view", "ballots.count")),  # tellers reach their campaigns too
]


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for name, label, permissions in NAVIGATION:
        if any(has_permission(request.user, permission) for permission in permissions):
            url = reverse(name)
            active = request.path == url if name == "web:home" else request.path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav_items": SimpleLazyObject(lambda: _navigation(request)),
        "current_unit": SimpleLazyObject(lambda: current_unit(request)),
        "picker_units": SimpleLazyObject(lambda: picker_units(request)),
    }
