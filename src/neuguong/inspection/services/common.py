"""Pieces every inspection service uses: refusals, locked scoped reads, clean text."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy

from neuguong.accounts.models import User
from neuguong.accounts.scoping import access
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces
from neuguong.orgs.models import Unit, UnitStatus

M = TypeVar("M", bound=Model)
VIEW, MANAGE = "inspection.view", "inspection.manage"


def invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def refused(code: str, field: str, message: Any) -> ServiceError:
    return ServiceError(code, message, field_errors={field: [str(message)]})


def locked(queryset: QuerySet[M], user: Any, pk: Any, *, action: str = MANAGE) -> M:
    """A record the user sees (else 404) and may act on (else 403), its own row locked."""
    return access(queryset.select_for_update(of=("self",), no_key=True), user, pk, view=VIEW, action=action)


def clean_text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def clean_long_text(value: Any) -> str:
    return str(value or "").strip()


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def active_unit(user: Any, unit_id: Any, field: str = "unit_id") -> Unit:
    """A unit the user sees and holds ``inspection.manage`` on, still active."""
    unit = access(Unit.objects.all(), user, unit_id, view="units.view", action=MANAGE)
    if unit.status != UnitStatus.ACTIVE:
        raise invalid(field, gettext_lazy("This unit has ended: it takes no new record."))
    return unit
