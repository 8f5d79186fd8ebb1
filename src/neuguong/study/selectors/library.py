"""Reads of the library of directives, scoped like the study themes: a document is read in the
subtree of the committee that keeps it and by the committees above it.

Search is insensitive to diacritics and to punctuation: the query and each document's
``search_text`` are reduced to the same lower-case ASCII words (``search_words``: "Chỉ thị
05-CT/TW" → "chi thi 05 ct tw", đ → d), and a document matches when every word of the query
begins one of its words. PostgreSQL answers with its full-text index on the stored vector
(``search_vector @@ 'chi':* & 'thi':*``); SQLite, the embedded database, with the same words
through LIKE.
"""

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Count, Exists, Func, Lookup, Model, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ValuesListIterable

from neuguong.accounts.scoping import NotFound, has_permission, unit_paths_with
from neuguong.core.text import search_key

from ..models import DocumentKind, DocumentLink, DocumentRead, DocumentVersion, LibraryDocument
from .plans import _ancestor_paths

_NOT_WORD = re.compile(r"[\W_]+")
MAX_QUERY_WORDS = 12


def search_words(value: str) -> str:
    """The diacritic-free lower-case words of ``value``, one space apart: "Quy định 55-QĐ/TW" → "quy dinh 55 qd tw"."""
    return " ".join(_NOT_WORD.sub(" ", search_key(value or "")).split())


class Words(Func):
    """Words as PostgreSQL's full-text vector (``simple`` configuration: no stemming, no stop
    words), as the services store it in ``search_vector``."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _scope_paths(user: Any) -> tuple[str, ...]:
    return tuple(unit_paths_with(user, "study.view"))


@functools.lru_cache(maxsize=256)
def _scope_condition(paths: tuple[str, ...]) -> Q:
    """The subtrees of ``paths`` and the committees above them: built once for a set of paths
    (the same on every page a user reads); the queries that use it do not change it."""
    # The committees above: each path is already in its own subtree's condition, so only the
    # strict ancestors are listed (none for a province: its condition is one LIKE).
    above = {ancestor for path in paths for ancestor in _ancestor_paths(path)[:-1]}
    above = {ancestor for ancestor in above if not any(ancestor.startswith(path) for path in paths)}
    condition = Q(unit__path__startswith=paths[0])
    for path in paths[1:]:
        condition |= Q(unit__path__startswith=path)
    return condition | Q(unit__path__in=sorted(above)) if above else condition


@SearchVectorField.register_lookup
class WordsBegin(Lookup):
    """``search_vector__words_begin="chi thi"``: each of the words begins a word of the vector
    (``search_vector @@ 'chi':* & 'thi':*``). The words are ``search_words``, which holds no
    quote or operator of the tsquery syntax; one parameter, no expression to resolve."""

    lookup_name = "words_begin"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        query = " & ".join(f"'{word}':*" for word in str(self.rhs).split())
        return f"{lhs} @@ to_tsquery('simple'::regconfig, %s)", (*params, query)


def _search_condition(q: str) -> Q | None:
    """The documents whose words begin with every word of ``q`` (None when ``q`` has no word)."""
    words = search_words(q).split()[:MAX_QUERY_WORDS]
    if not words:
        return None
    if connection.vendor == "postgresql":
        return Q(search_vector__words_begin=" ".join(words))
    return Q(*(Q(search_text__contains=f" {word}") for word in words))


def _filters(*, q: str = "", kind: str = "", issuer: str = "", year: int | None = None) -> list[Q] | None:
    """The filters and the search as conditions, for one ``filter`` (None when nothing can match)."""
    conditions = []
    if kind:
        conditions.append(Q(kind=kind))
    if issuer:
        conditions.append(Q(issuer=issuer))
    if year:
        conditions.append(Q(issued_on__year=year))
    if q.strip():
        search = _search_condition(q)
        if search is None:
            return None
        conditions.append(search)
    return conditions


NEWEST_FIRST = ("-issued_on", "-pk")


def documents_visible_to(user: Any, *, q: str = "", kind: str = "", issuer: str = "",
                         year: int | None = None) -> QuerySet[LibraryDocument]:
    """The library as the user reads it, newest first, filtered and searched."""
    paths, conditions = _scope_paths(user), _filters(q=q, kind=kind, issuer=issuer, year=year)
    if not paths or conditions is None:
        return LibraryDocument.objects.none()
    return (LibraryDocument.objects.select_related("unit").filter(_scope_condition(paths), *conditions)
            .order_by(*NEWEST_FIRST))


_KIND_LABELS = dict(DocumentKind.choices)


class LibraryRow(NamedTuple):
    """A row of the library's list page, its download and the API's list: the columns they show,
    read as a tuple. Building a model instance for each of a page's rows cost more than a third of
    the page's query (see docs/study.md "Benchmark")."""

    id: int
    unit_id: int
    number: str
    issued_on: dt.date
    issuer: str
    kind: str
    title: str
    version_count: int
    has_read: bool

    @property
    def pk(self) -> int:
        return self.id

    @property
    def kind_display(self) -> str:
        """The kind's label in the active language, as ``get_kind_display`` gives it."""
        return str(_KIND_LABELS.get(self.kind, self.kind))


ROW_FIELDS = LibraryRow._fields


class _LibraryRows(ValuesListIterable):
    """``values_list(*ROW_FIELDS)`` yielding ``LibraryRow``s (in chunks too, for ``iterator``)."""

    def __iter__(self) -> Iterator[LibraryRow]:  # type: ignore[override]
        make = LibraryRow._make
        for row in super().__iter__():
            yield make(row)


# Whether a user has read the row's document: the same condition as
# ``Exists(DocumentRead.objects.filter(document=OuterRef("pk"), user=user))``, written once as SQL
# rather than built and compiled as a subquery for every page (about half of what the ORM added
# to the library page's query, see docs/study.md "Benchmark"). Table and column names come from
# the models; the user is a parameter.
_HAS_READ_SQL = "EXISTS (SELECT 1 FROM {reads} r WHERE r.{document} = {documents}.{id} AND r.{user} = %s)"
_BOOLEAN = BooleanField()


@functools.cache
def _has_read_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    reads, documents = DocumentRead._meta, LibraryDocument._meta
    return _HAS_READ_SQL.format(
        reads=quote(reads.db_table), document=quote(reads.get_field("document").column),
        documents=quote(documents.db_table), id=quote(documents.pk.column or "id"),
        user=quote(reads.get_field("user").column))


def _has_read(user_id: int) -> RawSQL:
    return RawSQL(_has_read_sql(connection.vendor), (user_id,), output_field=_BOOLEAN)  # noqa: S611 (see above)


@functools.lru_cache(maxsize=1024)
def _listed_base(paths: tuple[str, ...], user_id: int, vendor: str) -> "QuerySet[LibraryDocument, LibraryRow]":
    """The list's rows in the subtrees of ``paths`` for the user ``user_id``, before any filter:
    built once per user and scope (as a view's ``queryset`` is once per process) and cloned by every
    page, which then neither rebuilds the scope, the read mark and the columns nor, when compiling,
    works out again the identity of each column (the ORM's fixed cost, see docs/study.md
    "Benchmark"). The queryset is never evaluated itself: ``filter``, ``all``, slicing clone it."""
    rows = (LibraryDocument.objects.filter(_scope_condition(paths)).annotate(has_read=_has_read(user_id))
            .order_by(*NEWEST_FIRST).values_list(*ROW_FIELDS))
    rows._iterable_class = _LibraryRows  # as values_list(named=True) sets its own, with our row type
    return rows  # type: ignore[return-value]


def documents_listed(user: Any, *, q: str = "", kind: str = "", issuer: str = "",
                     year: int | None = None) -> "QuerySet[LibraryDocument, LibraryRow]":
    """The list page's rows as ``LibraryRow``s, newest first, with whether the user has read each
    one: the documents of ``documents_visible_to``, with ``ROW_FIELDS`` only (the unit joined for
    the scope alone)."""
    paths, conditions = _scope_paths(user), _filters(q=q, kind=kind, issuer=issuer, year=year)
    base = _listed_base(paths, getattr(user, "pk", None) or 0, connection.vendor) if paths else None
    if base is None or conditions is None:
        return _listed_base(("/",), 0, connection.vendor).none()
    return base.filter(*conditions) if conditions else base.all()


def issuers_of(user: Any) -> list[str]:
    """The issuers of the documents the user reads, for the filter."""
    return sorted(set(documents_visible_to(user).values_list("issuer", flat=True).order_by()[:500]))


def document_get(user: Any, document_id: Any) -> LibraryDocument:
    versions = DocumentVersion.objects.select_related("uploaded_by").defer("text").order_by("-number")
    try:
        return (documents_visible_to(user).defer("search_text", "search_vector")
                .prefetch_related(Prefetch("versions", versions)).annotate(read_count=Count("reads"))
                .get(pk=document_id))
    except (LibraryDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def version_get(user: Any, version_id: Any) -> DocumentVersion:
    try:
        version = DocumentVersion.objects.defer("text").select_related("document").get(pk=version_id)
    except (DocumentVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not documents_visible_to(user).filter(pk=version.document_id).exists():
        raise NotFound()
    return version


def current_version(document: LibraryDocument) -> DocumentVersion | None:
    """The latest version of a document got with ``document_get`` (its versions prefetched, newest first)."""
    versions = list(document.versions.all())
    return versions[0] if versions else None


def has_read(user: Any, document: LibraryDocument) -> bool:
    return DocumentRead.objects.filter(document=document, user_id=getattr(user, "pk", None) or 0).exists()


def may_manage(user: Any, document: LibraryDocument) -> bool:
    return has_permission(user, "study.manage", document.unit.path)


def document_readers(user: Any, document: LibraryDocument) -> QuerySet[DocumentRead]:
    """Who has read the document, newest first: for those who manage it only (else nobody)."""
    if not may_manage(user, document):
        return DocumentRead.objects.none()
    return DocumentRead.objects.filter(document=document).select_related("user__person").order_by("-read_at", "pk")


def documents_linked_to(user: Any, target: Model) -> QuerySet[LibraryDocument]:
    """The documents the user reads that ``target`` (a plan, a meeting...) implements."""
    links = DocumentLink.objects.filter(document=OuterRef("pk"), target_type=ContentType.objects.get_for_model(target),
                                        target_id=target.pk)
    return documents_visible_to(user).filter(Exists(links)).defer("search_text", "search_vector")
