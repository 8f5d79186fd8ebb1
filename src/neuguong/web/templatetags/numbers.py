"""Numbers as the reader's language writes them, through Django's format files:
``{{ n|count }}`` groups thousands (3.010 in Vietnamese, 3,010 in English);
``{{ share|percent }}`` shows a percentage with two decimals (64,00 % with a no-break space, so
that the sign never wraps alone / 64.00%), and
``{{ part|percent:whole }}`` the share ``part`` is of ``whole``."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

HUNDREDTHS = Decimal("0.01")


def _decimal(value: Any) -> Decimal | None:
    """The value as a Decimal; None for what is not a number (an empty cell, a text, a boolean)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@register.filter
def count(value: Any) -> Any:
    """A whole number with the active language's thousands separator; anything else unchanged."""
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return value
    return number_format(int(number), force_grouping=True)


@register.filter
def percent(value: Any, whole: Any = None) -> Any:
    """A percentage rounded half up to two decimals. With ``whole``, ``value`` is a part of it;
    without, ``value`` is already in percent. Anything not a number (or a zero whole) unchanged."""
    number = _decimal(value)
    if whole is not None:
        total = _decimal(whole)
        number = None if number is None or not total else number * 100 / total
    if number is None:
        return value
    shown = number_format(number.quantize(HUNDREDTHS, rounding=ROUND_HALF_UP), decimal_pos=2, force_grouping=True)
    return _("%(number)s%%") % {"number": shown}
