"""Validation of people's identifiers, shared by forms, the API and imports."""

import re

from django.utils.translation import gettext as _

CITIZEN_ID = re.compile(r"^(\d{12}|\d{9})$")
# The longest citizen ID has 12 digits; an API client may send a few spaces around it.
CITIZEN_ID_MAX_LENGTH = 20
PHONE = re.compile(r"^(\+84|0)\d{9,10}$")


def citizen_id_error(value: str) -> str | None:
    if value and not CITIZEN_ID.match(value):
        return _("A citizen ID has 12 digits (or 9 digits for an old identity card).")
    return None


def phone_error(value: str) -> str | None:
    if value and not PHONE.match(value.replace(" ", "").replace(".", "")):
        return _("Enter a Vietnamese phone number, e.g. 0912345678.")
    return None


def normalize_phone(value: str) -> str:
    return value.replace(" ", "").replace(".", "")
