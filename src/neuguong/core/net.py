"""The client address of a request: the one place that reads ``REMOTE_ADDR`` and
``X-Forwarded-For``.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy, the same for every citizen; each proxy in
front of the application appends the address it saw to ``X-Forwarded-For``. With
``TRUSTED_PROXIES`` = N, the N-th address from the right is the one the outermost trusted proxy
saw: the client. Everything to its left was written by the client and can be forged, so it is
never read. With N = 0 (no proxy) the header is ignored entirely.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _forwarded_client(request: HttpRequest, proxies: int) -> str | None:
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        return None  # a header too short was not written by all the trusted proxies
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client who sent ``request``, as the trusted proxies saw it."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = _forwarded_client(request, proxies) if proxies > 0 else None
    return forwarded or request.META.get("REMOTE_ADDR", "") or "unknown"


def address_key(address: str) -> str:
    """What a limit per address counts: an IPv4 address, or the /64 network of an IPv6 address,
    since one subscriber is given a whole /64 and could otherwise change address at will."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)
