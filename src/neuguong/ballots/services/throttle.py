"""Wrong ballot codes are limited per client address (``core.throttle``).

Every code looked up counts as an attempt; a code that exists is given back, so only wrong codes
use up the limit, and parallel guesses cannot slip past it. There is deliberately no limit per
campaign: anyone could then block a whole electorate with wrong codes, and codes are far too
long to be guessed within the address limit.
"""

from django.utils.translation import gettext_lazy as _

from neuguong.core.throttle import Rule, ThrottledError

WRONG_CODES = Rule(
    name="ballots.wrong_code.address", limit=20, window=3600, code="code_throttled", per_address=True,
    message=_("Too many wrong codes were entered from this connection. Try again in %(wait)s, "
              "or ask the counting board for help."),
)

__all__ = ["WRONG_CODES", "ThrottledError"]
