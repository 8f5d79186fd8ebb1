"""Pieces every portal service uses: the reader as an actor, refusals, clean text and rich text."""

from typing import Any

import nh3
from django.utils.text import slugify

from neuguong.accounts.models import User
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces, search_key

VIEW, WRITE, PUBLISH = "portal.write", "portal.write", "portal.publish"

# What an article's body may hold: text structure, links, tables. No script, style, frame, form,
# image or event attribute survives; links get rel="noopener noreferrer nofollow".
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "blockquote",
                "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"},
                      "ol": {"start", "type"}}
URL_SCHEMES = {"http", "https", "mailto"}


class Reader:
    """The actor of writes made by a reader of the public portal, who has no account."""

    is_authenticated = False
    is_active = False
    pk = None

    def __str__(self) -> str:
        return "portal reader"


READER = Reader()


def invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def refused(code: str, field: str, message: Any) -> ServiceError:
    return ServiceError(code, message, field_errors={field: [str(message)]})


def clean_text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def clean_html(value: Any) -> str:
    """Rich text reduced to the allowed tags and attributes (nh3, the Rust ammonia sanitiser)."""
    return nh3.clean(str(value or ""), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True).strip()


def plain_text(html: str) -> str:
    """The words of an HTML fragment, without any tag."""
    return normalize_spaces(nh3.clean(html.replace("<", " <"), tags=set()))


def words_of(*parts: str) -> str:
    """The diacritic-free words that search reads, with a space in front of each one."""
    return " " + " ".join(search_key(" ".join(parts)).split())


def slug_of(value: str, limit: int) -> str:
    return slugify(search_key(value))[:limit] or "x"


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None


def label_of(user: Any) -> str:
    return (user.get_username() if isinstance(user, User) else str(user or "system"))[:150]
