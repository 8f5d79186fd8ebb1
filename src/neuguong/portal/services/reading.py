"""Counting readers without cookies and without storing addresses.

A visitor is the keyed hash (HMAC-SHA256) of the client address (``core.net.client_address``, the
project's one reader of ``X-Forwarded-For``) and the user agent, under a key derived from the
secret key and the day. The key changes every day, so the same visitor's marks of two days cannot
be linked, and a mark cannot be turned back into an address without the secret key. A mark is
written once per article, visitor and day (a unique constraint decides, also under concurrent
requests); the first one adds one to the article's count of the day with ``F()``. Marks of past
days are deleted by the worker; only the daily counts remain. Requests from crawlers, link
previewers and monitoring tools (by their user agent) are not counted.
"""

import datetime as dt
import functools
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import ArticleViewDay, ViewerMark

BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|uptime|"
    r"curl|wget|python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|okhttp|libwww|headless|"
    r"lighthouse|scrapy|feedfetcher|rss", re.IGNORECASE)
MAX_AGENT = 400


SEEN_SECONDS = 26 * 3600  # past the day's end: the digest's key changes with the day


def is_bot(user_agent: str) -> bool:
    if len(user_agent) <= MAX_AGENT:  # the few agents most readers send are looked up once per process
        return _is_bot(user_agent)
    return _is_bot.__wrapped__(user_agent)


@functools.lru_cache(maxsize=1024)
def _is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOTS.search(user_agent) is not None


def day_key(day: dt.date) -> bytes:
    """The day's key: derived from the secret key, different every day (derived once per process and day:
    every article view of a reader needs it)."""
    return _day_key(settings.SECRET_KEY, day)


@functools.lru_cache(maxsize=4)
def _day_key(secret: str, day: dt.date) -> bytes:
    return hmac.new(secret.encode(), b"neuguong.portal.views:" + day.isoformat().encode(), hashlib.sha256).digest()


def visitor_digest(day: dt.date, client: str, user_agent: str) -> str:
    return hmac.new(day_key(day), f"{client}\n{user_agent[:MAX_AGENT]}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class View:
    """A visitor's view of an article today, as counted: the day and the visitor's keyed digest."""

    article_id: int
    day: dt.date
    digest: str

    @property
    def mark(self) -> str:
        """The cache key remembering that this view was counted (``SEEN_SECONDS``)."""
        return f"portal:seen:{self.article_id}:{self.day.isoformat()}:{self.digest}"


def reader_view(*, article_id: int, client: str, user_agent: str) -> View | None:
    """This visitor's view of the article today; None for a bot, whose views are not counted."""
    if is_bot(user_agent):
        return None
    day = timezone.localdate()
    return View(article_id=article_id, day=day, digest=visitor_digest(day, client, user_agent))


def article_view_count(*, article_id: int, client: str, user_agent: str) -> bool:
    """Count one view of the article by this visitor today; False when it was counted already, or
    when the visitor is a bot. Anonymous statistics: not an audited event."""
    view = reader_view(article_id=article_id, client=client, user_agent=user_agent)
    return view is not None and view_count(view=view)


def view_count(*, view: View) -> bool:
    """Count ``view`` unless it was counted already (False). The cache remembers today's marks so that
    a visitor's later views cost no write (and ``portal.middleware`` reads the mark with the page, in
    the same round trip); the database's unique constraint still decides when the cache has forgotten
    one (or two requests race)."""
    if not cache.add(view.mark, 1, timeout=SEEN_SECONDS):
        return False
    article_id, day, digest = view.article_id, view.day, view.digest
    try:
        with transaction.atomic():
            ViewerMark.objects.create(article_id=article_id, day=day, digest=digest)
            counted = ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1)
            if not counted:
                try:
                    with transaction.atomic():
                        ArticleViewDay.objects.create(article_id=article_id, day=day, views=1)
                except IntegrityError:  # another visitor created the day's row meanwhile
                    ArticleViewDay.objects.filter(article_id=article_id, day=day).update(views=F("views") + 1)
    except IntegrityError:  # this visitor was counted today already
        return False
    return True


def viewer_marks_forget(*, today: dt.date | None = None) -> int:
    """Delete the marks of the days before today: a day's count is final once it is over."""
    today = today or timezone.localdate()
    deleted, _ = ViewerMark.objects.filter(day__lt=today).delete()
    return deleted
