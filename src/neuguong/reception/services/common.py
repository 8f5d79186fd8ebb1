"""Pieces every reception service uses: refusals, locked scoped reads, history entries and the
normalisation of citizens' identifiers."""

import datetime as dt
import re
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from neuguong.accounts.models import User
from neuguong.accounts.scoping import access
from neuguong.core import crypto
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import record_history
from neuguong.core.models import StateChange
from neuguong.core.text import normalize_spaces, search_key

from ..models import Petition

M = TypeVar("M", bound=Model)

CITIZEN_ID = re.compile(r"^\d{9}(\d{3})?$")
PHONE_DIGITS = re.compile(r"^\+?[\d .-]{9,20}$")


class PublicPortal:
    """The actor of writes made from the public portal: a citizen without an account."""

    is_authenticated = False
    is_active = False
    pk = None

    def __str__(self) -> str:
        return "public portal"


PUBLIC = PublicPortal()


def invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [message]})


def invalid_many(errors: dict[str, list[str]]) -> ServiceError:
    return ServiceError("invalid", _("Some fields are not valid."), field_errors=errors)


def locked(queryset: QuerySet[M], user: Any, pk: Any, *, view: str, action: str) -> M:
    """A record the user sees (else 404) and may act on (else 403), locked for this transaction.
    Only the record's own row is locked: its optional relations are outer joins, which PostgreSQL
    cannot lock."""
    return access(queryset.select_for_update(of=("self",), no_key=True), user, pk, view=view, action=action)


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def actor_label(user: Any) -> str:
    return user.get_username() if isinstance(user, User) else str(user or "system")


def history(petition: Petition, user: Any, action: str, *, note: str = "",
            details: dict[str, Any] | None = None, before: str | None = None) -> StateChange:
    """An entry of the petition's history for an event that is not a step of its lifecycle (received,
    a document attached, a note): who, what and why, in the same table as the steps. ``before``: the
    status it came from ("" for none); by default the status stays."""
    data = {**(details or {}), **({"note": note} if note else {})}
    return record_history(petition, action, acting_user=user, data=data,
                          from_state=petition.status if before is None else before, to_state=petition.status)


def shown(day: dt.date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def clean_text(value: Any) -> str:
    return normalize_spaces(str(value or ""))


def clean_citizen_id(value: Any) -> str:
    digits = re.sub(r"\s", "", str(value or ""))
    if digits and not CITIZEN_ID.match(digits):
        raise invalid("citizen_id", _("A citizen ID has 12 digits (or 9 for an old identity card)."))
    return digits


def clean_phone(value: Any, *, required: bool = False) -> str:
    phone = clean_text(value)
    if not phone:
        if required:
            raise invalid("phone", _("Enter a phone number: it is needed to follow the petition."))
        return ""
    if not PHONE_DIGITS.match(phone) or len(re.sub(r"\D", "", phone)) < 9:
        raise invalid("phone", _("Enter a phone number of 9 to 15 digits."))
    return phone


def phone_tail(phone: str, digits: int) -> str:
    return re.sub(r"\D", "", phone or "")[-digits:]


def encrypted_id(citizen_id: str) -> tuple[str, str]:
    """The encrypted value and the keyed hash stored for a citizen ID."""
    return crypto.encrypt(citizen_id), crypto.keyed_hash(citizen_id)


def person_key(name: str, address: str) -> str:
    """What "the same name and address" compares: both without case, spaces or diacritics."""
    return f"{search_key(name)}|{search_key(address)}"[:400]


def check_day(field: str, day: dt.date | None, *, not_before: dt.date | None = None) -> dt.date:
    """A date of an event: today by default, never in the future, never before ``not_before``."""
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise invalid(field, _("The date cannot be in the future."))
    if not_before is not None and day < not_before:
        raise invalid(field, _("The date cannot be before %(day)s.") % {"day": shown(not_before)})
    return day
