"""The cache of the public news pages (front page, article, category).

A page is cached as rendered HTML under a key holding the page, its arguments, the language and
the site's *generation*: a counter every change readers can see moves on (an article published,
withdrawn, corrected, published or withdrawn by the worker, a feedback approved, a category added),
at the write and again after it commits. Moving the counter on makes every cached page unreachable at once, so a
publication shows on the next request; entries of past generations expire after
``PORTAL_CACHE_SECONDS`` (which also bounds how old "Xem nhiều nhất" and the view-dependent parts
can be). The cache is Django's: Redis in production, the local memory in tests and development.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

GENERATION_KEY = "portal:pages:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or evicted): every older key is unreachable anyway
        cache.add(GENERATION_KEY, 2, timeout=None)


def changed() -> None:
    """What readers see changed: drop every cached public page now and again once the write commits
    (a page rendered meanwhile from the old rows is not kept)."""
    _bump()
    transaction.on_commit(_bump)


def key(page: str, *parts: object) -> str:
    return ":".join(["portal:page", str(generation()), get_language() or settings.LANGUAGE_CODE, page,
                     *(str(part) for part in parts)])


def hit(page_key: str) -> bytes | None:
    return cache.get(page_key) if settings.PORTAL_CACHE_SECONDS > 0 else None


def store(page_key: str, content: bytes) -> bytes:
    if settings.PORTAL_CACHE_SECONDS > 0:
        cache.set(page_key, content, timeout=settings.PORTAL_CACHE_SECONDS)
    return content


def cached(page_key: str, render: Callable[[], bytes]) -> bytes:
    """The page's HTML from the cache, or rendered and stored."""
    content = hit(page_key)
    return store(page_key, render()) if content is None else content
