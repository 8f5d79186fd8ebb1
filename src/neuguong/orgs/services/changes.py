"""Partial updates: a service is given only the fields the caller changes, applies them onto the
row it holds locked, and audits the fields whose values really changed. So two people changing
different fields of one record at the same time both keep their change."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from neuguong.core.errors import ServiceError


def ensure_known(changes: dict[str, Any], accepted: Iterable[str]) -> None:
    unknown = sorted(set(changes) - set(accepted))
    if unknown:
        message = _("This field cannot be changed.")
        raise ServiceError("invalid", message, field_errors={name: [message] for name in unknown})


def changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The audit values of the fields that differ between two snapshots."""
    names = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in names}, {name: after[name] for name in names}
