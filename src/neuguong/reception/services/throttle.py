"""Rate limits of the public portal (``core.throttle``): per client address and per target — the
phone number a petition is sent with, the tracking code being followed — so that neither many
addresses nor one address can flood a phone number or guess the digits of one code. Every
attempt counts. Settings of the same names override the limits."""

import re

from django.utils.translation import gettext_lazy as _

from neuguong.core import throttle

HOUR = 3600
TRY_AGAIN = _("Too many attempts. Try again in %(wait)s.")

SUBMIT_PER_ADDRESS = throttle.Rule(name="reception.submit.address", limit=5, window=HOUR, message=TRY_AGAIN,
                                   setting="RECEPTION_SUBMIT_LIMIT", per_address=True)
SUBMIT_PER_PHONE = throttle.Rule(name="reception.submit.phone", limit=3, window=HOUR, message=TRY_AGAIN,
                                 setting="RECEPTION_SUBMIT_PHONE_LIMIT")
TRACK_PER_ADDRESS = throttle.Rule(name="reception.track.address", limit=30, window=HOUR, message=TRY_AGAIN,
                                  setting="RECEPTION_TRACK_LIMIT", per_address=True)
TRACK_PER_CODE = throttle.Rule(name="reception.track.code", limit=10, window=HOUR, message=TRY_AGAIN,
                               setting="RECEPTION_TRACK_CODE_LIMIT")


def phone_key(phone: str) -> str:
    """One key per number however it is written: "0912 345 678", "+84 912-345-678"."""
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def submit_attempt(*, client: str, phone: str) -> None:
    """Count a petition sent from the portal; an address already refused does not count against
    the phone number."""
    throttle.hit(SUBMIT_PER_ADDRESS, client)
    if key := phone_key(phone):
        throttle.hit(SUBMIT_PER_PHONE, key)


def track_attempt(*, client: str, code: str) -> None:
    throttle.hit(TRACK_PER_ADDRESS, client)
    throttle.hit(TRACK_PER_CODE, code)
