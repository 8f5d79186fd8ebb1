"""The cache of the public news pages: front page, article, category, tag, unit and search pages.

A visitor's page is cached as rendered HTML under a key naming the language, the scheme and host,
the path and the parameters the page depends on (normalised: ``?page=02`` is ``page=2``, a search's
words with their spaces collapsed); anything else in the query string changes nothing on these
pages and is not in the key. ``page_key`` decides which requests have a cached page at all: the
paths of ``PAGES``, a page number of at most ``PAGE_DIGITS`` digits, a search of at most
``SEARCH_MAX_CHARS`` characters, nothing the input gate would refuse (``core.middleware.check_request``).

The entry is ``(generation, etag, html, fresh until)``. The site's *generation* is a counter every
change readers can see moves on (an article published, withdrawn, corrected, published or withdrawn
by the worker, a feedback approved, a category added), at the write and again after it commits. An
entry of an older generation is stale: moving the counter on drops every cached page at once, so a
publication shows on the next request. Reading a page is one round trip to the cache (``get_many``
of the counter and the entry: one Redis MGET; for an article, the reader's mark of the day too).
The generation is read *before* a page is rendered, so a page rendered from rows of before a commit
is stored under the generation of before the commit's second move, and never served after it. An
entry is fresh for ``PORTAL_CACHE_SECONDS`` (which bounds how old "Xem nhiều nhất" and a unit's
renamed name can be); past that, the first request to see it re-renders it while the others keep
getting it (``_refresh``: no rush of renders when a busy page ages), and it is dropped
after twice that time. Search pages are bounded: at most
``SEARCH_STORES`` new ones are stored per ``PORTAL_CACHE_SECONDS``, beyond that they are rendered
and not kept.

Visitors get the page from ``portal.middleware.PublicPageCacheMiddleware`` before the session,
authentication, locale and CSRF layers; the views use the same keys when the page was missing (or
the request came with a session cookie of a visitor who is not signed in). The cache is Django's:
Redis in production, the local memory in tests and development.
"""

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from neuguong.core.middleware import Refused, check_request

GENERATION_KEY = "portal:pages:generation"
SEARCH_MAX_CHARS = 100
SEARCH_STORES = 1000
SEARCH_STORES_KEY = "portal:pages:search-stores"
PAGE_DIGITS = 2  # pages 1 to 99 of a list are cached; deeper ones (and numbers past the end) are rare
REFRESH_SECONDS = 10  # how long one request has to re-render a page past its freshness
# After a request of this process found another re-rendering a page, the process's other requests serve
# the page for this long without asking the cache again (one round trip per process and second, not one
# per request: a burst of readers arriving as a busy page ages paid one each, which its p95 showed).
REFRESH_NOTED_SECONDS = 1.0
_refreshing: dict[str, float] = {}  # key -> until when (``_now()``) this process knows of another's refresh

# Path → the page's name and the query parameters its HTML depends on.
PAGES: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"/(?:news/)?"), "home", ()),
    (re.compile(r"/news/[0-9]{1,10}/"), "article", ()),
    (re.compile(r"/news/category/[-a-zA-Z0-9_]{1,100}/"), "category", ("page",)),
    (re.compile(r"/news/tag/[-a-zA-Z0-9_]{1,100}/"), "tag", ("page",)),
    (re.compile(r"/news/unit/[0-9]{1,10}/"), "unit", ("page",)),
    (re.compile(r"/news/search/"), "search", ("q", "page")),
]
ARTICLE_PATH = re.compile(r"/news/([0-9]{1,10})/")

Entry = tuple[int, str, bytes, float]  # generation, ETag, HTML, fresh until (time.time())


def _now() -> float:
    return time.time()


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    return _generation(value)


def _generation(value: object) -> int:
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(str(value))


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or evicted): every older entry is stale anyway
        cache.add(GENERATION_KEY, 2, timeout=None)


def changed() -> None:
    """What readers see changed: drop every cached public page now and again once the write commits
    (a page rendered meanwhile from the old rows is not kept)."""
    _refreshing.clear()
    _bump()
    transaction.on_commit(_bump)


def normalised_query(value: str) -> str:
    return " ".join(value.split())


def page_key(request: HttpRequest, language: str) -> str | None:
    """The cache key of this visitor's page, or None when the request has no cached page."""
    if settings.PORTAL_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    path = request.path_info
    found = next((page for page in PAGES if page[0].fullmatch(path)), None)
    if found is None:
        return None
    _pattern, name, parameters = found
    query_string = request.META.get("QUERY_STRING")
    if name == "article" and query_string and "sent" in request.GET:  # the page thanking for a feedback
        return None
    try:
        if query_string:  # the paths matched hold none: ASCII letters, digits, - _ /
            check_request(request)  # control characters: the input gate answers them, not the cache
        host = request.get_host()
    except (Refused, DisallowedHost):
        return None
    values = []
    for parameter in parameters:
        value = str(request.GET.get(parameter) or "")
        if parameter == "page":
            if value and not (value.isascii() and value.isdigit() and len(value) <= PAGE_DIGITS):
                return None
            value = str(int(value or 1))
        else:
            value = normalised_query(value)
            if len(value) > SEARCH_MAX_CHARS:
                return None
        values.append(f"{parameter}={value}")
    described = "\n".join(["https" if request.is_secure() else "http", host, path, *values])
    return f"portal:page:{language}:{name}:{hashlib.sha256(described.encode()).hexdigest()[:40]}"


def article_id(request: HttpRequest) -> int | None:
    match = ARTICLE_PATH.fullmatch(request.path_info)
    return int(match.group(1)) if match else None


def fetch(request: HttpRequest, key: str, *also: str) -> tuple[int, Entry | None, set[str]]:
    """In one round trip: the current generation; the page's entry if it is of that generation, or
    None when this request is to render the page (missing, stale, or past its freshness and this
    request is the first to see it so: ``_refresh``); which of the keys ``also`` are in the cache
    (the middleware asks for an article reader's mark of the day)."""
    values = cache.get_many([GENERATION_KEY, key, *also])
    current = _generation(values.get(GENERATION_KEY))
    present = {name for name in also if name in values}
    entry = values.get(key)
    if entry is None or len(entry) != 4 or entry[0] != current:
        return current, None, present
    if entry[3] < _now() and _refresh(request, key):
        return current, None, present
    return current, entry, present


def _refresh(request: HttpRequest, key: str) -> bool:
    """A page past its freshness (same generation: only "Xem nhiều nhất" and the like may have moved)
    is re-rendered by one request, the first to ask, while the others keep getting it: readers do not
    all render it at once when it ages. The request remembers it won (the middleware and then the
    view both ask); a process that saw the refresh taken answers its other requests without asking
    the cache again for ``REFRESH_NOTED_SECONDS``."""
    if getattr(request, "_portal_refresh", None) == key:
        return True
    now = _now()
    if _refreshing.get(key, 0.0) > now:
        return False
    # The lock never outlives the page's entry (kept twice its freshness): past the entry, a miss renders.
    if cache.add(f"{key}:refresh", 1, timeout=max(1, min(REFRESH_SECONDS, settings.PORTAL_CACHE_SECONDS))):
        setattr(request, "_portal_refresh", key)  # noqa: B010 (an attribute of our own on Django's request)
        return True
    if len(_refreshing) > SEARCH_STORES:  # bounded like the pages themselves
        _refreshing.clear()
    _refreshing[key] = now + REFRESH_NOTED_SECONDS
    return False


def store(key: str, current: int, content: bytes) -> Entry:
    """Fresh for ``PORTAL_CACHE_SECONDS``, kept as long again for readers while one re-renders it."""
    _refreshing.pop(key, None)
    etag = f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
    entry = (current, etag, content, _now() + settings.PORTAL_CACHE_SECONDS)
    if ":search:" in key:
        cache.add(SEARCH_STORES_KEY, 0, timeout=settings.PORTAL_CACHE_SECONDS)
        try:
            if cache.incr(SEARCH_STORES_KEY) > SEARCH_STORES:
                return entry
        except ValueError:  # the window just ended
            pass
    cache.set(key, entry, timeout=2 * settings.PORTAL_CACHE_SECONDS)
    return entry


def respond(request: HttpRequest, entry: Entry) -> HttpResponse:
    """The page, or 304 when the browser holds it already. ``no-cache``: a browser may keep the page
    but asks again each time (a publication shows at once), and gets 304 while nothing changed."""
    _generation_, etag, content, _fresh_until = entry
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(content)
        # Framed by its length: the middleware answers before ``CommonMiddleware`` would add it, and
        # without it gunicorn sends the page chunked (a copy of the page and one more write per answer).
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Cookie",))  # a signed-in user's page differs
    return response


def cached(request: HttpRequest, key: str | None, render: Callable[[], HttpResponse]) -> HttpResponse:
    """A visitor's page from the cache, or rendered and stored (only a 200 is kept)."""
    if key is None:
        return render()
    current, entry, _present = fetch(request, key)
    if entry is None:
        response = render()
        if response.status_code != 200:
            return response
        entry = store(key, current, response.content)
    return respond(request, entry)
